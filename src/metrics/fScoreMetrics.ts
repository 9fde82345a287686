import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { checkOptions } from "../util/options.js";
import { valuesOf, Metric, type MetricOptions } from "./metric.js";

const EPSILON = 1e-7;
const f32 = Math.fround;

export interface FBetaScoreOptions extends MetricOptions {
  /** null (per-class scores), "micro", "macro" or "weighted" (default null). */
  average?: "micro" | "macro" | "weighted" | null;
  /** Weight of recall relative to precision (default 1). */
  beta?: number;
  /** Predictions above it are positive; default null: the row's maximum is the positive class. */
  threshold?: number | null;
}

/**
 * F-beta score for 2-D inputs `(batch, classes)` (Keras's FBetaScore, name "fbeta_score"):
 * `(1 + beta^2) * p * r / (beta^2 * p + r)` per class, then averaged as requested.
 */
export class FBetaScore extends Metric {
  static override readonly className: string = "FBetaScore";
  readonly average: "micro" | "macro" | "weighted" | null;
  readonly beta: number;
  readonly threshold: number | null;
  truePositives: Variable | null = null;
  falsePositives: Variable | null = null;
  falseNegatives: Variable | null = null;
  intermediateWeights: Variable | null = null;
  private numClasses = 0;

  constructor(options: FBetaScoreOptions = {}, defaultName = "fbeta_score") {
    checkOptions("FBetaScore", options, ["name", "dtype", "average", "beta", "threshold"]);
    const { average = null, beta = 1.0, threshold = null, ...rest } = options;
    super({ name: defaultName, ...rest });
    this.direction = "up";
    if (average !== null && !["micro", "macro", "weighted"].includes(average)) {
      throw new ValueError(`Invalid \`average\` argument value. Expected one of: null, "micro", "macro", "weighted". Received: average=${String(average)}`);
    }
    if (!(typeof beta === "number" && beta > 0)) throw new ValueError(`Invalid \`beta\` argument value. It should be a number > 0. Received: beta=${String(beta)}`);
    if (threshold !== null && !(threshold > 0 && threshold <= 1)) {
      throw new ValueError(`Invalid \`threshold\` argument value. It should be a number in the range (0, 1]. Received: threshold=${String(threshold)}`);
    }
    this.average = average;
    this.beta = beta;
    this.threshold = threshold;
  }

  private build(classes: number): void {
    this.numClasses = classes;
    const shape = this.average === "micro" ? [] : [classes];
    this.truePositives = this.addVariable({ shape, name: "true_positives" });
    this.falsePositives = this.addVariable({ shape, name: "false_positives" });
    this.falseNegatives = this.addVariable({ shape, name: "false_negatives" });
    this.intermediateWeights = this.addVariable({ shape, name: "intermediate_weights" });
  }

  updateState(yTrue: unknown, yPred: unknown, sampleWeight?: unknown): void {
    const t = yTrue instanceof Tensor ? yTrue : convertToTensor(yTrue, "float32");
    const p = yPred instanceof Tensor ? yPred : convertToTensor(yPred, "float32");
    if (p.shape.length !== 2 || t.shape.length !== 2) {
      throw new ValueError(`FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=${formatShape(p.shape)} and y_true.shape=${formatShape(t.shape)}.`);
    }
    const [rows, C] = p.shape as [number, number];
    if (this.truePositives === null) this.build(C);
    const pv = valuesOf(p);
    const tv = valuesOf(t);
    const sw = sampleWeight === undefined || sampleWeight === null ? null : valuesOf(convertToTensor(sampleWeight, "float32"));
    const micro = this.average === "micro";
    const n = micro ? 1 : this.numClasses;
    const tp = new Float64Array(n);
    const fp = new Float64Array(n);
    const fn = new Float64Array(n);
    const iw = new Float64Array(n);
    for (let r = 0; r < rows; r++) {
      let rowMax = -Infinity;
      for (let c = 0; c < C; c++) rowMax = Math.max(rowMax, pv[r * C + c]!);
      for (let c = 0; c < C; c++) {
        const x = pv[r * C + c]!;
        const pred = this.threshold === null ? (x >= rowMax && Math.abs(x) > 1e-9 ? 1 : 0) : x > this.threshold ? 1 : 0;
        const y = Number(tv[r * C + c]);
        const w = sw === null ? 1 : sw.length === rows ? sw[r]! : sw.length === 1 ? sw[0]! : sw[r * C + c]!;
        const k = micro ? 0 : c;
        tp[k]! += pred * y * w;
        fp[k]! += pred * (1 - y) * w;
        fn[k]! += (1 - pred) * y * w;
        iw[k]! += y * w;
      }
    }
    const add = (v: Variable, d: Float64Array) => {
      const cur = valuesOf(v.value);
      const next = new Float32Array(d.length);
      for (let i = 0; i < d.length; i++) next[i] = f32(cur[i]! + f32(d[i]!));
      v.assign(new Tensor(next, [...v.shape], "float32"));
    };
    add(this.truePositives!, tp);
    add(this.falsePositives!, fp);
    add(this.falseNegatives!, fn);
    add(this.intermediateWeights!, iw);
  }

  result(): Tensor {
    if (this.truePositives === null) return convertToTensor(0, "float32");
    const tp = valuesOf(this.truePositives.value);
    const fp = valuesOf(this.falsePositives!.value);
    const fn = valuesOf(this.falseNegatives!.value);
    const iw = valuesOf(this.intermediateWeights!.value);
    const b2 = f32(this.beta ** 2);
    const scores = new Float32Array(tp.length);
    for (let i = 0; i < tp.length; i++) {
      const precision = f32(tp[i]! / f32(f32(tp[i]! + fp[i]!) + EPSILON));
      const recall = f32(tp[i]! / f32(f32(tp[i]! + fn[i]!) + EPSILON));
      const mean = f32(f32(precision * recall) / f32(f32(f32(b2 * precision) + recall) + EPSILON));
      scores[i] = f32(mean * f32(1 + b2));
    }
    if (this.average === "weighted") {
      let total = 0;
      for (let i = 0; i < iw.length; i++) total += iw[i]!;
      let s = 0;
      for (let i = 0; i < scores.length; i++) s += scores[i]! * f32(iw[i]! / f32(total + EPSILON));
      return convertToTensor(s, "float32");
    }
    if (this.average !== null) {
      let s = 0;
      for (const v of scores) s += v;
      return convertToTensor(s / scores.length, "float32");
    }
    return new Tensor(scores, [scores.length], "float32");
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), average: this.average, beta: this.beta, threshold: this.threshold };
  }
}

/** F1 score: FBetaScore with beta 1 (Keras's F1Score, name "f1_score"). */
export class F1Score extends FBetaScore {
  static override readonly className: string = "F1Score";
  constructor(options: Omit<FBetaScoreOptions, "beta"> = {}) {
    super({ ...options, beta: 1.0 }, "f1_score");
  }
  override getConfig(): Record<string, unknown> {
    const c = super.getConfig();
    delete c.beta;
    return c;
  }
}
