import { resolveClass, type CustomObjects, type ObjectKind, type SerializableClass } from "../serialization/registry.js";

/**
 * keras.saving.getRegisteredObject: the class registered under `name` ("package>Name", or a
 * built-in layer's class name), or null. `customObjects` are searched first.
 */
export function getRegisteredObject(name: string, customObjects: CustomObjects = {}, kind: ObjectKind = "layers"): SerializableClass | null {
  const className = name.includes(">") ? name.slice(name.indexOf(">") + 1) : name;
  try {
    return resolveClass(kind, className, name.includes(">") ? name : null, customObjects);
  } catch {
    return null;
  }
}
