import { allocate } from "../../dtypes.js";
import type { TensorData, TypedArray } from "../../types.js";
import { splitAxis } from "./mathScan.js";

/**
 * Orders the positions `0..n-1` of one lane (values at `base + j * stride`), stably.
 * NaN counts as larger than every number (NumPy puts NaNs last in an ascending sort).
 */
function orderLane(xv: TypedArray, base: number, stride: number, n: number, descending: boolean): number[] {
  const order = Array.from({ length: n }, (_, j) => j);
  const key = (j: number): number => xv[base + j * stride]!;
  order.sort((a, b) => {
    const va = key(a);
    const vb = key(b);
    const na = va !== va;
    const nb = vb !== vb;
    let c: number;
    if (na || nb) c = na === nb ? 0 : na ? 1 : -1;
    else c = va < vb ? -1 : va > vb ? 1 : 0;
    if (descending) c = -c;
    return c !== 0 ? c : a - b; // ties keep their original order
  });
  return order;
}

export interface ArgsortAttrs {
  axis: number;
  descending?: boolean;
}

/** Indices that sort `x` along `axis` (stable), as int32. */
export function argsortKernel(inputs: readonly TensorData[], attrs: ArgsortAttrs): TensorData[] {
  const x = inputs[0]!;
  const [outer, n, inner] = splitAxis(x.shape, attrs.axis);
  const out = new Int32Array(x.values.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      const order = orderLane(x.values, base, inner, n, !!attrs.descending);
      for (let k = 0; k < n; k++) out[base + k * inner] = order[k]!;
    }
  }
  return [{ values: out, shape: x.shape, dtype: "int32" }];
}

/** The `k` largest entries along the last axis and their indices (largest first; ties: lower index first). */
export function topKKernel(inputs: readonly TensorData[], attrs: { k: number }): TensorData[] {
  const x = inputs[0]!;
  const rank = x.shape.length;
  const n = x.shape[rank - 1]!;
  const rows = n === 0 ? 0 : x.values.length / n;
  const k = attrs.k;
  const shape = [...x.shape.slice(0, -1), k];
  const values = allocate(x.dtype, rows * k);
  const indices = new Int32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const order = orderLane(x.values, r * n, 1, n, true);
    for (let j = 0; j < k; j++) {
      indices[r * k + j] = order[j]!;
      values[r * k + j] = x.values[r * n + order[j]!]!;
    }
  }
  return [
    { values, shape, dtype: x.dtype },
    { values: indices, shape, dtype: "int32" },
  ];
}
