import { equal, greater } from "../ops/numpy/arithmetic.js";
import { cast, squeeze } from "../ops/numpy/manipulation.js";
import { argmax } from "../ops/numpy/reductions.js";
import { reshape } from "../ops/numpy/shape.js";
import { squeezeOrExpandToSameRank } from "../losses/loss.js";
import { convertToTensor } from "../tensor/convert.js";
import { isFloat } from "../tensor/dtypes.js";
import { Tensor } from "../tensor/tensor.js";
import { checkOptions } from "../util/options.js";
import { valuesOf, type MetricOptions } from "./metric.js";
import { MeanMetricWrapper } from "./reductionMetrics.js";

const asTensor = (x: unknown): Tensor => (x instanceof Tensor ? x : convertToTensor(x));
const asFloat = (x: unknown): Tensor => {
  const t = asTensor(x);
  return isFloat(t.dtype) ? t : cast(t, "float32");
};

/** 1 where `yTrue == yPred` exactly, else 0 (Keras's `accuracy`). */
export function accuracy(yTrue: unknown, yPred: unknown): Tensor {
  const p = asTensor(yPred);
  const t = cast(asTensor(yTrue), p.dtype);
  const [a, b] = squeezeOrExpandToSameRank(t, p);
  return cast(equal(a, b), "float32");
}

/** 1 where `yTrue == (yPred > threshold)`, else 0 (threshold default 0.5). */
export function binaryAccuracy(yTrue: unknown, yPred: unknown, options: { threshold?: number } = {}): Tensor {
  let t = asTensor(yTrue);
  let p = asTensor(yPred);
  [t, p] = squeezeOrExpandToSameRank(t, p);
  const predicted = cast(greater(p, options.threshold ?? 0.5), t.dtype);
  return cast(equal(t, predicted), "float32");
}

/** 1 where `argmax(yTrue) == argmax(yPred)` over the last axis (one-hot labels). */
export function categoricalAccuracy(yTrue: unknown, yPred: unknown): Tensor {
  const p = asFloat(yPred);
  let t = cast(argmax(asTensor(yTrue), -1), p.dtype);
  const orgShape = t.shape;
  let reshapeMatches = false;
  if (t.shape.length === p.shape.length && t.shape[t.shape.length - 1] === 1) {
    t = squeeze(t, -1);
    reshapeMatches = true;
  }
  const predicted = cast(argmax(p, -1), t.dtype);
  let matches = cast(equal(t, predicted), "float32");
  if (reshapeMatches) matches = reshape(matches, orgShape);
  return matches;
}

/** 1 where the integer label `yTrue` equals `argmax(yPred)` over the last axis. */
export function sparseCategoricalAccuracy(yTrue: unknown, yPred: unknown): Tensor {
  const p = asFloat(yPred);
  let t = cast(asTensor(yTrue), p.dtype);
  const orgShape = t.shape;
  let reshapeMatches = false;
  if (t.shape.length === p.shape.length && t.shape[t.shape.length - 1] === 1) {
    t = squeeze(t, -1);
    reshapeMatches = true;
  }
  const predicted = cast(argmax(p, -1), t.dtype);
  let matches = cast(equal(t, predicted), "float32");
  if (reshapeMatches) matches = reshape(matches, orgShape);
  if (matches.shape.length > 1 && matches.shape[matches.shape.length - 1] === 1) matches = squeeze(matches, -1);
  return matches;
}

/** Whether each row's `target` class is among the `k` largest predictions (ties counted in, like TF's in_top_k). */
function inTopK(targets: ArrayLike<number>, pred: Tensor, k: number): Tensor {
  const classes = pred.shape[pred.shape.length - 1]!;
  const rows = pred.size / classes;
  const pv = valuesOf(pred);
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = Number(targets[r]);
    if (!(c >= 0 && c < classes)) continue;
    const target = pv[r * classes + c]!;
    if (!Number.isFinite(target)) continue;
    let greaterCount = 0;
    for (let j = 0; j < classes; j++) if (pv[r * classes + j]! > target) greaterCount++;
    out[r] = greaterCount < k ? 1 : 0;
  }
  return new Tensor(out, [rows], "float32");
}

