import { add, clip, divide, log, multiply, negative, notEqual, power, subtract } from "../ops/numpy/arithmetic.js";
import { expandDims, squeeze, where } from "../ops/numpy/manipulation.js";
import { mean, sum } from "../ops/numpy/reductions.js";
import { sigmoid, softmax } from "../ops/nn/activations.js";
import * as nn from "../ops/nn/losses.js";
import { convertToTensor } from "../tensor/convert.js";
import { noteValueRead, Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";
import { asDType, EPSILON, prepare } from "./common.js";
import { LossFunctionWrapper, reduceValues, squeezeOrExpandToSameRank, type LossOptions } from "./loss.js";

export interface CrossentropyOptions {
  /** yPred holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Smooth the labels towards uniform by this amount in [0, 1] (default 0). */
  labelSmoothing?: number;
  /** The class axis (default -1). */
  axis?: number;
}

const normAxis = (axis: number, rank: number, where: string): number => {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) throw new ValueError(`${where}: axis ${axis} is out of bounds for yPred of rank ${rank}.`);
  return a;
};

/**
 * Binary cross-entropy averaged over `axis` (Keras's `binary_crossentropy`): probabilities are
 * clipped to [1e-7, 1 - 1e-7]; `labelSmoothing` moves labels towards 0.5.
 * @example keras.losses.binaryCrossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) // [0.916, 0.714]
 */
export function binaryCrossentropy(yTrue: unknown, yPred: unknown, options: CrossentropyOptions = {}): Tensor {
  checkOptions("binaryCrossentropy", options, ["fromLogits", "labelSmoothing", "axis"]);
  const [t0, p] = prepare(yTrue, yPred);
  const ls = options.labelSmoothing ?? 0;
  const t = ls ? add(multiply(t0, 1.0 - ls), 0.5 * ls) : t0;
  return mean(nn.binaryCrossentropy(t, p, options.fromLogits ?? false), options.axis ?? -1);
}

/**
 * Categorical cross-entropy over the class `axis` for one-hot labels (Keras's
 * `categorical_crossentropy`); `labelSmoothing` mixes labels with `1 / numClasses`.
 * @example keras.losses.categoricalCrossentropy([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]) // [0.0513, 2.3026]
 */
export function categoricalCrossentropy(yTrue: unknown, yPred: unknown, options: CrossentropyOptions = {}): Tensor {
  checkOptions("categoricalCrossentropy", options, ["fromLogits", "labelSmoothing", "axis"]);
  const [t0, p] = prepare(yTrue, yPred);
  const axis = normAxis(options.axis ?? -1, p.shape.length, "categoricalCrossentropy");
  const ls = options.labelSmoothing ?? 0;
  const t = ls ? add(multiply(t0, 1.0 - ls), Math.fround(ls / p.shape[axis]!)) : t0;
  return nn.categoricalCrossentropy(t, p, options.fromLogits ?? false, axis);
}

export interface SparseCrossentropyOptions {
  /** yPred holds logits (default false). */
  fromLogits?: boolean;
  /** A label value whose entries are ignored (loss 0, excluded from the mean); default null. */
  ignoreClass?: number | null;
  /** The class axis of yPred (default -1). */
  axis?: number;
}

/** The entries of yTrue that are not `ignoreClass` (after squeezing a trailing size-1 axis). */
function sparseLabels(yTrue: unknown, p: Tensor, axis: number): Tensor {
  let t = yTrue instanceof Tensor ? yTrue : convertToTensor(yTrue);
  const ax = axis < 0 ? axis + p.shape.length : axis;
  if (t.shape.length === p.shape.length && t.shape[ax] === 1) t = squeeze(t, ax);
  return t;
}

/**
 * Cross-entropy for integer class labels (Keras's `sparse_categorical_crossentropy`): yTrue has
 * yPred's shape without the class axis (a trailing axis of size 1 is also accepted).
 * @example keras.losses.sparseCategoricalCrossentropy([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]) // [0.0513, 2.3026]
 */
export function sparseCategoricalCrossentropy(yTrue: unknown, yPred: unknown, options: SparseCrossentropyOptions = {}): Tensor {
  checkOptions("sparseCategoricalCrossentropy", options, ["fromLogits", "ignoreClass", "axis"]);
  let p = yPred instanceof Tensor ? yPred : convertToTensor(yPred);
  if (p.dtype !== "float32" && p.dtype !== "float64") p = asDType(p, "float32");
  const axis = options.axis ?? -1;
  let t = sparseLabels(yTrue, p, axis);
  const ignore = options.ignoreClass ?? null;
  if (ignore === null) return nn.sparseCategoricalCrossentropy(t, p, options.fromLogits ?? false, axis);
  const valid = notEqual(t, ignore);
  t = where(valid, t, 0);
  p = where(expandDims(valid, axis), p, 0);
  const res = nn.sparseCategoricalCrossentropy(t, p, options.fromLogits ?? false, axis);
  return where(valid, res, 0);
}

