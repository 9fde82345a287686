/** model.toJSON / keras.models.modelFromJSON: the architecture as Keras 3's JSON (no weights). */
import type { Layer } from "../layers/layer.js";
import type { Model } from "../models/model.js";
import type { CustomObjects } from "../serialization/registry.js";
import { ValueError } from "../util/errors.js";
import { FileFormatError } from "./errors.js";
import { parseJson } from "./kerasZip.js";
import { isKeras2Version } from "./loadModel.js";
import { serializeModel } from "./modelConfig.js";
import { modelFromConfig } from "./modelFromConfig.js";

/** The model's architecture as a JSON string, like Keras 3's `model.to_json()`. */
export function modelToJSON(model: Layer): string {
  return JSON.stringify(serializeModel(model));
}

/**
 * Rebuilds a model (with fresh weights) from `model.toJSON()` output — Keras 3's, Keras 2's
 * (`{class_name, config, keras_version}`) or keras-ts's.
 */
export function modelFromJSON(json: string | Record<string, unknown>, customObjects: CustomObjects = {}): Model {
  const file = "<model JSON>";
  const config = typeof json === "string" ? parseJson(json, file, "the JSON") : json;
  if (!config || typeof config !== "object" || Array.isArray(config) || typeof (config as { class_name?: unknown }).class_name !== "string") {
    throw new FileFormatError(file, "expected a model config object with a class_name.");
  }
  const c = config as Record<string, unknown>;
  const version = typeof c.keras_version === "string" ? c.keras_version : null;
  const legacy = version !== null ? isKeras2Version(version) : !("module" in c);
  try {
    return modelFromConfig(c, { customObjects, legacy, file, warnings: [], depth: 0 });
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new FileFormatError(file, `malformed model config (${e instanceof Error ? e.message : String(e)}).`);
  }
}