/** 1 where the one-hot target is among the top `k` predictions (k default 5). */
export function topKCategoricalAccuracy(yTrue: unknown, yPred: unknown, options: { k?: number } = {}): Tensor {
  const p = asFloat(yPred);
  const t = argmax(asTensor(yTrue), -1);
  const matches = inTopK(valuesOf(t), p, options.k ?? 5);
  return t.shape.length > 1 ? reshape(matches, t.shape) : matches;
}

/** 1 where the integer target is among the top `k` predictions (k default 5). */
export function sparseTopKCategoricalAccuracy(yTrue: unknown, yPred: unknown, options: { k?: number } = {}): Tensor {
  const p = asFloat(yPred);
  let t = asTensor(yTrue);
  if (t.shape.length === p.shape.length && t.shape[t.shape.length - 1] === 1) t = squeeze(t, -1);
  const matches = inTopK(valuesOf(t), p, options.k ?? 5);
  return t.shape.length > 1 ? reshape(matches, t.shape) : matches;
}

/** How often predictions equal labels exactly (name "accuracy"). */
export class Accuracy extends MeanMetricWrapper {
  static override readonly className: string = "Accuracy";
  constructor(options: MetricOptions = {}) {
    checkOptions("Accuracy", options, ["name", "dtype"]);
    super(accuracy, { name: "accuracy", ...options });
    this.direction = "up";
  }
}

/** How often `yPred > threshold` matches binary labels (name "binary_accuracy"). */
export class BinaryAccuracy extends MeanMetricWrapper {
  static override readonly className: string = "BinaryAccuracy";
  readonly threshold: number;
  constructor(options: MetricOptions & { threshold?: number } = {}) {
    checkOptions("BinaryAccuracy", options, ["name", "dtype", "threshold"]);
    const { threshold = 0.5, ...rest } = options;
    super(binaryAccuracy, { name: "binary_accuracy", ...rest }, { threshold });
    this.threshold = threshold;
    this.direction = "up";
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/** How often argmax of predictions matches one-hot labels (name "categorical_accuracy"). */
export class CategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = "CategoricalAccuracy";
  constructor(options: MetricOptions = {}) {
    checkOptions("CategoricalAccuracy", options, ["name", "dtype"]);
    super(categoricalAccuracy, { name: "categorical_accuracy", ...options });
    this.direction = "up";
  }
}

/** How often argmax of predictions matches integer labels (name "sparse_categorical_accuracy"). */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = "SparseCategoricalAccuracy";
  constructor(options: MetricOptions = {}) {
    checkOptions("SparseCategoricalAccuracy", options, ["name", "dtype"]);
    super(sparseCategoricalAccuracy, { name: "sparse_categorical_accuracy", ...options });
    this.direction = "up";
  }
}

/** How often one-hot targets are in the top k predictions (name "top_k_categorical_accuracy", k 5). */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = "TopKCategoricalAccuracy";
  readonly k: number;
  constructor(options: MetricOptions & { k?: number } = {}) {
    checkOptions("TopKCategoricalAccuracy", options, ["name", "dtype", "k"]);
    const { k = 5, ...rest } = options;
    super(topKCategoricalAccuracy, { name: "top_k_categorical_accuracy", ...rest }, { k });
    this.k = k;
    this.direction = "up";
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), k: this.k };
  }
}

/** How often integer targets are in the top k predictions (name "sparse_top_k_categorical_accuracy", k 5). */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = "SparseTopKCategoricalAccuracy";
  readonly k: number;
  constructor(options: MetricOptions & { k?: number } = {}) {
    checkOptions("SparseTopKCategoricalAccuracy", options, ["name", "dtype", "k"]);
    const { k = 5, ...rest } = options;
    super(sparseTopKCategoricalAccuracy, { name: "sparse_top_k_categorical_accuracy", ...rest }, { k });
    this.k = k;
    this.direction = "up";
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), k: this.k };
  }
}
