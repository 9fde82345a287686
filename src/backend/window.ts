/**
 * The contract of the window primitives (conv and its gradients, pooling) shared by the
 * primitives' shape rules and every backend's kernels: attributes and the padding arithmetic.
 */

/** Padding of a window op: Keras's modes, or explicit `[before, after]` per spatial dim (may be negative). */
export type PaddingSpec = "valid" | "same" | readonly (readonly [number, number])[];

export interface ConvAttrs {
  strides: readonly number[];
  dilations: readonly number[];
  padding: PaddingSpec;
  groups: number;
}

export interface ConvBackpropInputAttrs {
  strides: readonly number[];
  dilations: readonly number[];
  /** Cells cropped from each end of the full scatter output `(in - 1)·s + keff` (negative = zeros added). */
  crops: readonly (readonly [number, number])[];
  groups: number;
}

export interface ConvBackpropFilterAttrs {
  strides: readonly number[];
  dilations: readonly number[];
  /** Pad before each spatial dim of x (the conv reads x at `o·s + t·d - padBefore`). */
  padBefore: readonly number[];
  kernelSize: readonly number[];
  groups: number;
}

/** The dilated ("effective") window size. */
export const effectiveSize = (k: number, dilation: number): number => (k - 1) * dilation + 1;

/** TensorFlow's padding for one dim: "same" pads `max((ceil(in/s)-1)·s + keff - in, 0)`, the extra cell at the end. */
export function padsFor(size: number, k: number, stride: number, dilation: number, padding: PaddingSpec, dim: number): [number, number] {
  if (padding === "valid") return [0, 0];
  if (padding === "same") {
    const total = Math.max((Math.ceil(size / stride) - 1) * stride + effectiveSize(k, dilation) - size, 0);
    const before = Math.floor(total / 2);
    return [before, total - before];
  }
  const p = padding[dim]!;
  return [p[0], p[1]];
}

/** Output size of a window op over one dim with explicit pads. */
export function windowOutSize(size: number, k: number, stride: number, dilation: number, before: number, after: number): number {
  return Math.max(Math.floor((size + before + after - effectiveSize(k, dilation)) / stride) + 1, 0);
}
