/** keras.metrics: stateful metrics and the per-sample functions they wrap. */
import { camelKey, mapKeys } from "../serialization/keys.js";
import { registerBuiltin, resolveClass, type CustomObjects } from "../serialization/registry.js";
import { ValueError } from "../util/errors.js";
import { closestMatch, toCamelCase, toSnakeCase } from "../util/strings.js";
import * as lossFns from "../losses/index.js";
import {
  Accuracy,
  accuracy,
  BinaryAccuracy,
  binaryAccuracy,
  CategoricalAccuracy,
  categoricalAccuracy,
  SparseCategoricalAccuracy,
  sparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from "./accuracyMetrics.js";
import { AUC, Precision, Recall } from "./confusionMetrics.js";
import { F1Score, FBetaScore } from "./fScoreMetrics.js";
import { MeanIoU } from "./iouMetrics.js";
import { Metric } from "./metric.js";
import { BinaryCrossentropy, CategoricalCrossentropy, CategoricalHinge, Hinge, KLDivergence, Poisson, SparseCategoricalCrossentropy, SquaredHinge } from "./probabilisticMetrics.js";
import { Mean, MeanMetricWrapper, Sum, type MetricFn } from "./reductionMetrics.js";
import {
  CosineSimilarity,
  LogCoshError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredError,
  MeanSquaredLogarithmicError,
  RootMeanSquaredError,
} from "./regressionMetrics.js";

export { Metric, type MetricOptions } from "./metric.js";
export { Mean, Sum, MeanMetricWrapper, reduceToSamplewiseValues, type MetricFn } from "./reductionMetrics.js";
export * from "./accuracyMetrics.js";
export { AUC, Precision, Recall, type AUCOptions, type PrecisionRecallOptions } from "./confusionMetrics.js";
export * from "./regressionMetrics.js";
export * from "./probabilisticMetrics.js";
export { MeanIoU, type MeanIoUOptions } from "./iouMetrics.js";
export { FBetaScore, F1Score, type FBetaScoreOptions } from "./fScoreMetrics.js";
export {
  meanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredLogarithmicError,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  klDivergence,
  poisson,
  hinge,
  squaredHinge,
  categoricalHinge,
  huber,
  logCosh,
} from "../losses/index.js";

type MetricClass = new (...args: any[]) => Metric;

const CLASSES: Record<string, MetricClass> = {
  Mean,
  Sum,
  MeanMetricWrapper,
  Accuracy,
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  AUC,
  Precision,
  Recall,
  MeanSquaredError,
  RootMeanSquaredError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  CosineSimilarity,
  LogCoshError,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  KLDivergence,
  Poisson,
  Hinge,
  SquaredHinge,
  CategoricalHinge,
  MeanIoU,
  FBetaScore,
  F1Score,
} as unknown as Record<string, MetricClass>;
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin("metrics", name, cls as never);

/** Metric functions by Keras name (those without a class of the same snake_case name). */
const FUNCTIONS: Record<string, MetricFn> = {
  accuracy,
  binary_accuracy: binaryAccuracy,
  categorical_accuracy: categoricalAccuracy,
  sparse_categorical_accuracy: sparseCategoricalAccuracy,
  top_k_categorical_accuracy: topKCategoricalAccuracy,
  sparse_top_k_categorical_accuracy: sparseTopKCategoricalAccuracy,
  huber: lossFns.huber,
  log_cosh: lossFns.logCosh,
};

/** Keras's table: class names, their snake_case names (which win over functions) and short aliases. */
const TABLE = new Map<string, MetricClass | MetricFn>();
for (const [k, f] of Object.entries(FUNCTIONS)) TABLE.set(k, f);
for (const [k, c] of Object.entries(CLASSES)) {
  TABLE.set(k, c);
  if (k !== "MeanMetricWrapper") TABLE.set(toSnakeCase(k), c);
}
TABLE.set("mean_io_u", MeanIoU);
const ALIASES: Record<string, string> = {
  bce: "BinaryCrossentropy",
  BCE: "BinaryCrossentropy",
  mse: "MeanSquaredError",
  MSE: "MeanSquaredError",
  mae: "MeanAbsoluteError",
  MAE: "MeanAbsoluteError",
  mape: "MeanAbsolutePercentageError",
  MAPE: "MeanAbsolutePercentageError",
  msle: "MeanSquaredLogarithmicError",
  MSLE: "MeanSquaredLogarithmicError",
  acc: "Accuracy",
};
for (const [k, v] of Object.entries(ALIASES)) TABLE.set(k, CLASSES[v]!);
for (const k of [...TABLE.keys()]) if (k.includes("_")) TABLE.set(toCamelCase(k), TABLE.get(k)!);

const isClass = (x: unknown): x is MetricClass => typeof x === "function" && (x as { prototype?: unknown }).prototype instanceof Metric;

export type MetricIdentifier = string | Metric | MetricFn | { class_name: string; config?: Record<string, unknown>; registered_name?: string | null };

/** Keras's `{ module, class_name, config, registered_name }` form of a metric. */
export function serialize(metric: Metric): Record<string, unknown> {
  return { module: "keras.metrics", class_name: metric.className, config: metric.getConfig(), registered_name: null };
}

/** Rebuilds a metric from its serialized form. */
export function deserialize(config: { class_name: string; config?: Record<string, unknown>; registered_name?: string | null }, customObjects?: CustomObjects): Metric {
  const cls = resolveClass("metrics", config.class_name, config.registered_name, customObjects) as unknown as MetricClass & { fromConfig?: (c: Record<string, unknown>) => Metric };
  if (cls.fromConfig) return cls.fromConfig(config.config ?? {});
  const opts = mapKeys(config.config ?? {}, camelKey);
  if (cls === (MeanIoU as unknown)) {
    const { numClasses, ...rest } = opts as { numClasses: number };
    return new MeanIoU(numClasses, rest);
  }
  return new cls(opts);
}

/**
 * keras.metrics.get: a metric instance for a class name or Keras name (`"auc"`, `"mse"`,
 * `"precision"`, `"MeanSquaredError"`), a function for function names (`"binary_accuracy"`),
 * instances and functions unchanged.
 */
export function get(identifier: MetricIdentifier | null | undefined, customObjects?: CustomObjects): Metric | MetricFn | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Metric || typeof identifier === "function") return identifier;
  if (typeof identifier === "string") {
    const found = TABLE.get(identifier);
    if (!found) {
      const hint = closestMatch(identifier, [...TABLE.keys()]);
      throw new ValueError(`Could not interpret metric identifier: '${identifier}'.${hint ? ` Did you mean '${hint}'?` : ""} Use a Keras metric name such as 'accuracy', 'mse', 'mae', 'auc', 'precision' or a keras.metrics.Metric instance.`);
    }
    if (isClass(found)) {
      if (found === (MeanIoU as unknown)) throw new ValueError(`The metric '${identifier}' needs arguments: use new keras.metrics.MeanIoU(numClasses).`);
      return new found();
    }
    return found as MetricFn;
  }
  if (typeof identifier === "object" && "class_name" in identifier) return deserialize(identifier, customObjects);
  throw new ValueError(`Could not interpret metric identifier: ${String(identifier)}`);
}
