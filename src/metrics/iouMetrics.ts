import { argmax } from "../ops/numpy/reductions.js";
import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";
import { valuesOf, Metric, type MetricOptions } from "./metric.js";

const f32 = Math.fround;

export interface MeanIoUOptions extends MetricOptions {
  /** A label value left out of the confusion matrix (default null). */
  ignoreClass?: number | null;
  /** Labels are class indices (default true); false: one-hot, argmax taken over `axis`. */
  sparseYTrue?: boolean;
  /** Predictions are class indices (default true); false: scores, argmax taken over `axis`. */
  sparseYPred?: boolean;
  /** The class axis for argmax (default -1). */
  axis?: number;
}

/**
 * Mean Intersection-over-Union over classes (Keras's MeanIoU, name "mean_io_u"): a confusion
 * matrix accumulates (weighted) counts; IoU = tp / (tp + fp + fn) per class, averaged over the
 * classes that occur.
 */
export class MeanIoU extends Metric {
  static override readonly className: string = "MeanIoU";
  readonly numClasses: number;
  readonly ignoreClass: number | null;
  readonly sparseYTrue: boolean;
  readonly sparseYPred: boolean;
  readonly axis: number;
  readonly totalCm: Variable;

  constructor(numClasses: number, options: MeanIoUOptions = {}) {
    checkOptions("MeanIoU", options, ["name", "dtype", "ignoreClass", "sparseYTrue", "sparseYPred", "axis"]);
    const { ignoreClass = null, sparseYTrue = true, sparseYPred = true, axis = -1, ...rest } = options;
    super({ name: "mean_io_u", ...rest });
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new ValueError(`MeanIoU: numClasses must be a positive integer, received ${String(numClasses)}.`);
    this.direction = "up";
    this.numClasses = numClasses;
    this.ignoreClass = ignoreClass;
    this.sparseYTrue = sparseYTrue;
    this.sparseYPred = sparseYPred;
    this.axis = axis;
    this.totalCm = this.addVariable({ shape: [numClasses, numClasses], name: "total_confusion_matrix" });
  }

  updateState(yTrue: unknown, yPred: unknown, sampleWeight?: unknown): void {
    let t = yTrue instanceof Tensor ? yTrue : convertToTensor(yTrue, "float32");
    let p = yPred instanceof Tensor ? yPred : convertToTensor(yPred, "float32");
    if (!this.sparseYTrue) t = argmax(t, this.axis);
    if (!this.sparseYPred) p = argmax(p, this.axis);
    const tv = valuesOf(t);
    const pv = valuesOf(p);
    if (tv.length !== pv.length) throw new ValueError(`MeanIoU: labels and predictions must have the same number of elements; received ${tv.length} and ${pv.length}.`);
    let sw: ArrayLike<number> | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) sw = valuesOf(convertToTensor(sampleWeight, "float32"));
    const C = this.numClasses;
    const cm = new Float64Array(C * C);
    for (let i = 0; i < tv.length; i++) {
      const a = Math.trunc(Number(tv[i]));
      const b = Math.trunc(Number(pv[i]));
      if (a < 0 || a >= C || b < 0 || b >= C) continue;
      if (this.ignoreClass !== null && a === this.ignoreClass) continue;
      cm[a * C + b]! += sw === null ? 1 : sw.length === 1 ? sw[0]! : sw[i]!;
    }
    const cur = valuesOf(this.totalCm.value);
    const next = new Float32Array(C * C);
    for (let i = 0; i < C * C; i++) next[i] = f32(cur[i]! + f32(cm[i]!));
    this.totalCm.assign(new Tensor(next, [C, C], "float32"));
  }

  result(): Tensor {
    const C = this.numClasses;
    const cm = valuesOf(this.totalCm.value);
    let sum = 0;
    let valid = 0;
    for (let c = 0; c < C; c++) {
      let row = 0;
      let col = 0;
      for (let k = 0; k < C; k++) {
        row += cm[c * C + k]!;
        col += cm[k * C + c]!;
      }
      const tp = cm[c * C + c]!;
      const denom = f32(f32(row + col) - tp);
      if (denom !== 0) {
        valid++;
        sum = f32(sum + f32(tp / denom));
      }
    }
    return convertToTensor(valid === 0 ? 0 : sum / valid, "float32");
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), num_classes: this.numClasses, ignore_class: this.ignoreClass, sparse_y_true: this.sparseYTrue, sparse_y_pred: this.sparseYPred, axis: this.axis };
  }
}
