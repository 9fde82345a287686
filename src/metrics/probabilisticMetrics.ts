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

/** The mean KL divergence (name "kl_divergence"). */
export class KLDivergence extends MeanMetricWrapper {
  static override readonly className: string = "KLDivergence";
  constructor(options: MetricOptions = {}) {
    checkOptions("KLDivergence", options, ["name", "dtype"]);
    super(klDivergence, { name: "kl_divergence", ...options });
    this.direction = "down";
  }
}

/** The mean Poisson loss (name "poisson"). */
export class Poisson extends MeanMetricWrapper {
  static override readonly className: string = "Poisson";
  constructor(options: MetricOptions = {}) {
    checkOptions("Poisson", options, ["name", "dtype"]);
    super(poisson, { name: "poisson", ...options });
    this.direction = "down";
  }
}

/** The mean hinge loss (name "hinge"). */
export class Hinge extends MeanMetricWrapper {
  static override readonly className: string = "Hinge";
  constructor(options: MetricOptions = {}) {
    checkOptions("Hinge", options, ["name", "dtype"]);
    super(hinge, { name: "hinge", ...options });
    this.direction = "down";
  }
}

/** The mean squared hinge loss (name "squared_hinge"). */
export class SquaredHinge extends MeanMetricWrapper {
  static override readonly className: string = "SquaredHinge";
  constructor(options: MetricOptions = {}) {
    checkOptions("SquaredHinge", options, ["name", "dtype"]);
    super(squaredHinge, { name: "squared_hinge", ...options });
    this.direction = "down";
  }
}

/** The mean categorical hinge loss (name "categorical_hinge"). */
export class CategoricalHinge extends MeanMetricWrapper {
  static override readonly className: string = "CategoricalHinge";
  constructor(options: MetricOptions = {}) {
    checkOptions("CategoricalHinge", options, ["name", "dtype"]);
    super(categoricalHinge, { name: "categorical_hinge", ...options });
    this.direction = "down";
  }
}
