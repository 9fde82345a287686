import { sigmoid } from "../ops/nn/activations.js";
import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { checkOptions } from "../util/options.js";
import { valuesOf, Metric, type MetricOptions } from "./metric.js";

const EPSILON = 1e-7;
const f32 = Math.fround;

/**
 * Keras's `update_confusion_matrix_variables` for one threshold list, computed in JS: a
 * prediction is positive when `yPred > threshold`; labels are positive when non-zero. With
 * `classId` only that column counts; with `topK` only the k largest predictions of a row can
 * be positive. Returns per-threshold sums of [tp, fp, tn, fn] weights.
 */
export function confusionCounts(
  yTrue: unknown,
  yPred: unknown,
  thresholds: readonly number[],
  options: { sampleWeight?: unknown; classId?: number | null; topK?: number | null } = {},
): { tp: Float64Array; fp: Float64Array; tn: Float64Array; fn: Float64Array } {
  const t = yTrue instanceof Tensor ? yTrue : convertToTensor(yTrue, "float32");
  const p = yPred instanceof Tensor ? yPred : convertToTensor(yPred, "float32");
  if (t.size !== p.size) {
    throw new ValueError(`Confusion-matrix metrics need labels and predictions of the same size; received y_true of shape ${formatShape(t.shape)} and y_pred of shape ${formatShape(p.shape)}.`);
  }
  const pv = Float64Array.from(valuesOf(p), Number);
  const tv = valuesOf(t);
  const n = pv.length;
  const last = p.shape.length > 0 ? p.shape[p.shape.length - 1]! : 1;
  const topK = options.topK ?? null;
  if (topK !== null) {
    for (let r = 0; r < n / last; r++) {
      const row = Array.from(pv.subarray(r * last, (r + 1) * last));
      const kth = [...row].sort((a, b) => b - a)[Math.min(topK, last) - 1]!;
      let kept = 0;
      for (let j = 0; j < last; j++) {
        if (row[j]! >= kth && kept < topK) kept++;
        else pv[r * last + j] = -Infinity;
      }
    }
  }
  let sw: ArrayLike<number> | null = null;
  let swStride = 0;
  if (options.sampleWeight !== undefined && options.sampleWeight !== null) {
    const w = convertToTensor(options.sampleWeight, "float32");
    sw = valuesOf(w);
    swStride = w.size === n ? 1 : w.size === 1 ? 0 : w.size === n / last ? -1 : NaN;
    if (Number.isNaN(swStride)) throw new ValueError(`sample_weight of shape ${formatShape(w.shape)} cannot be broadcast to predictions of shape ${formatShape(p.shape)}.`);
  }
  const classId = options.classId ?? null;
  const T = thresholds.length;
  const out = { tp: new Float64Array(T), fp: new Float64Array(T), tn: new Float64Array(T), fn: new Float64Array(T) };
  for (let i = 0; i < n; i++) {
    if (classId !== null && i % last !== classId) continue;
    const label = Number(tv[i]) !== 0;
    const pred = pv[i]!;
    const weight = sw === null ? 1 : swStride === 1 ? sw[i]! : swStride === 0 ? sw[0]! : sw[Math.floor(i / last)]!;
    for (let k = 0; k < T; k++) {
      const pos = pred > thresholds[k]!;
      if (label) {
        if (pos) out.tp[k]! += weight;
        else out.fn[k]! += weight;
      } else if (pos) out.fp[k]! += weight;
      else out.tn[k]! += weight;
    }
  }
  return out;
}

/** Adds JS sums to a float32 variable. */
function addTo(v: Variable, values: Float64Array): void {
  const cur = valuesOf(v.value);
  const next = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) next[i] = f32(cur[i]! + f32(values[i]!));
  v.assign(new Tensor(next, [...v.shape], "float32"));
}

function parseThresholds(thresholds: number | number[] | null | undefined, dflt: number): number[] {
  const list = thresholds === null || thresholds === undefined ? [dflt] : Array.isArray(thresholds) ? [...thresholds] : [thresholds];
  for (const t of list) if (!(t >= 0 && t <= 1) && t !== -Infinity) throw new ValueError(`Threshold values must be in [0, 1]. Received: ${JSON.stringify(list)}`);
  return list;
}

