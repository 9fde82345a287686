import { allocate, normalizeDType } from "../../backend/dtypes.js";
import type { DType } from "../../backend/types.js";
import { checkShape } from "../../tensor/convert.js";
import { KerasTensor } from "../../tensor/kerasTensor.js";
import { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { castTo, toValue, type OpInput } from "../core/input.js";
import { add, multiply } from "./arithmetic.js";

/** Creation ops (keras.ops.zeros, ones, full, arange, eye, linspace, *Like, tri, tril, triu). */

function dt(dtype: unknown, fallback: DType, op: string): DType {
  return dtype === undefined || dtype === null ? fallback : normalizeDType(dtype, op);
}

function filled(shape: readonly number[], value: number, dtype: DType, op: string): Tensor {
  const s = checkShape(typeof shape === "number" ? [shape] : [...shape], op);
  const size = s.reduce((a, b) => a * b, 1);
  const values = allocate(dtype, size);
  if (value !== 0) values.fill(dtype === "bool" ? (value ? 1 : 0) : value);
  return new Tensor(values, s, dtype);
}

export const zeros = (shape: readonly number[] | number, dtype?: DType | string): Tensor => filled(typeof shape === "number" ? [shape] : shape, 0, dt(dtype, "float32", "zeros"), "zeros");
export const ones = (shape: readonly number[] | number, dtype?: DType | string): Tensor => filled(typeof shape === "number" ? [shape] : shape, 1, dt(dtype, "float32", "ones"), "ones");

/** full(shape, fillValue, dtype): a tensor filled with one value. */
export function full(shape: readonly number[] | number, fillValue: number | boolean, dtype?: DType | string): Tensor {
  const d = dt(dtype, typeof fillValue === "boolean" ? "bool" : "float32", "full");
  return filled(typeof shape === "number" ? [shape] : shape, Number(fillValue), d, "full");
}

/** fullLike(x, fillValue, dtype): like `x`'s shape (symbolic inputs give symbolic outputs). */
export function fullLike(x: OpInput, fillValue: number, dtype?: DType | string): Tensor {
  const v = toValue(x);
  const d = dt(dtype, v.dtype, "fullLike");
  if (v instanceof KerasTensor) return add(multiply(castTo(v, d), 0), fillValue) as Tensor;
  return filled(v.shape as number[], fillValue, d, "fullLike");
}
export const zerosLike = (x: OpInput, dtype?: DType | string): Tensor => fullLike(x, 0, dtype);
export const onesLike = (x: OpInput, dtype?: DType | string): Tensor => fullLike(x, 1, dtype);

/**
 * arange(start, stop?, step=1, dtype?): NumPy's half-open range. Integer arguments give
 * int32 (like Keras), otherwise float32.
 */
export function arange(start: number, stop?: number | null, step = 1, dtype?: DType | string): Tensor {
  let lo = start;
  let hi = stop;
  if (hi === undefined || hi === null) {
    hi = lo;
    lo = 0;
  }
  if (step === 0) throw new ValueError("arange: `step` must not be zero.");
  const allInt = Number.isInteger(lo) && Number.isInteger(hi) && Number.isInteger(step);
  const d = dt(dtype, allInt ? "int32" : "float32", "arange");
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const values = allocate(d, n);
  for (let i = 0; i < n; i++) values[i] = lo + i * step;
  return new Tensor(values, [n], d);
}

/** linspace(start, stop, num=50, endpoint=true, retstep=false, dtype?, axis=0). */
export function linspace(start: number, stop: number, num = 50, endpoint = true, retstep = false, dtype?: DType | string, axis = 0): Tensor | [Tensor, number] {
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`linspace: \`num\` must be a non-negative integer, but received ${num}.`);
  if (axis !== 0 && axis !== -1) throw new ValueError(`linspace: only axis 0 is supported for scalar endpoints, but received axis=${axis}.`);
  const d = dt(dtype, "float32", "linspace");
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : NaN;
  const values = allocate(d, num);
  for (let i = 0; i < num; i++) values[i] = div > 0 ? start + i * step : start;
  if (endpoint && num > 1) values[num - 1] = stop;
  const t = new Tensor(values, [num], d);
  return retstep ? [t, step] : t;
}

/** eye(N, M=N, k=0, dtype): ones on the k-th diagonal. */
export function eye(N: number, M?: number | null, k = 0, dtype?: DType | string): Tensor {
  const m = M ?? N;
  const d = dt(dtype, "float32", "eye");
  const out = filled([N, m], 0, d, "eye");
  for (let i = 0; i < N; i++) {
    const j = i + k;
    if (j >= 0 && j < m) out.values[i * m + j] = 1;
  }
  return out;
}

export const identity = (n: number, dtype?: DType | string): Tensor => eye(n, n, 0, dtype);

/** tri(N, M=N, k=0, dtype): ones at and below the k-th diagonal. */
export function tri(N: number, M?: number | null, k = 0, dtype?: DType | string): Tensor {
  const m = M ?? N;
  const d = dt(dtype, "float32", "tri");
  const out = filled([N, m], 0, d, "tri");
  for (let i = 0; i < N; i++) for (let j = 0; j < m; j++) if (j <= i + k) out.values[i * m + j] = 1;
  return out;
}

function triMask(x: OpInput, k: number, lower: boolean, op: string): Tensor {
  const v = toValue(x);
  if (v.shape.length < 2) throw new ValueError(`${op}: input must have at least 2 dimensions, but received rank ${v.shape.length}.`);
  const n = v.shape[v.shape.length - 2];
  const m = v.shape[v.shape.length - 1];
  if (n === null || m === null) throw new ValueError(`${op}: the last two dimensions must be known.`);
  const t = tri(n!, m!, lower ? k : k - 1, "bool");
  const mask = lower ? t : new Tensor(Uint8Array.from(t.values, (b) => 1 - b), t.shape, "bool");
  return multiply(v, castTo(mask, v.dtype)) as Tensor;
}

/** tril(x, k=0): zeroes elements above the k-th diagonal of the last two axes. */
export const tril = (x: OpInput, k = 0): Tensor => triMask(x, k, true, "tril");
/** triu(x, k=0): zeroes elements below the k-th diagonal of the last two axes. */
export const triu = (x: OpInput, k = 0): Tensor => triMask(x, k, false, "triu");
