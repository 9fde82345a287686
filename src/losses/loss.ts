import { divide, equal, multiply } from "../ops/numpy/arithmetic.js";
import { where } from "../ops/numpy/indexing.js";
import { cast, expandDims, squeeze } from "../ops/numpy/manipulation.js";
import { sum } from "../ops/numpy/reductions.js";
import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { autoName } from "../util/names.js";
import { asDType } from "./common.js";

/** How a Loss reduces per-sample values (Keras's `reduction`). */
export type Reduction = "sum_over_batch_size" | "sum" | "none" | "mean" | "mean_with_sample_weight" | null;

const REDUCTIONS: readonly Reduction[] = ["sum_over_batch_size", "sum", null, "none", "mean", "mean_with_sample_weight"];

export interface LossOptions {
  /** The loss's name (default: its Keras name, e.g. `mean_squared_error`). */
  name?: string;
  /** How values are reduced (default "sum_over_batch_size": the mean over all elements). */
  reduction?: Reduction;
  /** The dtype inputs are converted to (default "float32"). */
  dtype?: "float32" | "float64" | null;
}

export function standardizeReduction(reduction: unknown): Reduction {
  if (!REDUCTIONS.includes(reduction as Reduction)) {
    throw new ValueError(`Invalid value for argument \`reduction\`. Expected one of ${REDUCTIONS.map((r) => JSON.stringify(r)).join(", ")}. Received: reduction=${JSON.stringify(reduction)}`);
  }
  return reduction as Reduction;
}

/**
 * Keras's `squeeze_or_expand_to_same_rank`: when ranks differ by one and the longer one ends in
 * a size-1 axis, squeeze it (or expand a rank-1 partner).
 */
export function squeezeOrExpandToSameRank(x1: Tensor, x2: Tensor, expandRank1 = true): [Tensor, Tensor] {
  const r1 = x1.shape.length;
  const r2 = x2.shape.length;
  if (r1 === r2) return [x1, x2];
  if (r1 === r2 + 1 && x1.shape[r1 - 1] === 1) {
    if (r2 === 1 && expandRank1) x2 = expandDims(x2, -1);
    else x1 = squeeze(x1, -1);
  }
  if (r2 === r1 + 1 && x2.shape[r2 - 1] === 1) {
    if (r1 === 1 && expandRank1) x1 = expandDims(x1, -1);
    else x2 = squeeze(x2, -1);
  }
  return [x1, x2];
}

/**
 * divide, with 0 where the divisor is 0 (Keras's `divide_no_nan` for scalars). Written with
 * ops (no value read in JS), so a traced training step can replay it.
 */
function divideNoNan(x: Tensor, d: Tensor): Tensor {
  const zero = equal(d, 0);
  return where(zero, multiply(x, 0), divide(x, where(zero, 1, d)));
}

/** Keras's `reduce_values`. */
export function reduceValues(values: Tensor, sampleWeight: Tensor | null, reduction: Reduction): Tensor {
  if (reduction === null || reduction === "none" || values.shape.length === 0 || (values.shape.length === 1 && values.shape[0] === 0)) return values;
  let loss = sum(values);
  if (reduction === "sum_over_batch_size" || reduction === "mean" || reduction === "mean_with_sample_weight") {
    if (reduction === "mean_with_sample_weight" && sampleWeight !== null) loss = divideNoNan(loss, cast(sum(sampleWeight), loss.dtype));
    else loss = values.size === 0 ? multiply(loss, 0) : divide(loss, convertToTensor(values.size, loss.dtype));
  }
  return loss;
}

/** Keras's `reduce_weighted_values`: weights (broadcast to the values' rank) then reduction. */
export function reduceWeightedValues(values: Tensor, sampleWeight: unknown, reduction: Reduction = "sum_over_batch_size", dtype: "float32" | "float64" = "float32"): Tensor {
  let v = values.dtype === dtype ? values : cast(values, dtype);
  let sw: Tensor | null = null;
  if (sampleWeight !== null && sampleWeight !== undefined) {
    sw = asDType(sampleWeight, dtype);
    [v, sw] = squeezeOrExpandToSameRank(v, sw);
    v = multiply(v, sw);
  }
  return reduceValues(v, sw, reduction);
}

/**
 * The base of loss classes (Keras's `Loss`): `apply(yTrue, yPred, sampleWeight?)` converts the
 * inputs, computes per-sample values with `call`, weights them and reduces them.
 */
export abstract class Loss {
  static readonly className: string = "Loss";
  name: string;
  reduction: Reduction;
  readonly dtype: "float32" | "float64";

  constructor(options: LossOptions = {}) {
    this.name = options.name ?? autoName(this.className);
    this.reduction = standardizeReduction(options.reduction === undefined ? "sum_over_batch_size" : options.reduction);
    // Keras writes either a dtype name or a DTypePolicy config
    const d = options.dtype as unknown;
    const name = typeof d === "string" ? d : d && typeof d === "object" ? ((d as { config?: { name?: string } }).config?.name ?? "float32") : "float32";
    this.dtype = name === "float64" ? "float64" : "float32";
  }

  get className(): string {
    const cls = this.constructor as typeof Loss;
    return Object.prototype.hasOwnProperty.call(cls, "className") ? cls.className : cls.name;
  }

  /** Per-sample loss values (usually one per sample: the last axis reduced). */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /** The reduced loss (Python's `loss(y_true, y_pred, sample_weight)`). */
  apply(yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Tensor {
    const p = asDType(yPred, this.dtype);
    const t = asDType(yTrue, this.dtype);
    const values = this.call(t, p);
    return reduceWeightedValues(values, sampleWeight, this.reduction, this.dtype);
  }

  /** The config with Keras's snake_case keys. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, reduction: this.reduction };
  }
}

/** A per-sample loss function: `(yTrue, yPred, options?) => values`. */
export type LossFn = (yTrue: Tensor, yPred: Tensor, options?: any) => Tensor;

/**
 * Wraps a per-sample function as a Loss (Keras's `LossFunctionWrapper`); the function's extra
 * options are passed on each call.
 */
export class LossFunctionWrapper extends Loss {
  static override readonly className: string = "LossFunctionWrapper";
  readonly fn: LossFn;
  readonly fnOptions: Record<string, unknown>;

  constructor(fn: LossFn, options: LossOptions = {}, fnOptions: Record<string, unknown> = {}) {
    super({ ...options, name: options.name ?? (fn.name ? fn.name : undefined) });
    this.fn = fn;
    this.fnOptions = fnOptions;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    return this.fn(t, p, this.fnOptions);
  }
}
