import { abs, add, divide, lessEqual, log, maximum, multiply, negative, square, subtract } from "../ops/numpy/arithmetic.js";
import { where } from "../ops/numpy/manipulation.js";
import { mean, sum } from "../ops/numpy/reductions.js";
import { softplus } from "../ops/nn/activations.js";
import { normalize } from "../ops/nn/normalization.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkOptions } from "../util/options.js";
import { EPSILON, prepare } from "./common.js";
import { LossFunctionWrapper, squeezeOrExpandToSameRank, type LossOptions } from "./loss.js";

/**
 * Mean of squares of errors over the last axis: `mean(square(yTrue - yPred), -1)`.
 * @example keras.losses.meanSquaredError([[0, 1], [0, 0]], [[1, 1], [1, 0]]) // [0.5, 0.5]
 */
export function meanSquaredError(yTrue: unknown, yPred: unknown): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(...prepare(yTrue, yPred));
  return mean(square(subtract(t, p)), -1);
}

/** `mean(abs(yTrue - yPred), -1)`. */
export function meanAbsoluteError(yTrue: unknown, yPred: unknown): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(...prepare(yTrue, yPred));
  return mean(abs(subtract(t, p)), -1);
}

/** `100 * mean(abs((yTrue - yPred) / max(abs(yTrue), epsilon)), -1)`. */
export function meanAbsolutePercentageError(yTrue: unknown, yPred: unknown): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(...prepare(yTrue, yPred));
  const diff = abs(divide(subtract(t, p), maximum(abs(t), EPSILON)));
  return multiply(100, mean(diff, -1));
}

/** `mean(square(log(max(yPred, eps) + 1) - log(max(yTrue, eps) + 1)), -1)`. */
export function meanSquaredLogarithmicError(yTrue: unknown, yPred: unknown): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(...prepare(yTrue, yPred));
  const first = log(add(maximum(p, EPSILON), 1));
  const second = log(add(maximum(t, EPSILON), 1));
  return mean(square(subtract(first, second)), -1);
}

/** `-sum(l2Normalize(yTrue) * l2Normalize(yPred), axis)` (axis default -1). */
export function cosineSimilarity(yTrue: unknown, yPred: unknown, options: { axis?: number } = {}): Tensor {
  checkOptions("cosineSimilarity", options, ["axis"]);
  const axis = options.axis ?? -1;
  const [t, p] = squeezeOrExpandToSameRank(...prepare(yTrue, yPred));
  return negative(sum(multiply(normalize(t, axis), normalize(p, axis)), axis));
}

/** Huber loss: `0.5 x^2` where `|x| <= delta`, else `delta |x| - 0.5 delta^2`, averaged over the last axis (delta default 1). */
export function huber(yTrue: unknown, yPred: unknown, options: { delta?: number } = {}): Tensor {
  checkOptions("huber", options, ["delta"]);
  const delta = options.delta ?? 1.0;
  const [t, p] = squeezeOrExpandToSameRank(...prepare(yTrue, yPred));
  const error = subtract(p, t);
  const absError = abs(error);
  const d = Math.fround(delta);
  return mean(where(lessEqual(absError, d), multiply(0.5, square(error)), subtract(multiply(d, absError), Math.fround(0.5 * Math.fround(d * d)))), -1);
}

/** `mean(log(cosh(yPred - yTrue)), -1)`, computed stably as `x + softplus(-2x) - log 2`. */
export function logCosh(yTrue: unknown, yPred: unknown): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(...prepare(yTrue, yPred));
  const x = subtract(p, t);
  return mean(subtract(add(x, softplus(multiply(x, -2.0))), Math.fround(Math.log(2))), -1);
}

/** Mean squared error (Keras's MeanSquaredError, name "mean_squared_error"). */
export class MeanSquaredError extends LossFunctionWrapper {
  static override readonly className: string = "MeanSquaredError";
  constructor(options: LossOptions = {}) {
    checkOptions("MeanSquaredError", options, ["name", "reduction", "dtype"]);
    super(meanSquaredError, { name: "mean_squared_error", ...options });
  }
}

/** Mean absolute error (name "mean_absolute_error"). */
export class MeanAbsoluteError extends LossFunctionWrapper {
  static override readonly className: string = "MeanAbsoluteError";
  constructor(options: LossOptions = {}) {
    checkOptions("MeanAbsoluteError", options, ["name", "reduction", "dtype"]);
    super(meanAbsoluteError, { name: "mean_absolute_error", ...options });
  }
}

/** Mean absolute percentage error (name "mean_absolute_percentage_error"). */
export class MeanAbsolutePercentageError extends LossFunctionWrapper {
  static override readonly className: string = "MeanAbsolutePercentageError";
  constructor(options: LossOptions = {}) {
    checkOptions("MeanAbsolutePercentageError", options, ["name", "reduction", "dtype"]);
    super(meanAbsolutePercentageError, { name: "mean_absolute_percentage_error", ...options });
  }
}

/** Mean squared logarithmic error (name "mean_squared_logarithmic_error"). */
export class MeanSquaredLogarithmicError extends LossFunctionWrapper {
  static override readonly className: string = "MeanSquaredLogarithmicError";
  constructor(options: LossOptions = {}) {
    checkOptions("MeanSquaredLogarithmicError", options, ["name", "reduction", "dtype"]);
    super(meanSquaredLogarithmicError, { name: "mean_squared_logarithmic_error", ...options });
  }
}

/** Negative cosine similarity along `axis` (name "cosine_similarity"). */
export class CosineSimilarity extends LossFunctionWrapper {
  static override readonly className: string = "CosineSimilarity";
  readonly axis: number;
  constructor(options: LossOptions & { axis?: number } = {}) {
    checkOptions("CosineSimilarity", options, ["axis", "name", "reduction", "dtype"]);
    const { axis = -1, ...rest } = options;
    super(cosineSimilarity, { name: "cosine_similarity", ...rest }, { axis });
    this.axis = axis;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Huber loss (name "huber_loss", delta 1). */
export class Huber extends LossFunctionWrapper {
  static override readonly className: string = "Huber";
  readonly delta: number;
  constructor(options: LossOptions & { delta?: number } = {}) {
    checkOptions("Huber", options, ["delta", "name", "reduction", "dtype"]);
    const { delta = 1.0, ...rest } = options;
    super(huber, { name: "huber_loss", ...rest }, { delta });
    this.delta = delta;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/** Logarithm of the hyperbolic cosine of the error (name "log_cosh"). */
export class LogCosh extends LossFunctionWrapper {
  static override readonly className: string = "LogCosh";
  constructor(options: LossOptions = {}) {
    checkOptions("LogCosh", options, ["name", "reduction", "dtype"]);
    super(logCosh, { name: "log_cosh", ...options });
  }
}
