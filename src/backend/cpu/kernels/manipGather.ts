import { allocate } from "../../dtypes.js";
import { sizeOf } from "../../shapes.js";
import type { TensorData } from "../../types.js";
import { ValueError } from "../../../util/errors.js";
import { axisView } from "./manipLayout.js";

/**
 * Gathers and scatters of whole slices along one axis: take (NumPy's take), its adjoint
 * scatterAdd, scatterUpdate (rows replaced) and nonzero. Negative indices count from the end;
 * indices still outside the axis are an error.
 */

function wrapIndex(j: number, n: number, op: string): number {
  const k = j < 0 ? j + n : j;
  if (k < 0 || k >= n) throw new ValueError(`${op}: index ${j} is out of bounds for an axis of size ${n}.`);
  return k;
}

/** out = x[..., indices, ...] along `axis`: shape x.shape[:axis] + indices.shape + x.shape[axis+1:]. */
export function takeKernel(inputs: readonly TensorData[], attrs: { axis: number }): TensorData[] {
  const [x, ind] = inputs as [TensorData, TensorData];
  const { outer, n, inner } = axisView(x.shape, attrs.axis);
  const k = ind.values.length;
  const shape = [...x.shape.slice(0, attrs.axis), ...ind.shape, ...x.shape.slice(attrs.axis + 1)];
  const out = allocate(x.dtype, outer * k * inner);
  for (let j = 0; j < k; j++) {
    const s = wrapIndex(ind.values[j]!, n, "take");
    for (let o = 0; o < outer; o++) {
      const from = (o * n + s) * inner;
      out.set(x.values.subarray(from, from + inner), (o * k + j) * inner);
    }
  }
  return [{ values: out, shape, dtype: x.dtype }];
}

/**
 * The adjoint of take: zeros with `size` entries on `axis`, and every slice of `updates`
 * (shape pre + indices.shape + post) added at its index. Duplicates add up.
 */
export function scatterAddKernel(inputs: readonly TensorData[], attrs: { axis: number; size: number }): TensorData[] {
  const [u, ind] = inputs as [TensorData, TensorData];
  const axis = attrs.axis;
  const k = ind.values.length;
  const pre = u.shape.slice(0, axis);
  const post = u.shape.slice(axis + ind.shape.length);
  const outer = sizeOf(pre);
  const inner = sizeOf(post);
  const n = attrs.size;
  const shape = [...pre, n, ...post];
  const out = allocate(u.dtype, outer * n * inner);
  const uv = u.values;
  for (let j = 0; j < k; j++) {
    const s = wrapIndex(ind.values[j]!, n, "scatter");
    for (let o = 0; o < outer; o++) {
      const to = (o * n + s) * inner;
      const from = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i]! += uv[from + i]!;
    }
  }
  return [{ values: out, shape, dtype: u.dtype }];
}

/** A copy of x (shape [rows, ...]) with rows `indices` (1-D) replaced by `updates` (later rows win). */
export function scatterUpdateKernel(inputs: readonly TensorData[]): TensorData[] {
  const [x, ind, u] = inputs as [TensorData, TensorData, TensorData];
  const n = x.shape[0]!;
  const inner = sizeOf(x.shape.slice(1));
  const out = allocate(x.dtype, x.values.length);
  out.set(x.values);
  for (let j = 0; j < ind.values.length; j++) {
    const s = wrapIndex(ind.values[j]!, n, "scatterUpdate");
    out.set(u.values.subarray(j * inner, (j + 1) * inner), s * inner);
  }
  return [{ values: out, shape: x.shape, dtype: x.dtype }];
}

/** NumPy's nonzero: one int32 vector of coordinates per axis, in row-major order. */
export function nonzeroKernel(inputs: readonly TensorData[]): TensorData[] {
  const x = inputs[0]!;
  const rank = x.shape.length;
  const hits: number[] = [];
  for (let i = 0; i < x.values.length; i++) if (x.values[i] !== 0) hits.push(i);
  const outs = Array.from({ length: Math.max(rank, 1) }, () => new Int32Array(hits.length));
  hits.forEach((flat, h) => {
    let r = flat;
    for (let a = rank - 1; a >= 0; a--) {
      const d = x.shape[a]!;
      outs[a]![h] = r % d;
      r = Math.floor(r / d);
    }
  });
  return outs.slice(0, rank).map((values) => ({ values, shape: [hits.length], dtype: "int32" as const }));
}
