/** keras.optimizers */
import { camelKey, mapKeys } from "../serialization/keys.js";
import { registerBuiltin, resolveClass, type CustomObjects } from "../serialization/registry.js";
import { ValueError } from "../util/errors.js";
import { closestMatch } from "../util/strings.js";
import { Adadelta } from "./adadelta.js";
import { Adagrad } from "./adagrad.js";
import { Adam } from "./adam.js";
import { Adamax } from "./adamax.js";
import { AdamW } from "./adamw.js";
import { Ftrl } from "./ftrl.js";
import { Lion } from "./lion.js";
import { Nadam } from "./nadam.js";
import { Optimizer } from "./optimizer.js";
import { RMSprop } from "./rmsprop.js";
import { SGD } from "./sgd.js";
import { deserialize as deserializeSchedule, LearningRateSchedule } from "./schedules/learningRateSchedule.js";

export { Optimizer, type OptimizerOptions, type LearningRate, type GradsAndVars } from "./optimizer.js";
export { SGD, type SGDOptions } from "./sgd.js";
export { Adam, type AdamOptions } from "./adam.js";
export { AdamW } from "./adamw.js";
export { RMSprop, type RMSpropOptions } from "./rmsprop.js";
export { Adagrad, type AdagradOptions } from "./adagrad.js";
export { Adadelta, type AdadeltaOptions } from "./adadelta.js";
export { Adamax, type AdamaxOptions } from "./adamax.js";
export { Nadam, type NadamOptions } from "./nadam.js";
export { Lion, type LionOptions } from "./lion.js";
export { Ftrl, type FtrlOptions } from "./ftrl.js";
export * as schedules from "./schedules/index.js";

type OptimizerClass = new (options?: Record<string, unknown>) => Optimizer;

const CLASSES: Record<string, OptimizerClass> = {
  SGD: SGD as unknown as OptimizerClass,
  Adam: Adam as unknown as OptimizerClass,
  AdamW: AdamW as unknown as OptimizerClass,
  RMSprop: RMSprop as unknown as OptimizerClass,
  Adagrad: Adagrad as unknown as OptimizerClass,
  Adadelta: Adadelta as unknown as OptimizerClass,
  Adamax: Adamax as unknown as OptimizerClass,
  Nadam: Nadam as unknown as OptimizerClass,
  Lion: Lion as unknown as OptimizerClass,
  Ftrl: Ftrl as unknown as OptimizerClass,
};
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin("optimizers", name, cls as never);

/** Case-insensitive lookup like Keras (`"adam"`, `"Adam"`, `"sgd"`, `"rmsprop"`). */
const BY_LOWER = new Map(Object.entries(CLASSES).map(([k, v]) => [k.toLowerCase(), v]));

/** Keras's `{ module, class_name, config, registered_name }` form of an optimizer. */
export function serialize(optimizer: Optimizer): Record<string, unknown> {
  return { module: "keras.optimizers", class_name: optimizer.className, config: optimizer.getConfig(), registered_name: null };
}

/** Rebuilds an optimizer from its serialized form (class names are case-insensitive for built-ins). */
export function deserialize(config: { class_name: string; config?: Record<string, unknown>; registered_name?: string | null }, customObjects?: CustomObjects): Optimizer {
  const raw: Record<string, unknown> = { ...(config.config ?? {}) };
  // keys older Keras versions wrote that Keras 3 ignores
  for (const k of ["jit_compile", "is_legacy_optimizer", "decay"]) delete raw[k];
  if (raw.learning_rate && typeof raw.learning_rate === "object") raw.learning_rate = deserializeSchedule(raw.learning_rate as { class_name: string }, customObjects);
  const opts = mapKeys(raw, camelKey);
  const builtin = BY_LOWER.get(config.class_name.toLowerCase());
  const cls = (builtin ?? resolveClass("optimizers", config.class_name, config.registered_name, customObjects)) as unknown as OptimizerClass & { fromConfig?: (c: Record<string, unknown>) => Optimizer };
  if (!builtin && cls.fromConfig) return cls.fromConfig(raw);
  return new cls(opts);
}

export type OptimizerIdentifier = string | Optimizer | { class_name: string; config?: Record<string, unknown>; registered_name?: string | null };

/**
 * keras.optimizers.get: an optimizer from a name (`"adam"`, `"SGD"`, `"rmsprop"`, …, with Keras's
 * defaults), a serialized config, or an instance (returned unchanged).
 */
export function get(identifier: OptimizerIdentifier | null | undefined, customObjects?: CustomObjects): Optimizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === "string") {
    const cls = BY_LOWER.get(identifier.toLowerCase());
    if (!cls) {
      const names = Object.keys(CLASSES).map((k) => k.toLowerCase());
      const hint = closestMatch(identifier.toLowerCase(), names);
      throw new ValueError(`Could not interpret optimizer identifier: '${identifier}'.${hint ? ` Did you mean '${hint}'?` : ""} Expected one of ${names.map((n) => `'${n}'`).join(", ")}, or an optimizer instance.`);
    }
    return new cls();
  }
  if (typeof identifier === "object" && "class_name" in identifier) return deserialize(identifier, customObjects);
  throw new ValueError(`Could not interpret optimizer identifier: ${String(identifier)}`);
}

export { LearningRateSchedule };
