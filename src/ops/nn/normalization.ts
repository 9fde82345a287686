import { run1 } from "../../autodiff/engine.js";
import { isFloat } from "../../backend/dtypes.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { castTo, normalizeAxes, normalizeAxis, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/elementwise.js";
import "../primitives/reduce.js";
import "../primitives/structural.js";
import { abs, add, divide, maximum, multiply, negative, power, rsqrt, square, subtract } from "../numpy/arithmetic.js";

/**
 * keras.ops normalization ops (keras/src/ops/nn.py): moments, batchNormalization, normalize,
 * rmsNormalization, layerNormalization.
 */

/** Keras's default fuzz factor, `keras.config.epsilon()`. */
const EPSILON = 1e-7;

const asFloat = (x: OpInput): Value => {
  const v = toValue(x);
  return isFloat(v.dtype) ? v : castTo(v, "float32");
};

type Axes = number | readonly number[];

/**
 * The mean over `axes`. Works symbolically even when a reduced dimension is unknown
 * (`reductions.mean` refuses that): the count only matters for values.
 */
function meanOver(v: Value, axes: number[], keepdims: boolean): Tensor {
  const s = run1("sum", [v], { axes, keepdims }) as Tensor;
  let n = 1;
  for (const a of axes) n *= v.shape[a] ?? 1;
  return divide(s, n);
}

/**
 * moments(x, axes, keepdims = false, synchronized = false) → [mean, variance] over `axes`
 * (the biased variance, mean((x - mean)^2), computed in two passes for accuracy).
 * @example ops.moments([0, 1, 2, 3, 100], [0]) // [21.2, 1553.36]
 */
export function moments(x: OpInput, axes: Axes, keepdims = false, synchronized = false): [Tensor, Tensor] {
  if (synchronized) throw new ValueError("moments: synchronized=true is only meaningful for distributed TensorFlow training and is not supported.");
  const v = asFloat(x);
  const ax = normalizeAxes(axes, v.shape.length, "moments");
  const mean = meanOver(v, ax, true);
  const variance = meanOver(square(subtract(v, mean)), ax, keepdims);
  const squeezed = keepdims ? mean : (run1("reshape", [mean], { shape: v.shape.filter((_, i) => !ax.includes(i)) }) as Tensor);
  return [squeezed, variance];
}

/** Reshapes a per-channel vector to broadcast against x along `axis`, checking its length. */
function channelVector(name: string, value: OpInput, x: Value, axis: number, op: string): Value {
  const v = castTo(toValue(value), x.dtype);
  const size = x.shape[axis]!;
  if (v.shape.length !== 1 || (size !== null && v.shape[0] !== null && v.shape[0] !== size)) {
    throw new ValueError(
      `${op}: argument \`${name}\` must be a vector of length x.shape[axis] (axis ${axis} of x with shape ${formatShape(x.shape)}, expected shape ${formatShape([size])}), but received shape ${formatShape(v.shape)}.`,
    );
  }
  const shape = x.shape.map((_, i) => (i === axis ? v.shape[0]! : 1));
  return run1("reshape", [v], { shape });
}

/**
 * batchNormalization(x, mean, variance, axis, offset = null, scale = null, epsilon = 1e-3):
 * (x - mean) / sqrt(variance + epsilon) * scale + offset, where mean, variance, offset and scale
 * are vectors of length x.shape[axis].
 */
export function batchNormalization(
  x: OpInput,
  mean: OpInput,
  variance: OpInput,
  axis: number,
  offset: OpInput | null = null,
  scale: OpInput | null = null,
  epsilon = 1e-3,
): Tensor {
  const op = "batchNormalization";
  const v = asFloat(x);
  const ax = normalizeAxis(axis, v.shape.length, op);
  const m = channelVector("mean", mean, v, ax, op);
  const s2 = channelVector("variance", variance, v, ax, op);
  let inv = rsqrt(add(s2, epsilon));
  if (scale !== null) inv = multiply(inv, channelVector("scale", scale, v, ax, op));
  let res = multiply(negative(m), inv);
  if (offset !== null) res = add(res, channelVector("offset", offset, v, ax, op));
  return add(multiply(v, inv), res);
}

