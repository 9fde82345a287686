import { categoricalHinge, hinge, squaredHinge } from "../losses/hinge.js";
import { binaryCrossentropy, categoricalCrossentropy, klDivergence, poisson, sparseCategoricalCrossentropy } from "../losses/probabilistic.js";
import { checkOptions } from "../util/options.js";
import type { MetricOptions } from "./metric.js";
import { MeanMetricWrapper } from "./reductionMetrics.js";

interface XentMetricOptions extends MetricOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/** The mean binary cross-entropy (name "binary_crossentropy"). */
export class BinaryCrossentropy extends MeanMetricWrapper {
  static override readonly className: string = "BinaryCrossentropy";
  constructor(options: XentMetricOptions = {}) {
    checkOptions("BinaryCrossentropy", options, ["name", "dtype", "fromLogits", "labelSmoothing"]);
    const { fromLogits = false, labelSmoothing = 0, ...rest } = options;
    super(binaryCrossentropy, { name: "binary_crossentropy", ...rest }, { fromLogits, labelSmoothing });
    this.direction = "down";
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fnOptions.fromLogits, label_smoothing: this.fnOptions.labelSmoothing };
  }
}

/** The mean categorical cross-entropy (name "categorical_crossentropy"). */
export class CategoricalCrossentropy extends MeanMetricWrapper {
  static override readonly className: string = "CategoricalCrossentropy";
  constructor(options: XentMetricOptions = {}) {
    checkOptions("CategoricalCrossentropy", options, ["name", "dtype", "fromLogits", "labelSmoothing", "axis"]);
    const { fromLogits = false, labelSmoothing = 0, axis = -1, ...rest } = options;
    super(categoricalCrossentropy, { name: "categorical_crossentropy", ...rest }, { fromLogits, labelSmoothing, axis });
    this.direction = "down";
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fnOptions.fromLogits, label_smoothing: this.fnOptions.labelSmoothing, axis: this.fnOptions.axis };
  }
}

/** The mean sparse categorical cross-entropy (name "sparse_categorical_crossentropy"). */
export class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  static override readonly className: string = "SparseCategoricalCrossentropy";
  constructor(options: Omit<XentMetricOptions, "labelSmoothing"> = {}) {
    checkOptions("SparseCategoricalCrossentropy", options, ["name", "dtype", "fromLogits", "axis"]);
    const { fromLogits = false, axis = -1, ...rest } = options;
    super(sparseCategoricalCrossentropy, { name: "sparse_categorical_crossentropy", ...rest }, { fromLogits, axis });
    this.direction = "down";
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fnOptions.fromLogits, axis: this.fnOptions.axis };
  }
}

function simple(className: string, name: string, fn: (t: unknown, p: unknown) => import("../tensor/tensor.js").Tensor) {
  return class extends MeanMetricWrapper {
    static override readonly className: string = className;
    constructor(options: MetricOptions = {}) {
      checkOptions(className, options, ["name", "dtype"]);
      super(fn, { name, ...options });
      this.direction = "down";
    }
  };
}

/** The mean KL divergence (name "kl_divergence"). */
export const KLDivergence = simple("KLDivergence", "kl_divergence", klDivergence);
/** The mean Poisson loss (name "poisson"). */
export const Poisson = simple("Poisson", "poisson", poisson);
/** The mean hinge loss (name "hinge"). */
export const Hinge = simple("Hinge", "hinge", hinge);
/** The mean squared hinge loss (name "squared_hinge"). */
export const SquaredHinge = simple("SquaredHinge", "squared_hinge", squaredHinge);
/** The mean categorical hinge loss (name "categorical_hinge"). */
export const CategoricalHinge = simple("CategoricalHinge", "categorical_hinge", categoricalHinge);