export interface PrecisionRecallOptions extends MetricOptions {
  /** Threshold(s) in [0, 1] above which a prediction is positive (default 0.5; a list gives one value per threshold). */
  thresholds?: number | number[] | null;
  /** Only the k largest predictions of each row can be positive (default null). */
  topK?: number | null;
  /** Only this class (last-axis index) counts (default null). */
  classId?: number | null;
}

abstract class PrecisionRecallBase extends Metric {
  readonly thresholds: number[];
  readonly initThresholds: number | number[] | null;
  readonly topK: number | null;
  readonly classId: number | null;
  readonly truePositives: Variable;
  protected readonly other: Variable;

  constructor(options: PrecisionRecallOptions, defaultName: string, otherName: string) {
    checkOptions(defaultName === "precision" ? "Precision" : "Recall", options, ["name", "dtype", "thresholds", "topK", "classId"]);
    const { thresholds = null, topK = null, classId = null, ...rest } = options;
    super({ name: defaultName, ...rest });
    this.direction = "up";
    this.initThresholds = thresholds;
    this.topK = topK;
    this.classId = classId;
    this.thresholds = parseThresholds(thresholds, topK === null ? 0.5 : -Infinity);
    this.truePositives = this.addVariable({ shape: [this.thresholds.length], name: "true_positives" });
    this.other = this.addVariable({ shape: [this.thresholds.length], name: otherName });
  }

  protected abstract otherCounts(c: ReturnType<typeof confusionCounts>): Float64Array;

  updateState(yTrue: unknown, yPred: unknown, sampleWeight?: unknown): void {
    const c = confusionCounts(yTrue, yPred, this.thresholds, { sampleWeight, classId: this.classId, topK: this.topK });
    addTo(this.truePositives, c.tp);
    addTo(this.other, this.otherCounts(c));
  }

  result(): Tensor {
    const tp = valuesOf(this.truePositives.value);
    const o = valuesOf(this.other.value);
    const out = new Float32Array(tp.length);
    for (let i = 0; i < tp.length; i++) {
      const d = f32(tp[i]! + o[i]!);
      out[i] = d === 0 ? 0 : f32(tp[i]! / d);
    }
    return this.thresholds.length === 1 ? new Tensor(out.subarray(0, 1).slice(), [], "float32") : new Tensor(out, [out.length], "float32");
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: this.initThresholds, top_k: this.topK, class_id: this.classId };
  }
}

/**
 * Precision `tp / (tp + fp)` of thresholded predictions (name "precision").
 * @example m.updateState([0, 1, 1, 1], [1, 0, 1, 1]); m.result() // 0.6667
 */
export class Precision extends PrecisionRecallBase {
  static override readonly className: string = "Precision";
  constructor(options: PrecisionRecallOptions = {}) {
    super(options, "precision", "false_positives");
  }
  get falsePositives(): Variable {
    return this.other;
  }
  protected otherCounts(c: ReturnType<typeof confusionCounts>): Float64Array {
    return c.fp;
  }
}

/** Recall `tp / (tp + fn)` of thresholded predictions (name "recall"). */
export class Recall extends PrecisionRecallBase {
  static override readonly className: string = "Recall";
  constructor(options: PrecisionRecallOptions = {}) {
    super(options, "recall", "false_negatives");
  }
  get falseNegatives(): Variable {
    return this.other;
  }
  protected otherCounts(c: ReturnType<typeof confusionCounts>): Float64Array {
    return c.fn;
  }
}

export interface AUCOptions extends MetricOptions {
  /** Number of thresholds for the Riemann sum (default 200). */
  numThresholds?: number;
  /** "ROC" (default) or "PR". */
  curve?: "ROC" | "PR";
  /** "interpolation" (default), "minoring" or "majoring". */
  summationMethod?: "interpolation" | "minoring" | "majoring";
  /** Explicit thresholds in (0, 1) instead of evenly spaced ones. */
  thresholds?: number[] | null;
  /** Predictions are logits (sigmoid applied first; default false). */
  fromLogits?: boolean;
  /** Treat the last axis as independent labels and average their AUCs (default false). */
  multiLabel?: boolean;
  /** The number of labels, with multiLabel (default: from the first batch). */
  numLabels?: number | null;
  /** Weights of the labels' AUCs, with multiLabel (default: plain mean). */
  labelWeights?: number[] | null;
}

/**
 * Area under the ROC (or PR) curve, approximated over fixed thresholds like Keras's AUC
 * (name "auc"); labels and predictions are flattened.
 */
