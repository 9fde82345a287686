import { run1 } from "../../autodiff/engine.js";
import { isFloat, normalizeDType, upcast } from "../../backend/dtypes.js";
import type { DType } from "../../backend/types.js";
import { checkShape } from "../../tensor/convert.js";
import { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { castTo, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/creation.js";
import { add, divide, multiply, subtract } from "./arithmetic.js";
import { broadcastTo, reshape } from "./shape.js";

/**
 * Creation ops (keras.ops.zeros, ones, full, arange, eye, identity, linspace, zerosLike,
 * onesLike, fullLike, tri, tril, triu). Default dtype float32 (Keras's floatx), except where
 * Keras infers one from the arguments (arange of integers is int32).
 */

type DTypeArg = DType | string | null;

function dtypeOr(dtype: DTypeArg | undefined, fallback: DType, op: string): DType {
  return dtype === undefined || dtype === null ? fallback : normalizeDType(dtype, op);
}

function shapeArg(shape: readonly number[] | number, op: string): number[] {
  return checkShape(typeof shape === "number" ? [shape] : [...shape], op);
}

function count(n: number, name: string, op: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new ValueError(`${op}: \`${name}\` must be a non-negative integer, but received ${String(n)}.`);
  return n;
}

function offset(k: number, op: string): number {
  if (!Number.isInteger(k)) throw new ValueError(`${op}: \`k\` must be an integer, but received ${String(k)}.`);
  return k;
}

/**
 * full(shape, fillValue, dtype=float32): a tensor filled with one value.
 * `ops.full([2], 7)` → [7, 7].
 */
export function full(shape: readonly number[] | number, fillValue: number | boolean, dtype?: DTypeArg): Tensor {
  return filled(shape, Number(fillValue), dtype, "full");
}

function filled(shape: readonly number[] | number, value: number, dtype: DTypeArg | undefined, op: string): Tensor {
  return run1("fill", [], { shape: shapeArg(shape, op), value, dtype: dtypeOr(dtype, "float32", op) });
}

/** zeros(shape, dtype=float32). */
export const zeros = (shape: readonly number[] | number, dtype?: DTypeArg): Tensor => filled(shape, 0, dtype, "zeros");
/** ones(shape, dtype=float32). */
export const ones = (shape: readonly number[] | number, dtype?: DTypeArg): Tensor => filled(shape, 1, dtype, "ones");

/**
 * fullLike(x, fillValue, dtype=x.dtype): a tensor with x's shape filled with `fillValue`.
 * On a KerasTensor it returns a KerasTensor of the same (symbolic) shape.
 */
export function fullLike(x: OpInput, fillValue: number | boolean, dtype?: DTypeArg): Tensor {
  const v = toValue(x);
  const d = dtypeOr(dtype, v.dtype, "fullLike");
  return run1("fullLike", [v], { value: Number(fillValue), dtype: d }) as Tensor;
}
/** zerosLike(x, dtype=x.dtype). */
export const zerosLike = (x: OpInput, dtype?: DTypeArg): Tensor => fullLike(x, 0, dtype);
/** onesLike(x, dtype=x.dtype). */
export const onesLike = (x: OpInput, dtype?: DTypeArg): Tensor => fullLike(x, 1, dtype);

/**
 * arange(start, stop?, step=1, dtype?): NumPy's half-open range [start, stop). With one
 * argument the range is [0, start). Integer arguments give int32 (like Keras), others float32.
 * `ops.arange(1, 2, 0.25)` → [1, 1.25, 1.5, 1.75].
 */
export function arange(start: number, stop?: number | null, step: number | null = 1, dtype?: DTypeArg): Tensor {
  let lo = start;
  let hi = stop;
  if (hi === undefined || hi === null) {
    hi = lo;
    lo = 0;
  }
  const st = step ?? 1;
  for (const [name, val] of [["start", lo], ["stop", hi], ["step", st]] as const) {
    if (typeof val !== "number" || !Number.isFinite(val)) throw new ValueError(`arange: \`${name}\` must be a finite number, but received ${String(val)}.`);
  }
  if (st === 0) throw new ValueError("arange: `step` must not be zero.");
  const allInt = Number.isInteger(lo) && Number.isInteger(hi) && Number.isInteger(st);
  const d = dtypeOr(dtype, allInt ? "int32" : "float32", "arange");
  const num = Math.max(0, Math.ceil((hi - lo) / st));
  return run1("arange", [], { start: lo, step: st, num, dtype: d });
}

/**
 * linspace(start, stop, num=50, endpoint=true, retstep=false, dtype=float32, axis=0): `num`
 * evenly spaced samples over [start, stop] (stop excluded when `endpoint` is false). `start` and
 * `stop` may be tensors: the samples then run along `axis` of the broadcast shape. With
 * `retstep` the result is `[samples, step]`.
 * `ops.linspace(2, 3, 5)` → [2, 2.25, 2.5, 2.75, 3].
 */
export function linspace(start: OpInput, stop: OpInput, num = 50, endpoint = true, retstep = false, dtype?: DTypeArg, axis = 0): Tensor | [Tensor, number | Tensor] {
  count(num, "num", "linspace");
  const div = endpoint ? num - 1 : num;
  if (typeof start === "number" && typeof stop === "number") {
    if (axis !== 0 && axis !== -1) throw new ValueError(`linspace: axis ${axis} is out of bounds for a result of rank 1 (valid axes are -1 to 0).`);
    const d = dtypeOr(dtype, "float32", "linspace");
    const out = run1("linspace", [], { start, stop, num, endpoint, dtype: d });
    return retstep ? [out, div > 0 ? (stop - start) / div : NaN] : out;
  }
  let s = toValue(start);
  let e = toValue(stop);
  const ft = upcast(upcast(s.dtype, e.dtype), "float32");
  const d = dtypeOr(dtype, isFloat(ft) ? ft : "float32", "linspace");
  s = castTo(s, ft);
  e = castTo(e, ft);
  const rank = Math.max(s.shape.length, e.shape.length);
  const ax = axis < 0 ? axis + rank + 1 : axis;
  if (!Number.isInteger(axis) || ax < 0 || ax > rank) {
    throw new ValueError(`linspace: axis ${axis} is out of bounds for a result of rank ${rank + 1} (valid axes are ${-rank - 1} to ${rank}).`);
  }
  const step = divide(subtract(e, s), div > 0 ? div : NaN);
  const i = reshape(castTo(arange(num), ft), [num, ...Array.from({ length: rank }, () => 1)]);
  let out: Value = add(s, multiply(i, step));
  if (endpoint && num > 1) {
    // the last sample is exactly `stop`, as in NumPy
    const isLast = new Uint8Array(num);
    isLast[num - 1] = 1;
    const mask = new Tensor(isLast, [num, ...Array.from({ length: rank }, () => 1)], "bool");
    out = run1("where", [mask, e, out]);
  }
  if (ax !== 0) {
    const perm = Array.from({ length: rank + 1 }, (_, k) => k).slice(1);
    perm.splice(ax, 0, 0);
    out = run1("transpose", [out], { perm });
  }
  const result = castTo(out, d) as Tensor;
  return retstep ? [result, step] : result;
}

/**
 * eye(N, M=N, k=0, dtype=float32): an N x M matrix with ones on the k-th diagonal
 * (k > 0 above the main diagonal). `ops.eye(2, 3, 1)` → [[0, 1, 0], [0, 0, 1]].
 */
export function eye(N: number, M?: number | null, k = 0, dtype?: DTypeArg): Tensor {
  const n = count(N, "N", "eye");
  const m = M === undefined || M === null ? n : count(M, "M", "eye");
  return run1("eye", [], { n, m, k: offset(k, "eye"), dtype: dtypeOr(dtype, "float32", "eye") });
}

/** identity(n, dtype=float32): the n x n identity matrix. */
export const identity = (n: number, dtype?: DTypeArg): Tensor => eye(n, n, 0, dtype);

/**
 * tri(N, M=N, k=0, dtype=float32): ones at and below the k-th diagonal.
 * `ops.tri(3)` → [[1, 0, 0], [1, 1, 0], [1, 1, 1]].
 */
export function tri(N: number, M?: number | null, k = 0, dtype?: DTypeArg): Tensor {
  const n = count(N, "N", "tri");
  const m = M === undefined || M === null ? n : count(M, "M", "tri");
  return run1("tri", [], { n, m, k: offset(k, "tri"), dtype: dtypeOr(dtype, "float32", "tri") });
}

function triMask(x: OpInput, k: number, upper: boolean, op: string): Tensor {
  let v = toValue(x);
  offset(k, op);
  if (v.shape.length === 0) throw new ValueError(`${op}: the input must have at least 1 dimension, but received a scalar.`);
  if (v.shape.length === 1) {
    // NumPy treats a vector as the rows of a square matrix
    const n = v.shape[0]!;
    if (n === null) throw new ValueError(`${op}: a 1-D input needs a known length, but received shape (None,).`);
    v = broadcastTo(v, [n, n]) as Value;
  }
  return run1("triMask", [v], { k, upper }) as Tensor;
}

/** tril(x, k=0): zeroes the elements above the k-th diagonal of the last two axes. */
export const tril = (x: OpInput, k = 0): Tensor => triMask(x, k, false, "tril");
/** triu(x, k=0): zeroes the elements below the k-th diagonal of the last two axes. */
export const triu = (x: OpInput, k = 0): Tensor => triMask(x, k, true, "triu");
