import { run1, runPrimitive } from "../../autodiff/engine.js";
import { isFloat } from "../../backend/dtypes.js";
import type { DType } from "../../backend/types.js";
import { convertToTensor } from "../../tensor/convert.js";
import type { SymbolicShape } from "../../tensor/kerasTensor.js";
import { noteValueRead, Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape, formatValue } from "../../util/format.js";
import { binaryOperands, castTo, dtypeArg, isSymbolic, normalizeAxes, normalizeAxis, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/math.js";
import { abs, add, equal, exp, isfinite, isnan, lessEqual, log, logicalAnd, logicalOr, maximum, multiply, notEqual, subtract } from "./arithmetic.js";
import { all, sum } from "./reductions.js";
import { stopGradient, transpose } from "./shape.js";

/**
 * keras.ops math: scans (cumsum, cumprod), sorting (sort, argsort, topK), special functions
 * (erf, erfinv, logaddexp), segment reductions, quantiles and closeness tests.
 */

const asFloat = (v: Value): Value => (isFloat(v.dtype) ? v : castTo(v, "float32"));
const reshapeTo = (v: Value, shape: SymbolicShape): Value => run1("reshape", [v], { shape: [...shape] });
const sizeOfShape = (shape: SymbolicShape): number | null => shape.reduce<number | null>((n, d) => (n === null || d === null ? null : n * d), 1);
const flatten = (v: Value): Value => reshapeTo(v, [sizeOfShape(v.shape)]);

function scan(name: "cumsum" | "cumprod", x: OpInput, axis: number | null, dtype: DType | string | null): Tensor {
  let v = toValue(x);
  if (dtype !== null && dtype !== undefined) v = castTo(v, dtypeArg(dtype, name));
  else if (v.dtype === "bool") v = castTo(v, "int32");
  if (axis === null) return run1(name, [flatten(v)], { axis: 0 }) as Tensor;
  return run1(name, [v], { axis: normalizeAxis(axis, v.shape.length, name) }) as Tensor;
}

/**
 * cumsum(x, axis = null, dtype = null): running sum along `axis` (over the flattened input when
 * axis is null). Bools sum as int32. `cumsum([1, 2, 3])` → `[1, 3, 6]`.
 */
export const cumsum = (x: OpInput, axis: number | null = null, dtype: DType | string | null = null): Tensor => scan("cumsum", x, axis, dtype);

/**
 * cumprod(x, axis = null, dtype = null): running product along `axis`. `cumprod([1, 2, 3])` → `[1, 2, 6]`.
 * Its gradient divides by x (like TensorFlow's), so it is NaN where x is 0.
 */
export const cumprod = (x: OpInput, axis: number | null = null, dtype: DType | string | null = null): Tensor => scan("cumprod", x, axis, dtype);

/** The axis of a sort-like op, flattening the input when it is null. */
function sortAxis(x: OpInput, axis: number | null, op: string): [Value, number] {
  const v = toValue(x);
  if (axis === null) return [flatten(v), 0];
  if (v.shape.length === 0) throw new ValueError(`${op}: the input must have rank >= 1, but received a scalar.`);
  return [v, normalizeAxis(axis, v.shape.length, op)];
}

/** argsort(x, axis = -1): int32 indices that sort x ascending along `axis` (stable; NaNs last). */
export function argsort(x: OpInput, axis: number | null = -1): Tensor {
  const [v, ax] = sortAxis(x, axis, "argsort");
  return run1("argsort", [v], { axis: ax }) as Tensor;
}

/** sort(x, axis = -1): x sorted ascending along `axis` (NaNs last). Differentiable. */
export function sort(x: OpInput, axis: number | null = -1): Tensor {
  const [v, ax] = sortAxis(x, axis, "sort");
  const order = run1("argsort", [v], { axis: ax });
  return run1("mathTakeAlongAxis", [v, order], { axis: ax }) as Tensor;
}

/**
 * topK(x, k, sorted = true): the k largest entries along the last axis and their int32 indices,
 * `[values, indices]`, largest first (ties: the lower index first). Values are differentiable.
 */
export function topK(x: OpInput, k: number, sorted = true): [Tensor, Tensor] {
  void sorted; // the values always come sorted, which satisfies sorted = false too
  const v = toValue(x);
  if (v.shape.length === 0) throw new ValueError(`topK: the input must have rank >= 1, but received a scalar.`);
  const n = v.shape[v.shape.length - 1];
  if (!Number.isInteger(k) || k < 0) throw new ValueError(`topK: k must be a non-negative integer, but received ${formatValue(k)}.`);
  if (n !== null && n !== undefined && k > n) {
    throw new ValueError(`topK: k=${k} is larger than the last axis (${n}) of the input shape ${formatShape(v.shape)}.`);
  }
  const [values, indices] = runPrimitive("topK", [v], { k });
  return [values as Tensor, indices as Tensor];
}

/** erf(x): the error function, 2/sqrt(pi) ∫0^x exp(-t²) dt. */
export const erf = (x: OpInput): Tensor => run1("erf", [asFloat(toValue(x))]) as Tensor;

/** erfinv(x): the inverse error function on [-1, 1] (±inf at ±1, NaN outside). */
export const erfinv = (x: OpInput): Tensor => run1("erfinv", [asFloat(toValue(x))]) as Tensor;

/** logaddexp(x1, x2): log(exp(x1) + exp(x2)) without overflow. */
export function logaddexp(x1: OpInput, x2: OpInput): Tensor {
  const [a0, b0] = binaryOperands(x1, x2);
  const a = asFloat(a0);
  const b = asFloat(b0);
  const m = stopGradient(maximum(a, b));
  // a non-finite maximum (both -inf, or an inf) is not subtracted; exp/log then give the limit
  const shift = run1("where", [isfinite(m), m, convertToTensor(0, m.dtype)]);
  return add(log(add(exp(subtract(a, shift)), exp(subtract(b, shift)))), shift);
}

/** countNonzero(x, axis = null): the number of non-zero entries (int32). */
export const countNonzero = (x: OpInput, axis: number | readonly number[] | null = null): Tensor => sum(notEqual(x, 0), axis);

/** Validates segment arguments; infers numSegments from concrete ids when it is null. */
function segmentArgs(data: OpInput, segmentIds: OpInput, numSegments: number | null, op: string): [Value, Value, number | null] {
  let d = toValue(data);
  if (d.dtype === "bool") d = castTo(d, "int32");
  const ids = castTo(toValue(segmentIds), "int32");
  if (d.shape.length === 0) throw new ValueError(`${op}: data must have rank >= 1, but received a scalar.`);
  if (ids.shape.length !== 1) throw new ValueError(`${op}: segmentIds must be 1-D, but received shape ${formatShape(ids.shape)}.`);
  const [n, m] = [d.shape[0], ids.shape[0]];
  if (n !== null && m !== null && n !== m) {
    throw new ValueError(`${op}: segmentIds has ${m} entries, but data has ${n} rows (data shape ${formatShape(d.shape)}).`);
  }
  let S = numSegments;
  if (S === null || S === undefined) {
    if (isSymbolic(ids)) S = null;
    else {
      noteValueRead();
      S = Array.from((ids as Tensor).values, Number).reduce((a, b) => Math.max(a, b), -1) + 1;
    }
  } else if (!Number.isInteger(S) || S < 0) {
    throw new ValueError(`${op}: numSegments must be a non-negative integer, but received ${formatValue(S)}.`);
  }
  return [d, ids, S];
}

/**
 * segmentSum(data, segmentIds, numSegments = null, sorted = false): sums the rows of `data`
 * (first axis) that share an id. Output shape `[numSegments, ...data.shape.slice(1)]`; ids
 * outside [0, numSegments) are dropped. numSegments defaults to max(id) + 1.
 */
export function segmentSum(data: OpInput, segmentIds: OpInput, numSegments: number | null = null, sorted = false): Tensor {
  void sorted;
  const [d, ids, S] = segmentArgs(data, segmentIds, numSegments, "segmentSum");
  const idx = reshapeTo(ids, [ids.shape[0]!, ...d.shape.slice(1).map(() => 1)]);
  return run1("mathScatterAlongAxis", [d, idx], { axis: 0, size: S }) as Tensor;
}

/** segmentMax(data, segmentIds, numSegments = null, sorted = false): per-segment maximum (-inf for empty segments). */
export function segmentMax(data: OpInput, segmentIds: OpInput, numSegments: number | null = null, sorted = false): Tensor {
  void sorted;
  const [d, ids, S] = segmentArgs(data, segmentIds, numSegments, "segmentMax");
  return run1("segmentMax", [d, ids], { numSegments: S }) as Tensor;
}

/**
 * nanToNum(x, nan = 0, posinf = null, neginf = null): replaces NaN and ±inf (by default with 0
 * and the dtype's largest / lowest finite values). Integer inputs are returned unchanged.
 */
export function nanToNum(x: OpInput, nan = 0, posinf: number | null = null, neginf: number | null = null): Tensor {
  const v = toValue(x);
  if (!isFloat(v.dtype)) return v as Tensor;
  const big = v.dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const c = (n: number) => convertToTensor(n, v.dtype);
  let out = run1("where", [isnan(v), c(nan), v]);
  out = run1("where", [equal(v, Infinity), c(posinf ?? big), out]);
  return run1("where", [equal(v, -Infinity), c(neginf ?? -big), out]) as Tensor;
}

/**
 * isclose(x1, x2, rtol = 1e-5, atol = 1e-8, equalNan = false): elementwise
 * |x1 - x2| <= atol + rtol * |x2| (equal infinities are close).
 */
export function isclose(x1: OpInput, x2: OpInput, rtol = 1e-5, atol = 1e-8, equalNan = false): Tensor {
  const [a0, b0] = binaryOperands(x1, x2);
  const [a, b] = [asFloat(a0), asFloat(b0)];
  const within = lessEqual(abs(subtract(a, b)), add(multiply(abs(b), rtol), atol));
  // infinities are close only to themselves
  let close = logicalOr(equal(a, b), logicalAnd(logicalAnd(isfinite(a), isfinite(b)), within));
  if (equalNan) close = logicalOr(close, logicalAnd(isnan(a), isnan(b)));
  return close;
}

/** allclose(x1, x2, rtol = 1e-5, atol = 1e-8, equalNan = false): whether every pair is close (a bool scalar). */
export const allclose = (x1: OpInput, x2: OpInput, rtol = 1e-5, atol = 1e-8, equalNan = false): Tensor => all(isclose(x1, x2, rtol, atol, equalNan));

/** How quantile picks between the two order statistics around the exact position. */
export type QuantileMethod = "linear" | "lower" | "higher" | "midpoint" | "nearest";
const QUANTILE_METHODS: readonly QuantileMethod[] = ["linear", "lower", "higher", "midpoint", "nearest"];

/** NumPy's round (half to even), used by method "nearest". */
const roundHalfEven = (v: number): number => {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/**
 * quantile(x, q, axis = null, method = "linear", keepdims = false): the q-th quantiles
 * (q in [0, 1], a number or a list) over `axis`. With a list, the quantiles come first in
 * the output shape, like NumPy. Differentiable in x.
 */
export function quantile(x: OpInput, q: number | readonly number[] | Tensor, axis: number | readonly number[] | null = null, method: QuantileMethod = "linear", keepdims = false): Tensor {
  const v = asFloat(toValue(x));
  if (!QUANTILE_METHODS.includes(method)) {
    throw new ValueError(`quantile: unknown method ${formatValue(method)}; expected one of ${QUANTILE_METHODS.map((m) => `'${m}'`).join(", ")}.`);
  }
  const qScalar = typeof q === "number" || (q instanceof Tensor && q.shape.length === 0);
  if (q instanceof Tensor) noteValueRead();
  const qs = typeof q === "number" ? [q] : q instanceof Tensor ? Array.from(q.values, Number) : [...q];
  for (const p of qs) if (!(p >= 0 && p <= 1)) throw new ValueError(`quantile: q must be in [0, 1], but received ${p}.`);
  const rank = v.shape.length;
  const axes = normalizeAxes(axis, rank, "quantile");
  const kept = Array.from({ length: rank }, (_, i) => i).filter((i) => !axes.includes(i));
  const keptDims = kept.map((i) => v.shape[i]!);
  const N = sizeOfShape(axes.map((i) => v.shape[i]!));
  if (N === null || N === 0) throw new ValueError(`quantile: the reduced axes must be known and non-empty, but the input shape is ${formatShape(v.shape)}.`);
  // sort the reduced entries along one trailing axis
  const lanes = reshapeTo(transpose(v, [...kept, ...axes]), [...keptDims, N]);
  const last = keptDims.length;
  const sorted = run1("mathTakeAlongAxis", [lanes, run1("argsort", [lanes], { axis: last })], { axis: last });
  const lo = new Int32Array(qs.length);
  const hi = new Int32Array(qs.length);
  const frac = new Float64Array(qs.length);
  qs.forEach((p, j) => {
    const pos = p * (N - 1);
    const f = Math.floor(pos);
    const c = Math.ceil(pos);
    const r = roundHalfEven(pos);
    [lo[j], hi[j], frac[j]] = method === "linear" ? [f, c, pos - f] : method === "lower" ? [f, f, 0] : method === "higher" ? [c, c, 0] : method === "nearest" ? [r, r, 0] : [f, c, 0.5];
  });
  const pick = (ind: Int32Array) => run1("mathTakeAlongAxis", [sorted, reshapeTo(convertToTensor(ind), [...keptDims.map(() => 1), qs.length])], { axis: last });
  const below = pick(lo);
  const w = convertToTensor(frac, v.dtype);
  let out: Value = add(below, multiply(subtract(pick(hi), below), w)); // [...kept, nq]
  out = transpose(out, [last, ...kept.map((_, i) => i)]);
  const keptShape = keepdims ? v.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : keptDims;
  return reshapeTo(out, qScalar ? keptShape : [qs.length, ...keptShape]) as Tensor;
}

/** median(x, axis = null, keepdims = false): the middle value (the mean of the two middle ones for even counts). */
export const median = (x: OpInput, axis: number | readonly number[] | null = null, keepdims = false): Tensor => quantile(x, 0.5, axis, "linear", keepdims);
