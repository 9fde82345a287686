/**
 * keras.saving.saveModel / model.save: the Keras 3 `.keras` zip (what Python's
 * `keras.saving.load_model` opens) or, for `.h5` paths, the legacy full-model HDF5 format.
 */
import type { Layer } from "../layers/layer.js";
import { ValueError } from "../util/errors.js";
import { writeFileAtomic, type AtomicWriteOptions } from "./fileIO.js";
import { H5Writer } from "./h5.js";
import { writeKeras3Weights } from "./keras3Weights.js";
import { writeKerasArchive } from "./kerasZip.js";
import { writeLegacyWeights } from "./legacyWeights.js";
import { serializeModel } from "./modelConfig.js";

/**
 * The `keras_version` keras-ts writes into `metadata.json` and legacy HDF5 files: the Keras 3
 * release whose file format keras-ts follows (configs with DTypePolicy objects, `name`
 * attributes on `vars` groups). Python Keras 3 only reads it for information.
 */
export const KERAS_VERSION = "3.10.0";

export type SaveModelOptions = AtomicWriteOptions;

function dateSaved(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A model's `.keras` archive as bytes (the browser-friendly core of `saveModel`). */
export async function modelToKerasBytes(model: Layer): Promise<Uint8Array> {
  const config = serializeModel(model);
  const h5 = await H5Writer.create();
  let weights: Uint8Array;
  try {
    writeKeras3Weights(model, h5);
    weights = h5.finish();
  } catch (e) {
    h5.abort();
    throw e;
  }
  return writeKerasArchive({ metadata: { keras_version: KERAS_VERSION, date_saved: dateSaved() }, config: config as Record<string, unknown>, weights });
}

/** A model as a legacy full-model HDF5 file (`model_config`, `model_weights/<layer>`). */
export async function modelToH5Bytes(model: Layer): Promise<Uint8Array> {
  const serialized = serializeModel(model, { compile: false });
  const h5 = await H5Writer.create();
  try {
    h5.attr("/", "keras_version", KERAS_VERSION);
    h5.attr("/", "backend", "tensorflow");
    h5.attr("/", "model_config", JSON.stringify({ class_name: serialized.class_name, config: serialized.config }));
    writeLegacyWeights(model, h5, "/model_weights", KERAS_VERSION);
    return h5.finish();
  } catch (e) {
    h5.abort();
    throw e;
  }
}

/**
 * Saves a model: `.keras` (Keras 3 zip) or `.h5` / `.hdf5` (legacy). The write is atomic: a
 * failure leaves any previous file untouched.
 *
 * ```ts
 * await keras.saving.saveModel(model, "model.keras");   // ≡ await model.save("model.keras")
 * ```
 */
export async function saveModel(model: Layer, path: string, options: SaveModelOptions = {}): Promise<void> {
  if (typeof path !== "string") throw new ValueError(`saveModel: expected a file path, but received ${typeof path}.`);
  let bytes: Uint8Array;
  if (path.endsWith(".keras")) bytes = await modelToKerasBytes(model);
  else if (path.endsWith(".h5") || path.endsWith(".hdf5")) bytes = await modelToH5Bytes(model);
  else {
    throw new ValueError(
      `Invalid filepath extension for saving. Please add either a \`.keras\` extension for the native Keras format (recommended) or a \`.h5\` extension. Use model.saveWeights() to save only the weights. Received: filepath=${path}`,
    );
  }
  await writeFileAtomic(path, bytes, options);
}
