import { camelKey, mapKeys } from "../../serialization/keys.js";
import { registerBuiltin, resolveClass, type CustomObjects } from "../../serialization/registry.js";
import { ValueError } from "../../util/errors.js";

/** Rounds to float32: schedules compute in float32 like Keras's ops on float32 tensors. */
export const f32 = Math.fround;

/**
 * A learning rate that depends on the optimizer step (Keras's `LearningRateSchedule`).
 * Subclasses implement `call(step)` (returning a plain number) and `getConfig()`.
 */
export abstract class LearningRateSchedule {
  static readonly className: string = "LearningRateSchedule";

  /** The learning rate at optimizer step `step` (0-based: the number of updates done so far). */
  abstract call(step: number): number;

  /** The schedule's arguments with Keras's snake_case keys. */
  abstract getConfig(): Record<string, unknown>;

  get className(): string {
    return (this.constructor as typeof LearningRateSchedule).className;
  }
}

/** Checks that `decaySteps` (or a named step count) is a positive number. */
export function checkDecaySteps(value: unknown, name = "decay_steps"): number {
  if (typeof value !== "number" || !(value > 0)) {
    throw new ValueError(`Argument \`${name}\` must be > 0. Received: ${name}=${String(value)}`);
  }
  return value;
}

/** Keras's `{ module, class_name, config, registered_name }` form of a schedule. */
export function serialize(schedule: LearningRateSchedule): Record<string, unknown> {
  return { module: "keras.optimizers.schedules", class_name: schedule.className, config: schedule.getConfig(), registered_name: null };
}

/** Rebuilds a schedule from its serialized form. */
export function deserialize(config: { class_name: string; config?: Record<string, unknown>; registered_name?: string | null }, customObjects?: CustomObjects): LearningRateSchedule {
  const cls = resolveClass("schedules", config.class_name, config.registered_name, customObjects) as unknown as {
    fromConfig?: (c: Record<string, unknown>) => LearningRateSchedule;
    new (options: Record<string, unknown>): LearningRateSchedule;
  };
  if (cls.fromConfig) return cls.fromConfig(config.config ?? {});
  return new cls(mapKeys(config.config ?? {}, camelKey));
}

export function registerSchedule(name: string, cls: unknown): void {
  registerBuiltin("schedules", name, cls as never);
}
