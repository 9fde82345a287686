import { allocate } from "../../dtypes.js";
import { sizeOf } from "../../shapes.js";
import type { DType, TensorData, TypedArray } from "../../types.js";

/**
 * Creation kernels: constant fills, ranges and triangular/diagonal patterns. Most take no
 * inputs; fullLike and triMask read only their input's shape (and values, for triMask).
 */

function filled(shape: readonly number[], value: number, dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  if (value !== 0) out.fill(dtype === "bool" ? (value ? 1 : 0) : value);
  return out;
}

/** A tensor of `shape` filled with `value`. */
export function fillKernel(_inputs: readonly TensorData[], attrs: { shape: readonly number[]; value: number; dtype: DType }): TensorData[] {
  return [{ values: filled(attrs.shape, attrs.value, attrs.dtype), shape: [...attrs.shape], dtype: attrs.dtype }];
}

/** A tensor shaped like the input, filled with `value`. */
export function fullLikeKernel(inputs: readonly TensorData[], attrs: { value: number; dtype: DType }): TensorData[] {
  const x = inputs[0]!;
  return [{ values: filled(x.shape, attrs.value, attrs.dtype), shape: x.shape, dtype: attrs.dtype }];
}

/** start + i * step for i < num. */
export function arangeKernel(_inputs: readonly TensorData[], attrs: { start: number; step: number; num: number; dtype: DType }): TensorData[] {
  const out = allocate(attrs.dtype, attrs.num);
  for (let i = 0; i < attrs.num; i++) out[i] = attrs.start + i * attrs.step;
  return [{ values: out, shape: [attrs.num], dtype: attrs.dtype }];
}

/** `num` evenly spaced values from start to stop (stop included when `endpoint`), like NumPy. */
export function linspaceKernel(_inputs: readonly TensorData[], attrs: { start: number; stop: number; num: number; endpoint: boolean; dtype: DType }): TensorData[] {
  const { start, stop, num, endpoint } = attrs;
  const div = endpoint ? num - 1 : num;
  const step = (stop - start) / div;
  const vals = new Float64Array(num);
  for (let i = 0; i < num; i++) vals[i] = div > 0 ? start + i * step : start;
  if (endpoint && num > 1) vals[num - 1] = stop;
  const out = allocate(attrs.dtype, num);
  for (let i = 0; i < num; i++) out[i] = attrs.dtype === "int32" ? Math.floor(vals[i]!) : vals[i]!;
  return [{ values: out, shape: [num], dtype: attrs.dtype }];
}

/** An n x m matrix with ones where j - i == k (eye) or j - i <= k (tri). */
export function bandKernel(kind: "eye" | "tri") {
  return (_inputs: readonly TensorData[], attrs: { n: number; m: number; k: number; dtype: DType }): TensorData[] => {
    const { n, m, k } = attrs;
    const out = allocate(attrs.dtype, n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) if (kind === "eye" ? j - i === k : j - i <= k) out[i * m + j] = 1;
    }
    return [{ values: out, shape: [n, m], dtype: attrs.dtype }];
  };
}

/**
 * Keeps the lower (j - i <= k) or upper (j - i >= k) triangle of the last two axes of x and
 * zeroes the rest.
 */
export function triMaskKernel(inputs: readonly TensorData[], attrs: { k: number; upper: boolean }): TensorData[] {
  const x = inputs[0]!;
  const r = x.shape.length;
  const n = x.shape[r - 2]!;
  const m = x.shape[r - 1]!;
  const out = allocate(x.dtype, x.values.length);
  const batch = n * m === 0 ? 0 : x.values.length / (n * m);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const keep = attrs.upper ? j - i >= attrs.k : j - i <= attrs.k;
        const o = (b * n + i) * m + j;
        if (keep) out[o] = x.values[o]!;
      }
    }
  }
  return [{ values: out, shape: x.shape, dtype: x.dtype }];
}