export interface FocalOptions extends CrossentropyOptions {
  /** Weight positives by alpha and negatives by 1 - alpha (default false). */
  applyClassBalancing?: boolean;
  /** The balancing weight (default 0.25). */
  alpha?: number;
  /** The focusing parameter (default 2). */
  gamma?: number;
}

/**
 * Binary focal cross-entropy (Keras's `binary_focal_crossentropy`):
 * `(1 - p_t)^gamma * bce`, optionally class-balanced, averaged over `axis`.
 */
export function binaryFocalCrossentropy(yTrue: unknown, yPred: unknown, options: FocalOptions = {}): Tensor {
  checkOptions("binaryFocalCrossentropy", options, ["applyClassBalancing", "alpha", "gamma", "fromLogits", "labelSmoothing", "axis"]);
  let [t, p] = prepare(yTrue, yPred);
  const ls = options.labelSmoothing ?? 0;
  const alpha = options.alpha ?? 0.25;
  const gamma = options.gamma ?? 2.0;
  if (ls) t = add(multiply(t, 1.0 - ls), 0.5 * ls);
  if (options.fromLogits) p = sigmoid(p);
  const bce = nn.binaryCrossentropy(t, p, false);
  const pT = add(multiply(t, p), multiply(subtract(1, t), subtract(1, p)));
  let focal = multiply(power(subtract(1.0, pT), gamma), bce);
  if (options.applyClassBalancing) {
    const weight = add(multiply(t, alpha), multiply(subtract(1, t), 1 - alpha));
    focal = multiply(weight, focal);
  }
  return mean(focal, options.axis ?? -1);
}

/**
 * Categorical focal cross-entropy (Keras's `categorical_focal_crossentropy`):
 * `sum(alpha * (1 - p)^gamma * -yTrue log p)` over the class axis.
 */
export function categoricalFocalCrossentropy(yTrue: unknown, yPred: unknown, options: Omit<FocalOptions, "applyClassBalancing"> = {}): Tensor {
  checkOptions("categoricalFocalCrossentropy", options, ["alpha", "gamma", "fromLogits", "labelSmoothing", "axis"]);
  let [t, p] = prepare(yTrue, yPred);
  const axis = normAxis(options.axis ?? -1, p.shape.length, "categoricalFocalCrossentropy");
  const ls = options.labelSmoothing ?? 0;
  if (ls) t = add(multiply(t, 1.0 - ls), Math.fround(ls / p.shape[axis]!));
  if (options.fromLogits) p = softmax(p, axis);
  let output = divide(p, sum(p, axis, true));
  output = clip(output, EPSILON, 1.0 - EPSILON);
  const cce = multiply(negative(t), log(output));
  const weighting = multiply(power(subtract(1.0, output), options.gamma ?? 2.0), options.alpha ?? 0.25);
  return sum(multiply(weighting, cce), axis);
}

/** Kullback–Leibler divergence `sum(yTrue * log(yTrue / yPred), -1)`, both clipped to [1e-7, 1]. */
export function klDivergence(yTrue: unknown, yPred: unknown): Tensor {
  let [t, p] = prepare(yTrue, yPred);
  t = clip(t, EPSILON, 1);
  p = clip(p, EPSILON, 1);
  return sum(multiply(t, log(divide(t, p))), -1);
}

/** Poisson loss `mean(yPred - yTrue * log(yPred + 1e-7), -1)`. */
export function poisson(yTrue: unknown, yPred: unknown): Tensor {
  const [t, p] = prepare(yTrue, yPred);
  return mean(subtract(p, multiply(t, log(add(p, EPSILON)))), -1);
}

type XentOptions = LossOptions & CrossentropyOptions;
const XENT_KEYS = ["fromLogits", "labelSmoothing", "axis", "name", "reduction", "dtype"];

/** Binary cross-entropy loss (name "binary_crossentropy"). */
export class BinaryCrossentropy extends LossFunctionWrapper {
  static override readonly className: string = "BinaryCrossentropy";
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(options: XentOptions = {}) {
    checkOptions("BinaryCrossentropy", options, XENT_KEYS);
    const { fromLogits = false, labelSmoothing = 0, axis = -1, ...rest } = options;
    super(binaryCrossentropy, { name: "binary_crossentropy", ...rest }, { fromLogits, labelSmoothing, axis });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Binary focal cross-entropy loss (name "binary_focal_crossentropy"). */
export class BinaryFocalCrossentropy extends LossFunctionWrapper {
  static override readonly className: string = "BinaryFocalCrossentropy";
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  readonly applyClassBalancing: boolean;
  readonly alpha: number;
  readonly gamma: number;
  constructor(options: LossOptions & FocalOptions = {}) {
    checkOptions("BinaryFocalCrossentropy", options, [...XENT_KEYS, "applyClassBalancing", "alpha", "gamma"]);
    const { fromLogits = false, labelSmoothing = 0, axis = -1, applyClassBalancing = false, alpha = 0.25, gamma = 2.0, ...rest } = options;
    super(binaryFocalCrossentropy, { name: "binary_focal_crossentropy", ...rest }, { fromLogits, labelSmoothing, axis, applyClassBalancing, alpha, gamma });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
    this.applyClassBalancing = applyClassBalancing;
    this.alpha = alpha;
    this.gamma = gamma;
  }
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      from_logits: this.fromLogits,
      label_smoothing: this.labelSmoothing,
      axis: this.axis,
      apply_class_balancing: this.applyClassBalancing,
      alpha: this.alpha,
      gamma: this.gamma,
    };
  }
}

