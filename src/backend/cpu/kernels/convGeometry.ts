/**
 * Window geometry shared by the conv and pool kernels. Everything is channels_last
 * (`[batch, ...spatial, channels]`) with 1 to 3 spatial dims, lifted to exactly 3 by
 * prepending size-1 dims, so that the kernels have a fixed loop depth.
 */

/** Padding of a window op: Keras's modes, or explicit `[before, after]` per spatial dim (may be negative). */
export type PaddingSpec = "valid" | "same" | readonly (readonly [number, number])[];

/** TensorFlow's padding for one dim: "same" pads `max((ceil(in/s)-1)*s + keff - in, 0)`, the extra cell at the end. */
export function padsFor(size: number, k: number, stride: number, dilation: number, padding: PaddingSpec, dim: number): [number, number] {
  if (padding === "valid") return [0, 0];
  if (padding === "same") {
    const keff = (k - 1) * dilation + 1;
    const total = Math.max((Math.ceil(size / stride) - 1) * stride + keff - size, 0);
    const before = Math.floor(total / 2);
    return [before, total - before];
  }
  const p = padding[dim]!;
  return [p[0], p[1]];
}

/** Output size of a window op over one dim with explicit pads. */
export function windowOutSize(size: number, k: number, stride: number, dilation: number, before: number, after: number): number {
  const keff = (k - 1) * dilation + 1;
  return Math.max(Math.floor((size + before + after - keff) / stride) + 1, 0);
}

/** A window op's geometry lifted to 3 spatial dims (index 0 = depth, 1 = height, 2 = width). */
export interface Geometry3 {
  batch: number;
  /** input spatial size */
  in: [number, number, number];
  /** output spatial size */
  out: [number, number, number];
  /** window size */
  k: [number, number, number];
  stride: [number, number, number];
  dilation: [number, number, number];
  /** pad before (input index = out * stride + tap * dilation - padBefore) */
  pad: [number, number, number];
}

function lift(v: readonly number[], fill: number): [number, number, number] {
  const out: [number, number, number] = [fill, fill, fill];
  for (let i = 0; i < v.length; i++) out[3 - v.length + i] = v[i]!;
  return out;
}

/**
 * The geometry of a window op over `inSpatial`. When `outSpatial` is given (transposed
 * convolutions, gradients) it is used as is; otherwise it follows from the padding.
 */
export function geometry(
  batch: number,
  inSpatial: readonly number[],
  kSpatial: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
  padding: PaddingSpec,
  outSpatial?: readonly number[],
): Geometry3 {
  const nd = inSpatial.length;
  const pad: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < nd; i++) {
    const [b, a] = padsFor(inSpatial[i]!, kSpatial[i]!, strides[i]!, dilations[i]!, padding, i);
    pad.push(b);
    out.push(outSpatial ? outSpatial[i]! : windowOutSize(inSpatial[i]!, kSpatial[i]!, strides[i]!, dilations[i]!, b, a));
  }
  return {
    batch,
    in: lift(inSpatial, 1),
    out: lift(out, 1),
    k: lift(kSpatial, 1),
    stride: lift(strides, 1),
    dilation: lift(dilations, 1),
    pad: lift(pad, 0),
  };
}
