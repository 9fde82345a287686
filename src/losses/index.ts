/** keras.losses: per-sample loss functions and Loss classes. */
import { camelKey, mapKeys } from "../serialization/keys.js";
import { registerBuiltin, resolveClass, type CustomObjects } from "../serialization/registry.js";
import { ValueError } from "../util/errors.js";
import { closestMatch, toCamelCase } from "../util/strings.js";
import { categoricalHinge, CategoricalHinge, hinge, Hinge, squaredHinge, SquaredHinge } from "./hinge.js";
import { Loss, LossFunctionWrapper, type LossFn } from "./loss.js";
import {
  binaryCrossentropy,
  BinaryCrossentropy,
  binaryFocalCrossentropy,
  BinaryFocalCrossentropy,
  categoricalCrossentropy,
  CategoricalCrossentropy,
  categoricalFocalCrossentropy,
  CategoricalFocalCrossentropy,
  klDivergence,
  KLDivergence,
  poisson,
  Poisson,
  sparseCategoricalCrossentropy,
  SparseCategoricalCrossentropy,
} from "./probabilistic.js";
import {
  cosineSimilarity,
  CosineSimilarity,
  huber,
  Huber,
  logCosh,
  LogCosh,
  meanAbsoluteError,
  MeanAbsoluteError,
  meanAbsolutePercentageError,
  MeanAbsolutePercentageError,
  meanSquaredError,
  MeanSquaredError,
  meanSquaredLogarithmicError,
  MeanSquaredLogarithmicError,
} from "./regression.js";

export { Loss, LossFunctionWrapper, reduceWeightedValues, squeezeOrExpandToSameRank, type LossFn, type LossOptions, type Reduction } from "./loss.js";
export * from "./regression.js";
export * from "./probabilistic.js";
export * from "./hinge.js";
export { checkLossShapes } from "./shapes.js";

/** `kld` etc.: Keras's short names. */
export const kld = klDivergence;
export const mse = meanSquaredError;
export const mae = meanAbsoluteError;
export const mape = meanAbsolutePercentageError;
export const msle = meanSquaredLogarithmicError;

type LossClass = new (options?: Record<string, unknown>) => Loss;

const CLASSES: Record<string, LossClass> = {
  MeanSquaredError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  CosineSimilarity,
  Huber,
  LogCosh,
  BinaryCrossentropy,
  BinaryFocalCrossentropy,
  CategoricalCrossentropy,
  CategoricalFocalCrossentropy,
  SparseCategoricalCrossentropy,
  KLDivergence,
  Poisson,
  Hinge,
  SquaredHinge,
  CategoricalHinge,
} as unknown as Record<string, LossClass>;
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin("losses", name, cls as never);

/** Keras's snake_case function names → functions. */
const FUNCTIONS: Record<string, LossFn> = {
  mean_squared_error: meanSquaredError,
  mean_absolute_error: meanAbsoluteError,
  mean_absolute_percentage_error: meanAbsolutePercentageError,
  mean_squared_logarithmic_error: meanSquaredLogarithmicError,
  cosine_similarity: cosineSimilarity,
  huber,
  log_cosh: logCosh,
  binary_crossentropy: binaryCrossentropy,
  binary_focal_crossentropy: binaryFocalCrossentropy,
  categorical_crossentropy: categoricalCrossentropy,
  categorical_focal_crossentropy: categoricalFocalCrossentropy,
  sparse_categorical_crossentropy: sparseCategoricalCrossentropy,
  kl_divergence: klDivergence,
  poisson,
  hinge,
  squared_hinge: squaredHinge,
  categorical_hinge: categoricalHinge,
};

/** Keras's aliases (losses/__init__.py and the legacy names). */
const ALIASES: Record<string, string> = {
  mse: "mean_squared_error",
  MSE: "mean_squared_error",
  mae: "mean_absolute_error",
  MAE: "mean_absolute_error",
  mape: "mean_absolute_percentage_error",
  MAPE: "mean_absolute_percentage_error",
  msle: "mean_squared_logarithmic_error",
  MSLE: "mean_squared_logarithmic_error",
  bce: "binary_crossentropy",
  BCE: "binary_crossentropy",
  kld: "kl_divergence",
  KLD: "kl_divergence",
  kullback_leibler_divergence: "kl_divergence",
  logcosh: "log_cosh",
  huber_loss: "huber",
};