export class AUC extends Metric {
  static override readonly className: string = "AUC";
  readonly numThresholds: number;
  readonly curve: "ROC" | "PR";
  readonly summationMethod: "interpolation" | "minoring" | "majoring";
  readonly thresholds: number[];
  readonly fromLogits: boolean;
  readonly multiLabel: boolean;
  readonly numLabels: number | null;
  readonly labelWeights: number[] | null;
  private readonly initFromThresholds: boolean;
  truePositives!: Variable;
  falsePositives!: Variable;
  trueNegatives!: Variable;
  falseNegatives!: Variable;
  private labels = 1;
  private builtVars = false;

  constructor(options: AUCOptions = {}) {
    checkOptions("AUC", options, ["name", "dtype", "numThresholds", "curve", "summationMethod", "thresholds", "fromLogits", "multiLabel", "numLabels", "labelWeights"]);
    const { numThresholds = 200, curve = "ROC", summationMethod = "interpolation", thresholds = null, fromLogits = false, multiLabel = false, numLabels = null, labelWeights = null, ...rest } = options;
    super({ name: "auc", ...rest });
    this.direction = "up";
    if (curve !== "ROC" && curve !== "PR") throw new ValueError(`Invalid \`curve\` argument value "${String(curve)}". Expected one of: "ROC", "PR".`);
    if (!["interpolation", "minoring", "majoring"].includes(summationMethod)) {
      throw new ValueError(`Invalid \`summationMethod\` argument value "${String(summationMethod)}". Expected one of: "interpolation", "minoring", "majoring".`);
    }
    let inner: number[];
    this.initFromThresholds = thresholds !== null;
    if (thresholds !== null) {
      inner = [...thresholds].sort((a, b) => a - b);
      this.numThresholds = inner.length + 2;
    } else {
      if (!(numThresholds > 1)) throw new ValueError(`Argument \`numThresholds\` must be an integer > 1. Received: numThresholds=${numThresholds}`);
      this.numThresholds = numThresholds;
      inner = Array.from({ length: numThresholds - 2 }, (_, i) => ((i + 1) * 1.0) / (numThresholds - 1));
    }
    this.thresholds = [0.0 - EPSILON, ...inner, 1.0 + EPSILON];
    this.curve = curve;
    this.summationMethod = summationMethod;
    this.fromLogits = fromLogits;
    this.multiLabel = multiLabel;
    this.numLabels = numLabels;
    this.labelWeights = labelWeights;
    if (!multiLabel && numLabels) throw new ValueError("`numLabels` is needed only when `multiLabel` is true.");
    if (!multiLabel) this.buildVars(1);
    else if (numLabels) this.buildVars(numLabels);
  }

  private buildVars(labels: number): void {
    this.labels = labels;
    const shape = this.multiLabel ? [this.numThresholds, labels] : [this.numThresholds];
    this.truePositives = this.addVariable({ shape, name: "true_positives" });
    this.falsePositives = this.addVariable({ shape, name: "false_positives" });
    this.trueNegatives = this.addVariable({ shape, name: "true_negatives" });
    this.falseNegatives = this.addVariable({ shape, name: "false_negatives" });
    this.builtVars = true;
  }

  updateState(yTrue: unknown, yPred: unknown, sampleWeight?: unknown): void {
    let p = yPred instanceof Tensor ? yPred : convertToTensor(yPred, "float32");
    if (this.fromLogits) p = sigmoid(p);
    // compare in float32 like Keras (thresholds are cast to the predictions' dtype)
    const th = this.thresholds.map(f32);
    if (!this.multiLabel) {
      const c = confusionCounts(yTrue, p, th, { sampleWeight });
      addTo(this.truePositives, c.tp);
      addTo(this.falsePositives, c.fp);
      addTo(this.trueNegatives, c.tn);
      addTo(this.falseNegatives, c.fn);
      return;
    }
    if (p.shape.length !== 2) throw new ValueError(`\`yPred\` must have rank 2 when \`multiLabel: true\`. Found rank ${p.shape.length}. Full shape received for \`yPred\`: ${formatShape(p.shape)}`);
    const L = p.shape[1]!;
    if (!this.builtVars) this.buildVars(L);
    const T = this.numThresholds;
    const sums = { tp: new Float64Array(T * L), fp: new Float64Array(T * L), tn: new Float64Array(T * L), fn: new Float64Array(T * L) };
    for (let l = 0; l < L; l++) {
      const c = confusionCounts(yTrue, p, th, { sampleWeight, classId: l });
      for (let t = 0; t < T; t++) {
        sums.tp[t * L + l] = c.tp[t]!;
        sums.fp[t * L + l] = c.fp[t]!;
        sums.tn[t * L + l] = c.tn[t]!;
        sums.fn[t * L + l] = c.fn[t]!;
      }
    }
    addTo(this.truePositives, sums.tp);
    addTo(this.falsePositives, sums.fp);
    addTo(this.trueNegatives, sums.tn);
    addTo(this.falseNegatives, sums.fn);
  }

