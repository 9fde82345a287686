import { run1 } from "../../autodiff/engine.js";
import { isFloat } from "../../backend/dtypes.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { convertToTensor } from "../../tensor/convert.js";
import { castTo, isSymbolic, normalizeAxes, normalizeAxis, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/reduce.js";
import { divide, exp, log, square, subtract } from "./arithmetic.js";

/** Reductions over `axis` (a number, an array of numbers, or null for all axes) with `keepdims`. */
export type Axis = number | readonly number[] | null | undefined;

function reduce(name: string, x: OpInput, axis: Axis, keepdims: boolean, cast?: (v: Value) => Value): Tensor {
  let v = toValue(x);
  if (cast) v = cast(v);
  const axes = normalizeAxes(axis, v.shape.length, name);
  return run1(name, [v], { axes, keepdims }) as Tensor;
}

/** bool sums count as int32, like NumPy. */
const boolToInt = (v: Value): Value => (v.dtype === "bool" ? castTo(v, "int32") : v);
const toFloat = (v: Value): Value => (isFloat(v.dtype) ? v : castTo(v, "float32"));

export const sum = (x: OpInput, axis: Axis = null, keepdims = false): Tensor => reduce("sum", x, axis, keepdims, boolToInt);
export const prod = (x: OpInput, axis: Axis = null, keepdims = false): Tensor => reduce("prod", x, axis, keepdims, boolToInt);
export const max = (x: OpInput, axis: Axis = null, keepdims = false): Tensor => reduce("max", x, axis, keepdims);
export const min = (x: OpInput, axis: Axis = null, keepdims = false): Tensor => reduce("min", x, axis, keepdims);
export const amax = max;
export const amin = min;
export const any = (x: OpInput, axis: Axis = null, keepdims = false): Tensor => reduce("any", x, axis, keepdims);
export const all = (x: OpInput, axis: Axis = null, keepdims = false): Tensor => reduce("all", x, axis, keepdims);

function countOf(v: Value, axes: number[], op: string): number {
  // symbolic tensors only carry shapes: the divisor of an unknown dimension does not matter
  if (isSymbolic(v)) return 1;
  let n = 1;
  for (const a of axes) {
    const d = v.shape[a];
    if (d === null || d === undefined) throw new ValueError(`${op}: cannot average over an unknown dimension (shape ${formatShape(v.shape)}).`);
    n *= d;
  }
  return n;
}

/** Arithmetic mean; integer inputs give float32. */
export function mean(x: OpInput, axis: Axis = null, keepdims = false): Tensor {
  const v = toFloat(toValue(x));
  const axes = normalizeAxes(axis, v.shape.length, "mean");
  const s = run1("sum", [v], { axes, keepdims }) as Tensor;
  return divide(s, countOf(v, axes, "mean"));
}

/** Population variance (ddof 0), like keras.ops.var. */
export function variance(x: OpInput, axis: Axis = null, keepdims = false): Tensor {
  const v = toFloat(toValue(x));
  const m = mean(v, axis, true);
  return mean(square(subtract(v, m)), axis, keepdims);
}
export { variance as var };

export function std(x: OpInput, axis: Axis = null, keepdims = false): Tensor {
  return run1("sqrt", [variance(x, axis, keepdims) as Value]) as Tensor;
}

/** log(sum(exp(x))) computed stably (the max is subtracted first). */
export function logsumexp(x: OpInput, axis: Axis = null, keepdims = false): Tensor {
  const v = toFloat(toValue(x));
  const axes = normalizeAxes(axis, v.shape.length, "logsumexp");
  const m = run1("stopGradient", [run1("max", [v], { axes, keepdims: true })]) as Tensor;
  // guard against -inf maxima (all -inf rows)
  // (a literal 0: m * 0 would be NaN for infinite m)
  const safeM = run1("where", [run1("isfinite", [m]), m, convertToTensor(0, m.dtype)]) as Tensor;
  const s = run1("sum", [exp(subtract(v, safeM)) as Value], { axes, keepdims: true }) as Tensor;
  const out = log(s);
  const res = run1("add", [out as Value, safeM]) as Tensor;
  return keepdims ? res : (run1("reshape", [res as Value], { shape: v.shape.filter((_, i) => !axes.includes(i)) }) as Tensor);
}

function argReduce(name: "argmax" | "argmin", x: OpInput, axis: number | null, keepdims: boolean): Tensor {
  let v = toValue(x);
  if (axis === null) {
    v = run1("reshape", [v], { shape: [v.shape.reduce<number | null>((a, d) => (a === null || d === null ? null : a * d), 1)] });
    const r = run1(name, [v], { axes: [0], keepdims: false }) as Tensor;
    return keepdims ? (run1("reshape", [r as Value], { shape: (toValue(x).shape as number[]).map(() => 1) }) as Tensor) : r;
  }
  const ax = normalizeAxis(axis, v.shape.length, name);
  return run1(name, [v], { axes: [ax], keepdims }) as Tensor;
}

/** Index of the maximum along `axis` (flattened when axis is null); int32. */
export const argmax = (x: OpInput, axis: number | null = null, keepdims = false): Tensor => argReduce("argmax", x, axis, keepdims);
export const argmin = (x: OpInput, axis: number | null = null, keepdims = false): Tensor => argReduce("argmin", x, axis, keepdims);
