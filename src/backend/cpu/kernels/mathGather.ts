import { allocate } from "../../dtypes.js";
import { stridesOf } from "../../shapes.js";
import type { TensorData } from "../../types.js";

/** Strides of `shape` read at the positions of `outShape` (0 on axes where `shape` has size 1). */
function readStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  return shape.map((d, i) => (d === 1 && outShape[i] !== 1 ? 0 : own[i]!));
}

/**
 * Visits every position of `shape` in row-major order, passing the flat offsets of each
 * operand (one stride list per operand).
 */
function forEachPosition(shape: readonly number[], strides: readonly number[][], visit: (offsets: number[]) => void): void {
  const rank = shape.length;
  let size = 1;
  for (const d of shape) size *= d;
  if (size === 0) return;
  const idx = new Array<number>(rank).fill(0);
  const offs = strides.map(() => 0);
  for (let o = 0; o < size; o++) {
    visit(offs);
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]!++;
      for (let s = 0; s < strides.length; s++) offs[s]! += strides[s]![ax]!;
      if (idx[ax]! < shape[ax]!) break;
      for (let s = 0; s < strides.length; s++) offs[s]! -= strides[s]![ax]! * shape[ax]!;
      idx[ax] = 0;
    }
  }
}

/** The shape where `a` and `b` (same rank) broadcast on every axis except `axis`, which is `axisSize`. */
function broadcastExcept(a: readonly number[], b: readonly number[], axis: number, axisSize: number): number[] {
  return a.map((d, i) => (i === axis ? axisSize : d === 1 ? b[i]! : d));
}

/**
 * out[..., j, ...] = x[..., indices[..., j, ...], ...] along `axis` (NumPy's take_along_axis,
 * with size-1 axes broadcasting). Out-of-range indices read 0 (the adjoint of the scatter,
 * which drops them).
 */
export function takeAlongAxisKernel(inputs: readonly TensorData[], attrs: { axis: number }): TensorData[] {
  const [x, ind] = inputs as [TensorData, TensorData];
  const axis = attrs.axis;
  const shape = broadcastExcept(x.shape, ind.shape, axis, ind.shape[axis]!);
  const out = allocate(x.dtype, shape.reduce((p, d) => p * d, 1));
  const xs = readStrides(x.shape, shape);
  const axisStride = stridesOf(x.shape)[axis]!;
  xs[axis] = 0;
  const n = x.shape[axis]!;
  const xv = x.values;
  const iv = ind.values;
  let o = 0;
  forEachPosition(shape, [xs, readStrides(ind.shape, shape)], ([xo, io]) => {
    const j = iv[io!]!;
    out[o++] = j >= 0 && j < n ? xv[xo! + j * axisStride]! : 0;
  });
  return [{ values: out, shape, dtype: x.dtype }];
}

/**
 * Scatter-add along `axis`: out has `size` entries on `axis`, and
 * out[..., indices[..., j, ...], ...] += updates[..., j, ...]. Out-of-range indices are dropped.
 */
export function scatterAlongAxisKernel(inputs: readonly TensorData[], attrs: { axis: number; size: number }): TensorData[] {
  const [upd, ind] = inputs as [TensorData, TensorData];
  const axis = attrs.axis;
  const iterShape = broadcastExcept(upd.shape, ind.shape, axis, upd.shape[axis]!);
  const shape = iterShape.map((d, i) => (i === axis ? attrs.size : d));
  const out = allocate(upd.dtype, shape.reduce((p, d) => p * d, 1));
  const os = stridesOf(shape);
  const axisStride = os[axis]!;
  const outStrides = os.map((s, i) => (i === axis ? 0 : s));
  const uv = upd.values;
  const iv = ind.values;
  forEachPosition(iterShape, [readStrides(upd.shape, iterShape), readStrides(ind.shape, iterShape), outStrides], ([uo, io, oo]) => {
    const j = iv[io!]!;
    if (j >= 0 && j < attrs.size) out[oo! + j * axisStride]! += uv[uo!]!;
  });
  return [{ values: out, shape, dtype: upd.dtype }];
}

/**
 * Maximum of the rows of `data` (first axis) that share a segment id. Empty segments hold the
 * dtype's lowest value (-inf for floats); ids outside [0, numSegments) are dropped.
 */
export function segmentMaxKernel(inputs: readonly TensorData[], attrs: { numSegments: number }): TensorData[] {
  const [data, ids] = inputs as [TensorData, TensorData];
  const n = data.shape[0]!;
  const row = n === 0 ? data.shape.slice(1).reduce((p, d) => p * d, 1) : data.values.length / n;
  const S = attrs.numSegments;
  const out = allocate(data.dtype, S * row);
  out.fill(data.dtype === "int32" ? -2147483648 : data.dtype === "bool" ? 0 : -Infinity);
  const dv = data.values;
  for (let i = 0; i < n; i++) {
    const s = ids.values[i]!;
    if (s < 0 || s >= S) continue;
    for (let j = 0; j < row; j++) {
      const v = dv[i * row + j]!;
      const cur = out[s * row + j]!;
      if (v > cur || v !== v) out[s * row + j] = cur !== cur ? cur : v;
    }
  }
  return [{ values: out, shape: [S, ...data.shape.slice(1)], dtype: data.dtype }];
}
