import { allocate } from "../../dtypes.js";
import { stridesOf } from "../../shapes.js";
import type { TensorData, TypedArray } from "../../types.js";

/**
 * Offsets into a row-major buffer of `shape` for every index over `axes` (in order),
 * i.e. the flat offsets of the sub-grid spanned by those axes.
 */
export function axisOffsets(shape: readonly number[], axes: readonly number[]): Int32Array {
  const strides = stridesOf(shape);
  let n = 1;
  for (const a of axes) n *= shape[a]!;
  const out = new Int32Array(n);
  let count = 1;
  out[0] = 0;
  // build from the last listed axis outward so the enumeration is row-major over `axes`
  for (let k = axes.length - 1; k >= 0; k--) {
    const ax = axes[k]!;
    const d = shape[ax]!;
    const s = strides[ax]!;
    // each existing entry (inner axes) is repeated for each value along ax
    for (let i = d - 1; i >= 0; i--) {
      for (let j = 0; j < count; j++) out[i * count + j] = out[j]! + i * s;
    }
    count *= d;
  }
  return out;
}

export interface TransposeAttrs {
  perm: readonly number[];
}

/** out = x.transpose(perm). */
export function transposeKernel(inputs: readonly TensorData[], attrs: TransposeAttrs): TensorData[] {
  const x = inputs[0]!;
  const perm = attrs.perm;
  const shape = perm.map((p) => x.shape[p]!);
  const out = allocate(x.dtype, x.values.length);
  const xv = x.values;
  if (perm.length === 2 && perm[0] === 1) {
    const R = x.shape[0]!;
    const C = x.shape[1]!;
    const B = 32;
    for (let r0 = 0; r0 < R; r0 += B) {
      for (let c0 = 0; c0 < C; c0 += B) {
        const r1 = Math.min(R, r0 + B);
        const c1 = Math.min(C, c0 + B);
        for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * R + r] = xv[r * C + c]!;
      }
    }
    return [{ values: out, shape, dtype: x.dtype }];
  }
  // out is enumerated row-major; its input offsets are the offsets of the permuted axes
  const offs = axisOffsets(x.shape, perm.slice(0, -1));
  const lastAxis = perm[perm.length - 1];
  if (lastAxis === undefined) {
    out.set(xv);
    return [{ values: out, shape, dtype: x.dtype }];
  }
  const inner = x.shape[lastAxis]!;
  const innerStride = stridesOf(x.shape)[lastAxis]!;
  let o = 0;
  for (let i = 0; i < offs.length; i++) {
    const base = offs[i]!;
    for (let j = 0; j < inner; j++) out[o++] = xv[base + j * innerStride]!;
  }
  return [{ values: out, shape, dtype: x.dtype }];
}

/** Reshape shares the buffer: tensors are immutable, so no copy is needed. */
export function reshapeKernel(inputs: readonly TensorData[], attrs: { shape: readonly number[] }): TensorData[] {
  const x = inputs[0]!;
  return [{ values: x.values, shape: attrs.shape, dtype: x.dtype }];
}

/** Materializes a broadcast to `shape`. */
export function broadcastToKernel(inputs: readonly TensorData[], attrs: { shape: readonly number[] }): TensorData[] {
  const x = inputs[0]!;
  const shape = attrs.shape;
  const rank = shape.length;
  const xs = [...new Array<number>(rank - x.shape.length).fill(1), ...x.shape];
  let size = 1;
  for (const d of shape) size *= d;
  const out: TypedArray = allocate(x.dtype, size);
  const own = stridesOf(xs);
  const strides = xs.map((d, i) => (d === 1 ? 0 : own[i]!));
  const idx = new Array<number>(rank).fill(0);
  let off = 0;
  const xv = x.values;
  for (let o = 0; o < size; o++) {
    out[o] = xv[off]!;
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]!++;
      off += strides[ax]!;
      if (idx[ax]! < shape[ax]!) break;
      off -= strides[ax]! * shape[ax]!;
      idx[ax] = 0;
    }
  }
  return [{ values: out, shape, dtype: x.dtype }];
}