/** Categorical cross-entropy loss for one-hot labels (name "categorical_crossentropy"). */
export class CategoricalCrossentropy extends LossFunctionWrapper {
  static override readonly className: string = "CategoricalCrossentropy";
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(options: XentOptions = {}) {
    checkOptions("CategoricalCrossentropy", options, XENT_KEYS);
    const { fromLogits = false, labelSmoothing = 0, axis = -1, ...rest } = options;
    super(categoricalCrossentropy, { name: "categorical_crossentropy", ...rest }, { fromLogits, labelSmoothing, axis });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Categorical focal cross-entropy loss (name "categorical_focal_crossentropy"). */
export class CategoricalFocalCrossentropy extends LossFunctionWrapper {
  static override readonly className: string = "CategoricalFocalCrossentropy";
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  readonly alpha: number;
  readonly gamma: number;
  constructor(options: LossOptions & Omit<FocalOptions, "applyClassBalancing"> = {}) {
    checkOptions("CategoricalFocalCrossentropy", options, [...XENT_KEYS, "alpha", "gamma"]);
    const { fromLogits = false, labelSmoothing = 0, axis = -1, alpha = 0.25, gamma = 2.0, ...rest } = options;
    super(categoricalFocalCrossentropy, { name: "categorical_focal_crossentropy", ...rest }, { fromLogits, labelSmoothing, axis, alpha, gamma });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
    this.alpha = alpha;
    this.gamma = gamma;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis, alpha: this.alpha, gamma: this.gamma };
  }
}

/**
 * Cross-entropy loss for integer labels (name "sparse_categorical_crossentropy"). With
 * `ignoreClass`, entries with that label are left out of the loss and of the mean.
 */
export class SparseCategoricalCrossentropy extends LossFunctionWrapper {
  static override readonly className: string = "SparseCategoricalCrossentropy";
  readonly fromLogits: boolean;
  readonly ignoreClass: number | null;
  readonly axis: number;
  constructor(options: LossOptions & SparseCrossentropyOptions = {}) {
    checkOptions("SparseCategoricalCrossentropy", options, ["fromLogits", "ignoreClass", "axis", "name", "reduction", "dtype"]);
    const { fromLogits = false, ignoreClass = null, axis = -1, ...rest } = options;
    super(sparseCategoricalCrossentropy, { name: "sparse_categorical_crossentropy", ...rest }, { fromLogits, ignoreClass, axis });
    this.fromLogits = fromLogits;
    this.ignoreClass = ignoreClass;
    this.axis = axis;
  }

  override apply(yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Tensor {
    if (this.ignoreClass === null) return super.apply(yTrue, yPred, sampleWeight);
    // Keras masks the ignored entries: with "sum_over_batch_size" the mean is over valid entries.
    const p = asDType(yPred, this.dtype);
    const t = sparseLabels(asDType(yTrue, this.dtype), p, this.axis);
    let values = this.call(t, p);
    const valid = notEqual(t, this.ignoreClass);
    const total = valid.size;
    let validCount = 0;
    noteValueRead(); // the count scales the loss: a traced step must not bake it in
    for (const v of valid.values) if (v) validCount++;
    const maskWeight = this.reduction === "mean" || this.reduction === "sum_over_batch_size" ? (validCount === 0 ? 0 : Math.fround(total / validCount)) : 1;
    let weight: Tensor = where(valid, maskWeight, 0);
    if (sampleWeight !== undefined && sampleWeight !== null) {
      let sw = asDType(sampleWeight, this.dtype);
      [weight, sw] = squeezeOrExpandToSameRank(weight, sw);
      weight = multiply(sw, weight);
    }
    [values, weight] = squeezeOrExpandToSameRank(values, weight);
    return reduceValues(multiply(values, weight), weight, this.reduction);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fromLogits, ignore_class: this.ignoreClass, axis: this.axis };
  }
}

/** Kullback–Leibler divergence loss (name "kl_divergence"). */
export class KLDivergence extends LossFunctionWrapper {
  static override readonly className: string = "KLDivergence";
  constructor(options: LossOptions = {}) {
    checkOptions("KLDivergence", options, ["name", "reduction", "dtype"]);
    super(klDivergence, { name: "kl_divergence", ...options });
  }
}

/** Poisson loss (name "poisson"). */
export class Poisson extends LossFunctionWrapper {
  static override readonly className: string = "Poisson";
  constructor(options: LossOptions = {}) {
    checkOptions("Poisson", options, ["name", "reduction", "dtype"]);
    super(poisson, { name: "poisson", ...options });
  }
}
