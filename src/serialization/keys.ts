import { toCamelCase } from "../util/strings.js";

/**
 * Config KEYS are snake_case on disk (Keras's own) and camelCase in TypeScript. Values are
 * never converted ("glorot_uniform" stays). A few keys don't follow the simple rule.
 */
const SNAKE_EXCEPTIONS: Record<string, string> = {
  beta1: "beta_1",
  beta2: "beta_2",
};
const CAMEL_EXCEPTIONS: Record<string, string> = Object.fromEntries(Object.entries(SNAKE_EXCEPTIONS).map(([c, s]) => [s, c]));

/** camelCase option key → Keras config key (`useBias` → `use_bias`). */
export function snakeKey(key: string): string {
  return SNAKE_EXCEPTIONS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
}

/** Keras config key → camelCase option key (`use_bias` → `useBias`). */
export function camelKey(key: string): string {
  return CAMEL_EXCEPTIONS[key] ?? toCamelCase(key);
}

/** Maps the top-level keys of a config object. */
export function mapKeys(obj: Record<string, unknown>, f: (k: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[f(k)] = v;
  return out;
}
