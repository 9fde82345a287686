import { definePrimitive, run1, type Spec } from "../../autodiff/engine.js";
import {
  effectiveSize,
  padsFor,
  windowOutSize,
  type ConvAttrs,
  type ConvBackpropFilterAttrs,
  type ConvBackpropInputAttrs,
  type PaddingSpec,
} from "../../backend/window.js";
import type { KerasTensor, SymbolicShape } from "../../tensor/kerasTensor.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import "./structural.js";

/**
 * Convolution primitives, all channels_last (`[batch, ...spatial, channels]`, 1 to 3 spatial
 * dims) with Keras's kernel layout `(...k, cin / groups, cout)`:
 *
 * - `conv(x, w)`: y[n, …o, co] = Σ x[n, …o·s + t·d − padBefore, ci] · w[…t, ci, co]
 * - `convBackpropInput(dy, w)`: its transpose (scatter), also the transposed convolution
 * - `convBackpropFilter(x, dy)`: its gradient w.r.t. the kernel
 *
 * The three are closed under differentiation: each one's gradient is written with the others.
 */

/** Padding: Keras's modes, or explicit `[before, after]` cells per spatial dim (negative crops). */
export type Padding = PaddingSpec;
export { effectiveSize };

type Dim = number | null;

/** Output size of a window op over one (possibly unknown) dim. */
export function windowOutputSize(size: Dim, k: number, stride: number, dilation: number, padding: Padding, dim: number): Dim {
  if (size === null) return null;
  if (padding === "same") return Math.ceil(size / stride);
  const [before, after] = padsFor(size, k, stride, dilation, padding, dim);
  return windowOutSize(size, k, stride, dilation, before, after);
}

/** `[before, after]` padding of x such that a conv over x has exactly `ySize` outputs. */
function exactPads(xSize: number, ySize: number, k: number, stride: number, dilation: number, before: number): [number, number] {
  return [before, (ySize - 1) * stride + effectiveSize(k, dilation) - before - xSize];
}

const spatial = (shape: readonly number[]): number[] => shape.slice(1, shape.length - 1);

definePrimitive<ConvAttrs>({
  name: "conv",
  outputSpecs: ([x, w], a) => [convOutputSpec(x!, w!, a)],
  grad: ([dy], [x, w], _outputs, a, needs) => convGrads(dy!, x!, w!, a, needs),
});

/** conv's output shape and dtype; also used by fusedConv. */
export function convOutputSpec(x: Spec, w: Spec, a: ConvAttrs): Spec {
  const nd = x.shape.length - 2;
  const out: Dim[] = [x.shape[0]!];
  for (let i = 0; i < nd; i++) out.push(windowOutputSize(x.shape[i + 1]!, w.shape[i]!, a.strides[i]!, a.dilations[i]!, a.padding, i));
  out.push(w.shape[nd + 1]!);
  return { shape: out, dtype: x.dtype };
}

/** The cotangents of conv's inputs `[x, w]` (null where `needs` says unused); also used by fusedConv. */
export function convGrads(dy: Tensor, x: Tensor, w: Tensor, a: ConvAttrs, needs: readonly boolean[]): [Tensor | null, Tensor | null] {
  const k = w.shape.slice(0, -2);
  const xs = spatial(x.shape);
  const ys = spatial(dy.shape);
  const pairs = xs.map((size, i) => {
    const before = padsFor(size, k[i]!, a.strides[i]!, a.dilations[i]!, a.padding, i)[0];
    return exactPads(size, ys[i]!, k[i]!, a.strides[i]!, a.dilations[i]!, before);
  });
  const common = { strides: a.strides, dilations: a.dilations, groups: a.groups };
  return [
    needs[0] === false ? null : run1("convBackpropInput", [dy, w], { ...common, crops: pairs }),
    needs[1] === false ? null : run1("convBackpropFilter", [x, dy], { ...common, padBefore: pairs.map((p) => p[0]), kernelSize: k }),
  ];
}

definePrimitive<ConvBackpropInputAttrs>({
  name: "convBackpropInput",
  outputSpecs: ([dy, w], a) => {
    const nd = dy!.shape.length - 2;
    const out: Dim[] = [dy!.shape[0]!];
    for (let i = 0; i < nd; i++) {
      const size = dy!.shape[i + 1]!;
      const [before, after] = a.crops[i]!;
      out.push(size === null ? null : Math.max((size - 1) * a.strides[i]! + effectiveSize(w!.shape[i]!, a.dilations[i]!) - before - after, 0));
    }
    const cinG = w!.shape[nd]!;
    out.push(cinG === null ? null : cinG * a.groups);
    return [{ shape: out, dtype: dy!.dtype }];
  },
  grad: ([g], [dy, w], _outputs, a) => {
    const common = { strides: a.strides, dilations: a.dilations, groups: a.groups };
    return [
      run1("conv", [g!, w!], { ...common, padding: a.crops }),
      run1("convBackpropFilter", [g!, dy!], { ...common, padBefore: a.crops.map((c) => c[0]), kernelSize: w!.shape.slice(0, -2) }),
    ];
  },
});

