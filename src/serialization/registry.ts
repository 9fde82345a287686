import { ValueError } from "../util/errors.js";

/** A class that can be rebuilt from its config. */
export interface SerializableClass {
  new (...args: any[]): any;
  fromConfig?(config: Record<string, unknown>, customObjects?: CustomObjects): any;
  /** Keras's class name when it differs from the JS name. */
  readonly className?: string;
}

export type CustomObjects = Record<string, SerializableClass | ((...args: any[]) => any)>;

/** The module Keras writes for built-in objects of each kind. */
export type ObjectKind = "layers" | "initializers" | "regularizers" | "constraints" | "optimizers" | "losses" | "metrics" | "activations" | "models" | "schedules";

const builtins = new Map<string, Map<string, SerializableClass>>();
const custom = new Map<string, SerializableClass | ((...args: any[]) => any)>();

/** Registers a built-in class under Keras's class name for a kind of object. */
export function registerBuiltin(kind: ObjectKind, className: string, cls: SerializableClass): void {
  if (!builtins.has(kind)) builtins.set(kind, new Map());
  builtins.get(kind)!.set(className, cls);
}

export function getBuiltin(kind: ObjectKind, className: string): SerializableClass | undefined {
  return builtins.get(kind)?.get(className);
}

export function listBuiltins(kind: ObjectKind): string[] {
  return [...(builtins.get(kind)?.keys() ?? [])];
}

/**
 * keras.saving.registerKerasSerializable: makes a custom class (layer, loss, …) loadable by
 * name. Registered as `${pkg}>${name}` like Keras (package defaults to "Custom").
 */
export function registerKerasSerializable(cls: SerializableClass | ((...args: any[]) => any), options: { package?: string; name?: string } = {}): string {
  const pkg = options.package ?? "Custom";
  const name = options.name ?? (cls as SerializableClass).className ?? cls.name;
  const key = `${pkg}>${name}`;
  custom.set(key, cls);
  return key;
}

/** The registered name of a custom class, if any. */
export function registeredNameOf(cls: unknown): string | undefined {
  for (const [k, v] of custom) if (v === cls) return k;
  return undefined;
}

/**
 * Finds the class for a serialized object: customObjects first (by registered name or class
 * name), then the custom registry, then built-ins. Throws naming the class and the fix.
 */
export function resolveClass(
  kind: ObjectKind,
  className: string,
  registeredName: string | null | undefined,
  customObjects: CustomObjects = {},
): SerializableClass {
  const fromCustom = (registeredName && customObjects[registeredName]) || customObjects[className];
  if (fromCustom) return fromCustom as SerializableClass;
  if (registeredName && custom.has(registeredName)) return custom.get(registeredName) as SerializableClass;
  for (const [k, v] of custom) if (k.endsWith(`>${className}`)) return v as SerializableClass;
  const builtin = getBuiltin(kind, className);
  if (builtin) return builtin;
  throw new ValueError(
    `Could not locate class '${className}'${registeredName && registeredName !== className ? ` (registered name '${registeredName}')` : ""}. ` +
      `Make sure custom classes are registered with keras.saving.registerKerasSerializable(${className}) ` +
      `or passed in customObjects: { ${className}: ${className} }.`,
  );
}
