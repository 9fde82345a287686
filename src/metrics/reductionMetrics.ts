import { add, divide, multiply } from "../ops/numpy/arithmetic.js";
import { broadcastTo } from "../ops/numpy/shape.js";
import { cast } from "../ops/numpy/manipulation.js";
import { mean, sum } from "../ops/numpy/reductions.js";
import { squeezeOrExpandToSameRank } from "../losses/loss.js";
import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Metric, type MetricOptions } from "./metric.js";

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/**
 * Keras's `reduce_to_samplewise_values`: weights the values (broadcasting the weights) and
 * reduces every axis but the first with `reduce`.
 */
export function reduceToSamplewiseValues(values: unknown, sampleWeight: unknown, reduce: "sum" | "mean", dtype: "float32" | "float64"): [Tensor, Tensor | null] {
  const fn = reduce === "sum" ? sum : mean;
  let v = values instanceof Tensor ? (values.dtype === dtype ? values : cast(values, dtype)) : convertToTensor(values, dtype);
  let sw: Tensor | null = null;
  if (sampleWeight !== null && sampleWeight !== undefined) {
    sw = convertToTensor(sampleWeight, dtype);
    [v, sw] = squeezeOrExpandToSameRank(v, sw);
    const wr = sw.shape.length;
    if (v.shape.length > wr) v = fn(v, range(wr, v.shape.length));
    sw = broadcastTo(sw, v.shape);
    v = multiply(v, sw);
    if (wr > 1) sw = fn(sw, range(1, wr));
  }
  if (v.shape.length > 1) v = fn(v, range(1, v.shape.length));
  return [v, sw];
}

/** `divide`, giving 0 where the denominator is 0 (Keras's `divide_no_nan`, for scalars). */
export function divideNoNan(a: Tensor, b: Tensor): Tensor {
  return b.item() === 0 ? multiply(a, 0) : divide(a, b);
}

/** The (weighted) sum of the values seen (Keras's Sum, name "sum"). */
export class Sum extends Metric {
  static override readonly className: string = "Sum";
  readonly total: Variable;
  constructor(options: MetricOptions = {}) {
    super({ name: "sum", ...options });
    this.total = this.addVariable({ shape: [], name: "total" });
  }
  updateState(values: unknown, sampleWeight?: unknown): void {
    const [v] = reduceToSamplewiseValues(values, sampleWeight, "sum", this.dtype);
    this.total.assign(add(this.total.value, sum(v)));
  }
  result(): Tensor {
    return this.total.value;
  }
}

/** The (weighted) mean of the values seen (Keras's Mean, name "mean"). */
export class Mean extends Metric {
  static override readonly className: string = "Mean";
  readonly total: Variable;
  readonly count: Variable;
  constructor(options: MetricOptions = {}) {
    super({ name: "mean", ...options });
    this.total = this.addVariable({ shape: [], name: "total" });
    this.count = this.addVariable({ shape: [], name: "count" });
  }
  updateState(values: unknown, sampleWeight?: unknown): void {
    const [v, sw] = reduceToSamplewiseValues(values, sampleWeight, "mean", this.dtype);
    this.total.assign(add(this.total.value, sum(v)));
    let n: Tensor | number;
    if (sw !== null) n = sum(sw);
    else n = v.shape.length >= 1 ? v.shape[0]! : 1;
    this.count.assign(add(this.count.value, typeof n === "number" ? convertToTensor(n, this.dtype) : n));
  }
  result(): Tensor {
    return divideNoNan(this.total.value, this.count.value);
  }
}

/** A per-sample function `(yTrue, yPred, options) => values`, as metrics wrap them. */
export type MetricFn = (yTrue: any, yPred: any, options?: any) => Tensor;

/**
 * The mean of a per-sample function of `(yTrue, yPred)` (Keras's MeanMetricWrapper), e.g.
 * `new MeanMetricWrapper(keras.losses.meanSquaredError, { name: "mse" })`.
 */
export class MeanMetricWrapper extends Mean {
  static override readonly className: string = "MeanMetricWrapper";
  readonly fn: MetricFn;
  readonly fnOptions: Record<string, unknown>;
  constructor(fn: MetricFn, options: MetricOptions = {}, fnOptions: Record<string, unknown> = {}) {
    super({ ...options, name: options.name ?? (fn.name || "mean_metric_wrapper") });
    this.fn = fn;
    this.fnOptions = fnOptions;
  }
  override updateState(yTrue: unknown, yPred?: unknown, sampleWeight?: unknown): void {
    const values = Object.keys(this.fnOptions).length > 0 ? this.fn(yTrue, yPred, this.fnOptions) : this.fn(yTrue, yPred);
    super.updateState(values, sampleWeight);
  }
}