/** Every string `get` accepts: snake_case function names, aliases, class names, camelCase names. */
function lookup(name: string): LossFn | LossClass | undefined {
  if (CLASSES[name]) return CLASSES[name];
  const snake = ALIASES[name] ?? name;
  if (FUNCTIONS[snake]) return FUNCTIONS[snake];
  for (const [k, fn] of Object.entries(FUNCTIONS)) if (toCamelCase(k) === name) return fn;
  return undefined;
}

const KNOWN_NAMES = [...Object.keys(FUNCTIONS), ...Object.keys(ALIASES), ...Object.keys(CLASSES), ...Object.keys(FUNCTIONS).map(toCamelCase)];

/** The Keras name of a loss function (`mean_squared_error` for `meanSquaredError`). */
export function lossFunctionName(fn: LossFn): string | undefined {
  for (const [k, f] of Object.entries(FUNCTIONS)) if (f === fn) return k;
  return undefined;
}

export type LossIdentifier = string | Loss | LossFn | { class_name: string; config?: Record<string, unknown>; registered_name?: string | null };

/** Keras's `{ module, class_name, config, registered_name }` form of a loss. */
export function serialize(loss: Loss | LossFn): Record<string, unknown> | string {
  if (loss instanceof Loss) return { module: "keras.losses", class_name: loss.className, config: loss.getConfig(), registered_name: null };
  return lossFunctionName(loss) ?? loss.name;
}

/** Rebuilds a loss from its serialized form. */
export function deserialize(config: { class_name: string; config?: Record<string, unknown>; registered_name?: string | null }, customObjects?: CustomObjects): Loss | LossFn {
  if (config.class_name === "function") {
    const fn = lookup(String(config.config));
    if (fn && !(fn.prototype instanceof Loss)) return fn as LossFn;
  }
  const cls = resolveClass("losses", config.class_name, config.registered_name, customObjects) as unknown as LossClass & { fromConfig?: (c: Record<string, unknown>) => Loss };
  if (cls.fromConfig) return cls.fromConfig(config.config ?? {});
  return new cls(mapKeys(config.config ?? {}, camelKey));
}

/**
 * keras.losses.get: a loss function from a Keras name (`"mse"`, `"mean_squared_error"`,
 * `"categorical_crossentropy"`, camelCase `"meanSquaredError"`), a Loss instance for a class name
 * (`"MeanSquaredError"`) or a serialized config; functions and Loss instances pass through.
 */
export function get(identifier: LossIdentifier | null | undefined, customObjects?: CustomObjects): Loss | LossFn | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Loss || typeof identifier === "function") return identifier;
  if (typeof identifier === "string") {
    const found = lookup(identifier);
    if (!found) {
      const hint = closestMatch(identifier, KNOWN_NAMES);
      throw new ValueError(`Could not interpret loss identifier: '${identifier}'.${hint ? ` Did you mean '${hint}'?` : ""} Use a Keras loss name such as 'mean_squared_error', 'categorical_crossentropy' or 'sparse_categorical_crossentropy', or a keras.losses.Loss instance.`);
    }
    if (found.prototype instanceof Loss) return new (found as LossClass)();
    return found as LossFn;
  }
  if (typeof identifier === "object" && "class_name" in identifier) return deserialize(identifier, customObjects);
  throw new ValueError(`Could not interpret loss identifier: ${String(identifier)}`);
}

/** @internal A Loss object for any identifier: functions are wrapped and named like Keras's compile does. */
export function getLossObject(identifier: LossIdentifier): Loss {
  const resolved = get(identifier);
  if (resolved === null) throw new ValueError("Expected a loss, received null.");
  if (resolved instanceof Loss) return resolved;
  const name = typeof identifier === "string" ? identifier : (lossFunctionName(resolved) ?? (resolved.name || "loss"));
  return new LossFunctionWrapper(resolved, { name });
}