definePrimitive<ConvBackpropFilterAttrs>({
  name: "convBackpropFilter",
  outputSpecs: ([x, dy], a) => {
    const nd = x!.shape.length - 2;
    const cin = x!.shape[nd + 1]!;
    return [{ shape: [...a.kernelSize, cin === null ? null : cin / a.groups, dy!.shape[nd + 1]!], dtype: x!.dtype }];
  },
  grad: ([gw], [x, dy], _outputs, a) => {
    const xs = spatial(x!.shape);
    const ys = spatial(dy!.shape);
    const pairs = xs.map((size, i) => exactPads(size, ys[i]!, a.kernelSize[i]!, a.strides[i]!, a.dilations[i]!, a.padBefore[i]!));
    const common = { strides: a.strides, dilations: a.dilations, groups: a.groups };
    return [
      run1("convBackpropInput", [dy!, gw!], { ...common, crops: pairs }) as Tensor,
      run1("conv", [x!, gw!], { ...common, padding: pairs }) as Tensor,
    ];
  },
});

// ---------------------------------------------------------------------------------------------
// Argument handling shared by the public conv and pooling ops (keras.ops.conv, maxPool, …).

export type DataFormat = "channels_last" | "channels_first";

/** An int or a tuple of `nd` positive ints (strides, dilation rates, pool and kernel sizes). */
export function normalizeTuple(value: number | readonly number[], nd: number, what: string, op: string, min = 1): number[] {
  const list = typeof value === "number" ? new Array<number>(nd).fill(value) : [...value];
  if (list.length !== nd || list.some((v) => typeof v !== "number" || !Number.isInteger(v) || v < min)) {
    throw new ValueError(
      `${op}: \`${what}\` must be an integer >= ${min} or a list of ${nd} integers >= ${min} (one per spatial dimension), but received ${JSON.stringify(value)}.`,
    );
  }
  return list;
}

export function normalizePaddingArg(padding: unknown, op: string): "valid" | "same" {
  const p = typeof padding === "string" ? padding.toLowerCase() : padding;
  if (p !== "valid" && p !== "same") {
    throw new ValueError(`${op}: \`padding\` must be one of 'valid', 'same', but received ${typeof padding === "string" ? `'${padding}'` : String(padding)}.`);
  }
  return p;
}

export function normalizeDataFormat(dataFormat: unknown, op: string): DataFormat {
  if (dataFormat === null || dataFormat === undefined) return "channels_last";
  const f = typeof dataFormat === "string" ? dataFormat.toLowerCase() : dataFormat;
  if (f !== "channels_last" && f !== "channels_first") {
    throw new ValueError(
      `${op}: \`dataFormat\` must be 'channels_last' or 'channels_first' (or null for 'channels_last'), but received ${typeof dataFormat === "string" ? `'${dataFormat}'` : String(dataFormat)}.`,
    );
  }
  return f;
}

/** Checks that an input has 1 to 3 spatial dims; returns their number. */
export function spatialRank(shape: SymbolicShape, op: string, what = "inputs"): number {
  if (shape.length < 3 || shape.length > 5) {
    throw new ValueError(
      `${op}: \`${what}\` must have rank 3, 4 or 5 (batch, 1 to 3 spatial dims and channels), but received ${what} of shape ${formatShape(shape)} (rank ${shape.length}).`,
    );
  }
  return shape.length - 2;
}

type Val = Tensor | KerasTensor;

/** channels_first → channels_last (a no-op for channels_last). */
export function toChannelsLast(x: Val, format: DataFormat): Val {
  if (format === "channels_last") return x;
  const r = x.shape.length;
  return run1("transpose", [x], { perm: [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2), 1] });
}

/** channels_last → the requested format. */
export function fromChannelsLast(x: Val, format: DataFormat): Val {
  if (format === "channels_last") return x;
  const r = x.shape.length;
  return run1("transpose", [x], { perm: [0, r - 1, ...Array.from({ length: r - 2 }, (_, i) => i + 1)] });
}
