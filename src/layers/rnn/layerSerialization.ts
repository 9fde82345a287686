import { camelKey, mapKeys } from "../../serialization/keys.js";
import { registeredNameOf, resolveClass, type CustomObjects } from "../../serialization/registry.js";
import { ValueError } from "../../util/errors.js";
import { Layer } from "../layer.js";

/** A layer as Keras 3 writes it inside another layer's config (`serialize_keras_object`). */
export interface SerializedLayer {
  module?: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name?: string | null;
  build_config?: Record<string, unknown> | null;
}

/** Serializes a nested layer (the cell of an RNN, the layer of a wrapper) the way Keras 3 does. */
export function serializeLayer(layer: Layer): SerializedLayer {
  const out: SerializedLayer = {
    module: "keras.layers",
    class_name: layer.className,
    config: layer.getConfig(),
    registered_name: registeredNameOf(layer.constructor) ?? null,
  };
  const build = layer.getBuildConfig();
  if (build) out.build_config = build;
  return out;
}

/** Rebuilds a nested layer from its serialized form (a layer instance passes through). */
export function deserializeLayer(value: unknown, customObjects: CustomObjects | undefined, owner: string): Layer {
  if (value instanceof Layer) return value;
  if (!value || typeof value !== "object" || typeof (value as SerializedLayer).class_name !== "string") {
    throw new ValueError(`${owner}: expected a layer or a serialized layer { class_name, config }, but received ${JSON.stringify(value)}.`);
  }
  const s = value as SerializedLayer;
  const cls = resolveClass("layers", s.class_name, s.registered_name, customObjects);
  const config = { ...(s.config ?? {}) };
  const layer = (cls.fromConfig ? cls.fromConfig(config, customObjects) : new cls(mapKeys(config, camelKey))) as unknown;
  if (!(layer instanceof Layer)) throw new ValueError(`${owner}: '${s.class_name}' did not produce a layer.`);
  return layer;
}

/**
 * A fresh copy of a layer from its config (Keras's serialize → deserialize), with some config
 * entries (snake_case keys) replaced. Weights are not copied.
 */
export function cloneLayer(layer: Layer, overrides: Record<string, unknown>): Layer {
  const config = { ...layer.getConfig(), ...overrides };
  const cls = layer.constructor as unknown as { fromConfig?(c: Record<string, unknown>): Layer; new (o: Record<string, unknown>): Layer };
  return cls.fromConfig ? cls.fromConfig(config) : new cls(mapKeys(config, camelKey));
}
