import { ValueError } from "./errors.js";
import { closestMatch } from "./strings.js";

/**
 * Rejects unknown option keys by name, suggesting the right spelling
 * (`input_shape` → `inputShape`). Options are never silently ignored.
 *
 * @param owner how the owner is named in the message, e.g. `Dense` or `layer "dense_1"`.
 */
export function checkOptions(owner: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new ValueError(`${owner}: expected an options object, but received ${Array.isArray(options) ? "an array" : typeof options}.`);
  }
  // for-in, not Object.keys: no array per call (predict checks its options on every call)
  for (const key in options) {
    if (!Object.prototype.hasOwnProperty.call(options, key) || allowed.includes(key)) continue;
    const suggestion = closestMatch(key, allowed);
    const hint = suggestion ? ` Did you mean '${suggestion}'?` : ` Valid options: ${allowed.map((a) => `'${a}'`).join(", ")}.`;
    throw new ValueError(`${owner}: unrecognized option '${key}'.${hint}`);
  }
}
