import { run1 } from "../../autodiff/engine.js";
import { isFloat } from "../../backend/dtypes.js";
import { convertToTensor } from "../../tensor/convert.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { castTo, normalizeAxes, normalizeAxis, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/elementwise.js";
import "../primitives/reduce.js";
import "../primitives/structural.js";
import {
  abs,
  add,
  divide,
  exp,
  expm1,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  log1p,
  maximum,
  minimum,
  multiply,
  negative,
  sqrt,
  square,
  subtract,
  tanh,
} from "../numpy/arithmetic.js";

/**
 * keras.ops activations (keras/src/ops/nn.py), composed from primitives so that gradients and
 * symbolic shapes come for free. Integer and bool inputs become float32 (relu keeps its dtype).
 */

/** Floats stay, ints and bools become float32. */
const asFloat = (x: OpInput): Value => {
  const v = toValue(x);
  return isFloat(v.dtype) ? v : castTo(v, "float32");
};

/** A scalar constant of x's dtype. */
const constant = (value: number, like: Value): Tensor => convertToTensor(value, like.dtype);

/** where(cond, a, b) on values of one dtype (numbers adopt `like`'s dtype). */
const where = (cond: Value, a: Value | number, b: Value | number, like: Value): Tensor =>
  run1("where", [cond, typeof a === "number" ? constant(a, like) : a, typeof b === "number" ? constant(b, like) : b]) as Tensor;

const sumKeep = (x: Value, axes: number[]): Tensor => run1("sum", [x], { axes, keepdims: true }) as Tensor;

/**
 * relu(x) = max(x, 0).
 * @example ops.relu([-1, 0, 1, 0.2]) // [0, 0, 1, 0.2]
 */
export function relu(x: OpInput): Tensor {
  const v = toValue(x);
  return run1("relu", [v.dtype === "bool" ? castTo(v, "int32") : v]) as Tensor;
}

/**
 * relu6(x) = min(max(x, 0), 6).
 * @example ops.relu6([-3, 0.1, 8]) // [0, 0.1, 6]
 */
export function relu6(x: OpInput): Tensor {
  return minimum(relu(x), 6);
}

/**
 * sigmoid(x) = 1 / (1 + exp(-x)), stable for large |x|.
 * @example ops.sigmoid([0]) // [0.5]
 */
export function sigmoid(x: OpInput): Tensor {
  return run1("sigmoid", [asFloat(x)]) as Tensor;
}

/** sparseSigmoid(x): 0 for x <= -1, (x + 1) / 2 for -1 < x < 1, 1 for x >= 1. */
export function sparseSigmoid(x: OpInput): Tensor {
  const v = asFloat(x);
  return where(lessEqual(v, -1), 0, where(greaterEqual(v, 1), 1, multiply(add(v, 1), 0.5), v), v);
}

/**
 * softplus(x) = log(1 + exp(x)), computed as x + log1p(exp(-x)) for x > 0 and log1p(exp(x))
 * otherwise, so that it is finite and exact for large |x| (softplus(1000) = 1000,
 * softplus(-1000) = 0) and its gradient is sigmoid(x) everywhere, 0.5 at x = 0 included.
 */
export function softplus(x: OpInput): Tensor {
  const v = asFloat(x);
  const pos = greater(v, 0);
  // each branch sees only the inputs it is used for, so neither overflows (nor do its gradients)
  const xPos = where(pos, v, 0, v);
  const xNeg = where(pos, 0, v, v);
  return where(pos, add(xPos, log1p(exp(negative(xPos)))), log1p(exp(xNeg)), v);
}

/** softsign(x) = x / (|x| + 1). */
export function softsign(x: OpInput): Tensor {
  const v = asFloat(x);
  return divide(v, add(abs(v), 1));
}

/** silu(x) = x * sigmoid(x) (also called swish). */
export function silu(x: OpInput): Tensor {
  const v = asFloat(x);
  return multiply(v, sigmoid(v));
}
export const swish = silu;

/** logSigmoid(x) = log(sigmoid(x)) = -softplus(-x), stable for large |x|. */
export function logSigmoid(x: OpInput): Tensor {
  return negative(softplus(negative(asFloat(x))));
}

/** leakyRelu(x, negativeSlope = 0.2): x for x >= 0, negativeSlope * x otherwise. */
export function leakyRelu(x: OpInput, negativeSlope = 0.2): Tensor {
  const v = asFloat(x);
  return where(greaterEqual(v, 0), v, multiply(v, negativeSlope), v);
}

