import { prepare } from "../losses/common.js";
import { squeezeOrExpandToSameRank } from "../losses/loss.js";
import { cosineSimilarity, logCosh, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, meanSquaredLogarithmicError } from "../losses/regression.js";
import { negative, sqrt, square, subtract } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkOptions } from "../util/options.js";
import type { MetricOptions } from "./metric.js";
import { divideNoNan, Mean, MeanMetricWrapper } from "./reductionMetrics.js";

/** The mean of squared errors (name "mean_squared_error"). */
export class MeanSquaredError extends MeanMetricWrapper {
  static override readonly className: string = "MeanSquaredError";
  constructor(options: MetricOptions = {}) {
    checkOptions("MeanSquaredError", options, ["name", "dtype"]);
    super(meanSquaredError, { name: "mean_squared_error", ...options });
    this.direction = "down";
  }
}

/** The mean of absolute errors (name "mean_absolute_error"). */
export class MeanAbsoluteError extends MeanMetricWrapper {
  static override readonly className: string = "MeanAbsoluteError";
  constructor(options: MetricOptions = {}) {
    checkOptions("MeanAbsoluteError", options, ["name", "dtype"]);
    super(meanAbsoluteError, { name: "mean_absolute_error", ...options });
    this.direction = "down";
  }
}

/** The mean absolute percentage error (name "mean_absolute_percentage_error"). */
export class MeanAbsolutePercentageError extends MeanMetricWrapper {
  static override readonly className: string = "MeanAbsolutePercentageError";
  constructor(options: MetricOptions = {}) {
    checkOptions("MeanAbsolutePercentageError", options, ["name", "dtype"]);
    super(meanAbsolutePercentageError, { name: "mean_absolute_percentage_error", ...options });
    this.direction = "down";
  }
}

/** The mean squared logarithmic error (name "mean_squared_logarithmic_error"). */
export class MeanSquaredLogarithmicError extends MeanMetricWrapper {
  static override readonly className: string = "MeanSquaredLogarithmicError";
  constructor(options: MetricOptions = {}) {
    checkOptions("MeanSquaredLogarithmicError", options, ["name", "dtype"]);
    super(meanSquaredLogarithmicError, { name: "mean_squared_logarithmic_error", ...options });
    this.direction = "down";
  }
}

/** The mean cosine similarity of labels and predictions (name "cosine_similarity", axis -1). */
export class CosineSimilarity extends MeanMetricWrapper {
  static override readonly className: string = "CosineSimilarity";
  readonly axis: number;
  constructor(options: MetricOptions & { axis?: number } = {}) {
    checkOptions("CosineSimilarity", options, ["name", "dtype", "axis"]);
    const { axis = -1, ...rest } = options;
    super((t: unknown, p: unknown, o: { axis: number }) => negative(cosineSimilarity(t, p, o)), { name: "cosine_similarity", ...rest }, { axis });
    this.axis = axis;
    this.direction = "up";
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** The mean log-cosh error (name "logcosh"). */
export class LogCoshError extends MeanMetricWrapper {
  static override readonly className: string = "LogCoshError";
  constructor(options: MetricOptions = {}) {
    checkOptions("LogCoshError", options, ["name", "dtype"]);
    super(logCosh, { name: "logcosh", ...options });
    this.direction = "down";
  }
}

/** The square root of the mean squared error (name "root_mean_squared_error"). */
export class RootMeanSquaredError extends Mean {
  static override readonly className: string = "RootMeanSquaredError";
  constructor(options: MetricOptions = {}) {
    checkOptions("RootMeanSquaredError", options, ["name", "dtype"]);
    super({ name: "root_mean_squared_error", ...options });
    this.direction = "down";
  }
  override updateState(yTrue: unknown, yPred?: unknown, sampleWeight?: unknown): void {
    super.updateState(squaredError(yTrue, yPred), sampleWeight);
  }
  override result(): Tensor {
    return sqrt(divideNoNan(this.total.value, this.count.value));
  }
}

function squaredError(yTrue: unknown, yPred: unknown): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(...prepare(yTrue, yPred));
  return square(subtract(t, p));
}
