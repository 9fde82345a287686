/** keras.models.loadModel / saveModel / modelFromJSON: the keras.saving functions, by their models names. */
import type { Layer } from "../layers/layer.js";
import type { CustomObjects } from "../serialization/registry.js";
import type { Model } from "./model.js";
import { savingHooks, type FileSource } from "./savingHooks.js";

/** Loads a model saved by Keras or keras-ts (`.keras`, legacy `.h5`); see keras.saving.loadModel. */
export async function loadModel(source: FileSource, options: { customObjects?: CustomObjects; compile?: boolean } = {}): Promise<Model> {
  return savingHooks().loadModel(source, options);
}

/** Saves a model to `.keras` or `.h5` (atomically); see keras.saving.saveModel. */
export async function saveModel(model: Layer, path: string, options: { overwrite?: boolean } = {}): Promise<void> {
  return savingHooks().saveModel(model, path, options);
}

/** Rebuilds a model (fresh weights) from `model.toJSON()` output (Keras 3, Keras 2 or keras-ts). */
export function modelFromJSON(json: string | Record<string, unknown>, customObjects: CustomObjects = {}): Model {
  return savingHooks().modelFromJSON(json, customObjects);
}