/** hardSigmoid(x) = relu6(x + 3) / 6 (Keras 3; Keras 2's slope 0.2 lives in keras.activations). */
export function hardSigmoid(x: OpInput): Tensor {
  return divide(relu6(add(asFloat(x), 3)), 6);
}

/** hardSilu(x) = x * hardSigmoid(x) (also called hardSwish). */
export function hardSilu(x: OpInput): Tensor {
  const v = asFloat(x);
  return multiply(v, hardSigmoid(v));
}
export const hardSwish = hardSilu;

/** alpha * expm1(x) for x <= 0 and x otherwise; the inner where keeps gradients finite for large x. */
function eluCore(v: Value, alpha: number): Tensor {
  const pos = greater(v, 0);
  const safe = where(pos, 0, v, v);
  return where(pos, v, multiply(expm1(safe), alpha), v);
}

/** elu(x, alpha = 1.0): x for x > 0, alpha * (exp(x) - 1) otherwise. */
export function elu(x: OpInput, alpha = 1.0): Tensor {
  return eluCore(asFloat(x), alpha);
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** selu(x) = scale * elu(x, alpha) with alpha ≈ 1.67326 and scale ≈ 1.05070. */
export function selu(x: OpInput): Tensor {
  return multiply(eluCore(asFloat(x), SELU_ALPHA), SELU_SCALE);
}

/**
 * gelu(x, approximate = true). Approximate: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)));
 * exact: x (1 + erf(x / sqrt(2))) / 2.
 */
export function gelu(x: OpInput, approximate = true): Tensor {
  const v = asFloat(x);
  if (approximate) {
    const inner = multiply(add(v, multiply(multiply(square(v), v), 0.044715)), Math.sqrt(2 / Math.PI));
    return multiply(multiply(v, 0.5), add(tanh(inner), 1));
  }
  return divide(multiply(v, add(run1("erf", [divide(v, Math.SQRT2)]) as Tensor, 1)), 2);
}

/** celu(x, alpha = 1.0): x for x > 0, alpha * (exp(x / alpha) - 1) otherwise. */
export function celu(x: OpInput, alpha = 1.0): Tensor {
  const v = asFloat(x);
  const pos = greater(v, 0);
  return where(pos, v, multiply(expm1(divide(where(pos, 0, v, v), alpha)), alpha), v);
}

/**
 * glu(x, axis = -1): splits x in two halves a, b along `axis` and returns a * sigmoid(b).
 * The axis must have an even size; the output has half of it.
 */
export function glu(x: OpInput, axis = -1): Tensor {
  const v = asFloat(x);
  const rank = v.shape.length;
  const ax = normalizeAxis(axis, rank, "glu");
  const d = v.shape[ax]!;
  if (d !== null && d % 2 !== 0) {
    throw new ValueError(`glu: the size of axis ${axis} must be divisible by 2, but received x with shape ${formatShape(v.shape)}.`);
  }
  const half = d === null ? null : d / 2;
  // view x as [..., 2, half, ...] and pick each half with a mask (exact: where, then a sum of one term)
  const split = run1("reshape", [v], { shape: [...v.shape.slice(0, ax), 2, half, ...v.shape.slice(ax + 1)] }) as Tensor;
  const maskShape = [2, ...new Array<number>(rank - ax).fill(1)];
  const first = convertToTensor([true, false]);
  const pick = (mask: Tensor): Tensor => {
    const picked = where(run1("reshape", [mask], { shape: maskShape }) as Tensor, split, 0, v);
    return run1("sum", [picked], { axes: [ax], keepdims: false }) as Tensor;
  };
  return multiply(pick(first), sigmoid(pick(convertToTensor([false, true]))));
}

/** tanhShrink(x) = x - tanh(x). */
export function tanhShrink(x: OpInput): Tensor {
  const v = asFloat(x);
  return subtract(v, tanh(v));
}

/** hardTanh(x) = clip(x, -1, 1). */
export function hardTanh(x: OpInput): Tensor {
  return minimum(maximum(asFloat(x), -1), 1);
}

/** softShrink(x, threshold = 0.5): x - threshold above threshold, x + threshold below -threshold, else 0. */
export function softShrink(x: OpInput, threshold = 0.5): Tensor {
  const v = asFloat(x);
  return where(greater(v, threshold), subtract(v, threshold), where(less(v, -threshold), add(v, threshold), 0, v), v);
}

/** hardShrink(x, threshold = 0.5): x where |x| > threshold, else 0. */
export function hardShrink(x: OpInput, threshold = 0.5): Tensor {
  const v = asFloat(x);
  return where(greater(abs(v), threshold), v, 0, v);
}

/** threshold(x, threshold, defaultValue): x where x > threshold, else defaultValue. */
export function threshold(x: OpInput, thresholdValue: number, defaultValue: number): Tensor {
  const v = asFloat(x);
  return where(greater(v, thresholdValue), v, defaultValue, v);
}

/** squareplus(x, b = 4) = (x + sqrt(x^2 + b)) / 2. */
export function squareplus(x: OpInput, b = 4): Tensor {
  const v = asFloat(x);
  return divide(add(v, sqrt(add(square(v), b))), 2);
}
export const squarePlus = squareplus;

/** sparsePlus(x): 0 for x <= -1, (x + 1)^2 / 4 for -1 < x < 1, x for x >= 1. */
export function sparsePlus(x: OpInput): Tensor {
  const v = asFloat(x);
  return where(lessEqual(v, -1), 0, where(less(v, 1), divide(square(add(v, 1)), 4), v, v), v);
}

/** The max over `axes` (kept), without gradient, with non-finite maxima replaced by 0. */
function stableShift(v: Value, axes: number[]): Tensor {
  const m = run1("stopGradient", [run1("max", [v], { axes, keepdims: true })]) as Tensor;
  return where(run1("isfinite", [m]) as Tensor, m, 0, v);
}

/**
 * softmax(x, axis = -1) = exp(x) / sum(exp(x)) along `axis` (a number or several axes), computed
 * with the maximum subtracted first, so logits like 1000 are fine.
 * @example ops.softmax([-1, 0, 1]) // [0.09003057, 0.24472847, 0.66524096]
 */
export function softmax(x: OpInput, axis: number | readonly number[] = -1): Tensor {
  const v = asFloat(x);
  const axes = normalizeAxes(axis, v.shape.length, "softmax");
  const e = exp(subtract(v, stableShift(v, axes)));
  return divide(e, sumKeep(e, axes));
}

/**
 * logSoftmax(x, axis = -1) = x - max(x) - log(sum(exp(x - max(x)))): finite for any finite x.
 * @example ops.logSoftmax([-1, 0, 1]) // [-2.40760596, -1.40760596, -0.40760596]
 */
export function logSoftmax(x: OpInput, axis: number | readonly number[] = -1): Tensor {
  const v = asFloat(x);
  const axes = normalizeAxes(axis, v.shape.length, "logSoftmax");
  const shifted = subtract(v, stableShift(v, axes));
  return subtract(shifted, log(sumKeep(exp(shifted), axes)));
}

/**
 * sparsemax(x, axis = -1): the Euclidean projection of x onto the probability simplex,
 * max(x - tau, 0) with tau chosen so that the result sums to 1 (sparse, unlike softmax).
 * z_i is in the support iff 1 + k_i z_i > sum_{z_j >= z_i} z_j with k_i = #{j : z_j >= z_i}
 * (the sorted formulation, written with pairwise comparisons instead of a sort).
 * @example ops.sparsemax([-1, 0, 1]) // [0, 0, 1]
 */
export function sparsemax(x: OpInput, axis = -1): Tensor {
  const v = asFloat(x);
  const rank = v.shape.length;
  const ax = normalizeAxis(axis, rank, "sparsemax");
  // move `axis` last
  const perm = [...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== ax), ax];
  const moved = ax === rank - 1 ? v : (run1("transpose", [v], { perm }) as Tensor);
  const s = moved.shape;
  const zi = run1("reshape", [moved], { shape: [...s, 1] }) as Tensor;
  const zj = run1("reshape", [moved], { shape: [...s.slice(0, -1), 1, s[rank - 1]!] }) as Tensor;
  const ge = castTo(greaterEqual(zj, zi), v.dtype);
  const last = [rank];
  const k = run1("sum", [ge], { axes: last, keepdims: false }) as Tensor;
  const above = run1("sum", [multiply(ge, zj)], { axes: last, keepdims: false }) as Tensor;
  const support = castTo(greater(add(multiply(k, moved), 1), above), v.dtype);
  const lastAxis = [rank - 1];
  const tau = divide(subtract(sumKeep(multiply(support, moved), lastAxis), 1), sumKeep(support, lastAxis));
  const out = run1("relu", [subtract(moved, tau)]) as Tensor;
  if (ax === rank - 1) return out;
  const inv = new Array<number>(rank);
  perm.forEach((p, i) => (inv[p] = i));
  return run1("transpose", [out], { perm: inv }) as Tensor;
}
