/**
 * keras.saving: Keras file formats, both ways with Python Keras.
 *
 * - `loadModel(pathOrBytes, { customObjects, compile })` reads `.keras` zips (Keras 3, tf.keras
 *   2.13) and legacy HDF5 full models (Keras 2.0 … 3.x), detected by magic bytes.
 * - `saveModel(model, "m.keras" | "m.h5")` writes what Keras 3 writes (atomically).
 * - `saveWeights` / `loadWeights`, `modelToJSON` / `modelFromJSON`.
 * - Custom classes: `registerKerasSerializable` or the `customObjects` option.
 *
 * Files written by keras-ts record `keras_version` "3.10.0" (`KERAS_VERSION`): the Keras release
 * whose format they follow. Files are never trusted: sizes are capped before allocation and no
 * code from a file is ever executed (Lambda layers are refused).
 */
import { setSavingHooks } from "../models/savingHooks.js";
import { modelFromJSON as fromJSON } from "./json.js";
import { loadModel as load } from "./loadModel.js";
import { modelFromConfig } from "./modelFromConfig.js";
import { saveModel as save } from "./saveModel.js";
import { loadWeights as loadW, saveWeights as saveW } from "./weightsFile.js";

export { FileFormatError } from "./errors.js";
export { DEFAULT_LIMITS, type SavingLimits } from "./limits.js";
export { sniffFormat, type FileKind } from "./sniff.js";
export { readNpy, type NpyArray } from "./npy.js";
export { loadModel, loadModelWithInfo, type LoadModelOptions, type LoadedModelInfo } from "./loadModel.js";
export { saveModel, modelToKerasBytes, modelToH5Bytes, KERAS_VERSION, type SaveModelOptions } from "./saveModel.js";
export { saveWeights, loadWeights, weightsToBytes } from "./weightsFile.js";
export { modelToJSON, modelFromJSON } from "./json.js";
export { serializeModel, serializeLayer } from "./modelConfig.js";
export { inspectBytes, type InspectReport, type WeightEntry } from "./inspect.js";
export { registerKerasSerializable, registeredNameOf as getRegisteredName, type CustomObjects } from "../serialization/registry.js";
export { getRegisteredObject } from "./registered.js";

setSavingHooks({
  saveModel: save,
  saveWeights: saveW,
  loadWeights: loadW,
  loadModel: load,
  modelFromJSON: fromJSON,
  modelFromConfig: (entry, customObjects, legacy) => modelFromConfig(entry, { customObjects, legacy, file: `<${String(entry.class_name)} config>`, warnings: [], depth: 0 }),
});
