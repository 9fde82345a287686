/**
 * The bridge from models to keras.saving. Saving sits above models (it rebuilds them), so models
 * cannot import it: `src/saving/index.ts` registers its functions here when it loads (the package
 * root always loads it), like functional.ts registers the Functional factory.
 */
import type { Layer } from "../layers/layer.js";
import type { CustomObjects } from "../serialization/registry.js";
import { ValueError } from "../util/errors.js";
import type { Model } from "./model.js";

/** A path (Node) or the bytes of a file. */
export type FileSource = string | Uint8Array | ArrayBuffer;

export interface SavingHooks {
  saveModel(model: Layer, path: string, options: { overwrite?: boolean }): Promise<void>;
  saveWeights(model: Layer, path: string, options: { overwrite?: boolean }): Promise<void>;
  loadWeights(model: Layer, source: FileSource): Promise<void>;
  loadModel(source: FileSource, options: { customObjects?: CustomObjects; compile?: boolean }): Promise<Model>;
  modelFromJSON(json: string | Record<string, unknown>, customObjects: CustomObjects): Model;
  modelFromConfig(entry: Record<string, unknown>, customObjects: CustomObjects, legacy: boolean): Model;
}

let hooks: SavingHooks | null = null;

/** @internal Called by keras.saving when it loads. */
export function setSavingHooks(h: SavingHooks): void {
  hooks = h;
}

/** The registered saving functions; a clear error if keras.saving was never loaded. */
export function savingHooks(): SavingHooks {
  if (!hooks) throw new ValueError("keras.saving is not loaded: import keras-ts from its package root (import * as keras from \"keras-ts\"), which includes saving.");
  return hooks;
}
