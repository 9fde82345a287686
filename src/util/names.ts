import { toSnakeCase } from "./strings.js";

/**
 * Keras-style unique names: the first `dense`, then `dense_1`, `dense_2`, …
 * Counters are global per prefix, like Keras's `auto_name` / `uniquify`.
 */
const counters = new Map<string, number>();

export function uniqueName(prefix: string): string {
  const n = counters.get(prefix);
  if (n === undefined) {
    counters.set(prefix, 1);
    return prefix;
  }
  counters.set(prefix, n + 1);
  return `${prefix}_${n}`;
}

/** Keras's `auto_name`: the snake_case class name made unique (`Conv2D` → `conv2d`). */
export function autoName(className: string): string {
  return uniqueName(toSnakeCase(className));
}

/** Resets every name counter (Keras's `clear_session`). */
export function resetNameCounters(): void {
  counters.clear();
}