/**
 * normalize(x, axis = -1, order = 2, epsilon = null): x / max(norm(x), epsilon) along `axis`,
 * with the `order`-norm (sum |x|^order)^(1/order); epsilon defaults to 1e-7.
 * @example ops.normalize([[1, 2, 3], [4, 5, 6]]) // [[0.26726124, 0.5345225, 0.8017837], [0.45584232, 0.5698029, 0.68376344]]
 */
export function normalize(x: OpInput, axis: Axes = -1, order = 2, epsilon: number | null = null): Tensor {
  const op = "normalize";
  if (!Number.isInteger(order) || order < 1) throw new ValueError(`${op}: argument \`order\` must be an integer >= 1. Received: order=${order}.`);
  let v = asFloat(x);
  if (v.shape.length === 0) v = run1("reshape", [v], { shape: [1] });
  const eps = epsilon ?? EPSILON;
  const axes = normalizeAxes(axis, v.shape.length, op);
  if (order === 2) {
    // x * rsqrt(max(sum x^2, eps^2)): the clamp keeps zero vectors (and their gradients) finite
    const squareSum = run1("sum", [square(v)], { axes, keepdims: true }) as Tensor;
    return multiply(v, rsqrt(maximum(squareSum, eps * eps)));
  }
  if (axes.length !== 1) throw new ValueError(`${op}: order ${order} is a vector norm and needs a single axis, but received axis ${JSON.stringify(axis)}.`);
  const a = abs(v);
  const norm = order === 1 ? (run1("sum", [a], { axes, keepdims: true }) as Tensor) : power(run1("sum", [power(a, order)], { axes, keepdims: true }) as Tensor, 1 / order);
  return divide(v, maximum(norm, eps));
}

/**
 * rmsNormalization(x, scale = null, axis = -1, epsilon = null):
 * x * rsqrt(mean(x^2, axis) + epsilon) * scale, with epsilon defaulting to 1e-7.
 */
export function rmsNormalization(x: OpInput, scale: OpInput | null = null, axis: Axes = -1, epsilon: number | null = null): Tensor {
  let v = asFloat(x);
  if (v.shape.length === 0) v = run1("reshape", [v], { shape: [1] });
  const axes = normalizeAxes(axis, v.shape.length, "rmsNormalization");
  const rrms = rsqrt(add(meanOver(square(v), axes, true), epsilon ?? EPSILON));
  const out = multiply(v, rrms);
  return scale === null ? out : multiply(out, castTo(toValue(scale), v.dtype));
}

/**
 * layerNormalization(x, gamma = null, beta = null, axis = -1, epsilon = null):
 * (x - mean) / sqrt(variance + epsilon) * gamma + beta, the moments taken over `axis` (one axis or
 * several); gamma and beta have the shape of those axes. epsilon defaults to 1e-7.
 * @example ops.layerNormalization([0, 1, 2, 3, 4]) // [-1.4142135, -0.70710677, 0, 0.7071067, 1.4142135]
 */
export function layerNormalization(x: OpInput, gamma: OpInput | null = null, beta: OpInput | null = null, axis: Axes = -1, epsilon: number | null = null): Tensor {
  const v = asFloat(x);
  const rank = v.shape.length;
  const axes = normalizeAxes(axis, rank, "layerNormalization");
  const broadcastShape = v.shape.map((d, i) => (axes.includes(i) ? d : 1));
  const lastOnly = axes.length === 1 && axes[0] === rank - 1;
  const broadcast = (p: OpInput): Value => {
    const t = castTo(toValue(p), v.dtype);
    return t.shape.length !== rank && !lastOnly ? run1("reshape", [t], { shape: broadcastShape }) : t;
  };
  const [mean, variance] = moments(v, axes, true);
  let inv = rsqrt(add(variance, epsilon ?? EPSILON));
  if (gamma !== null) inv = multiply(inv, broadcast(gamma));
  let res = multiply(negative(mean), inv);
  if (beta !== null) res = add(res, broadcast(beta));
  return add(multiply(v, inv), res);
}