  private interpolatePrAuc(tp: ArrayLike<number>, fp: ArrayLike<number>, fn: ArrayLike<number>): number {
    const T = this.numThresholds;
    let total = 0;
    for (let i = 0; i < T - 1; i++) {
      const dtp = tp[i]! - tp[i + 1]!;
      const p0 = tp[i]! + fp[i]!;
      const p1 = tp[i + 1]! + fp[i + 1]!;
      const dp = p0 - p1;
      const precSlope = Math.max(dp, 0) === 0 ? 0 : dtp / Math.max(dp, 0);
      const intercept = tp[i + 1]! - precSlope * p1;
      const ratio = p0 > 0 && p1 > 0 ? (Math.max(p1, 0) === 0 ? 0 : p0 / Math.max(p1, 0)) : 1;
      const denom = Math.max(tp[i + 1]! + fn[i + 1]!, 0);
      const num = precSlope * (dtp + intercept * Math.log(ratio));
      total += denom === 0 ? 0 : num / denom;
    }
    return total;
  }

  result(): Tensor {
    if (!this.builtVars) return convertToTensor(0, "float32");
    const all = [this.truePositives, this.falsePositives, this.trueNegatives, this.falseNegatives].map((v) => valuesOf(v.value));
    const L = this.multiLabel ? this.labels : 1;
    const T = this.numThresholds;
    const column = (a: ArrayLike<number>, l: number) => Float64Array.from({ length: T }, (_, t) => a[t * L + l]!);
    const per: number[] = [];
    for (let l = 0; l < L; l++) {
      const [tp, fp, tn, fn] = all.map((a) => column(a, l)) as [Float64Array, Float64Array, Float64Array, Float64Array];
      per.push(this.singleAuc(tp, fp, tn, fn));
    }
    if (!this.multiLabel) return convertToTensor(per[0]!, "float32");
    const w = this.labelWeights;
    if (!w) return convertToTensor(per.reduce((a, b) => a + b, 0) / L, "float32");
    const wsum = w.reduce((a, b) => a + b, 0);
    return convertToTensor(wsum === 0 ? 0 : per.reduce((a, b, i) => a + b * w[i]!, 0) / wsum, "float32");
  }

  private singleAuc(tp: ArrayLike<number>, fp: ArrayLike<number>, tn: ArrayLike<number>, fn: ArrayLike<number>): number {
    const T = this.numThresholds;
    if (this.curve === "PR" && this.summationMethod === "interpolation") return this.interpolatePrAuc(tp, fp, fn);
    const dnn = (a: number, b: number) => (b === 0 ? 0 : f32(a / b));
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < T; i++) {
      const recall = dnn(tp[i]!, f32(tp[i]! + fn[i]!));
      if (this.curve === "ROC") {
        x.push(dnn(fp[i]!, f32(fp[i]! + tn[i]!)));
        y.push(recall);
      } else {
        x.push(recall);
        y.push(dnn(tp[i]!, f32(tp[i]! + fp[i]!)));
      }
    }
    let total = 0;
    for (let i = 0; i < T - 1; i++) {
      const h = this.summationMethod === "interpolation" ? (y[i]! + y[i + 1]!) / 2 : this.summationMethod === "minoring" ? Math.min(y[i]!, y[i + 1]!) : Math.max(y[i]!, y[i + 1]!);
      total += (x[i]! - x[i + 1]!) * h;
    }
    return total;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      num_thresholds: this.numThresholds,
      curve: this.curve,
      summation_method: this.summationMethod,
      multi_label: this.multiLabel,
      num_labels: this.numLabels,
      label_weights: this.labelWeights,
      from_logits: this.fromLogits,
      ...(this.initFromThresholds ? { thresholds: this.thresholds.slice(1, -1) } : {}),
    };
  }
}
