/**
 * model.saveWeights / model.loadWeights: weights without the architecture. Writes Keras 3's
 * `.weights.h5`; reads Keras 3 `.weights.h5`, Keras 2 `save_weights` files (layer groups at the
 * root), legacy full-model `.h5` and `.keras` archives.
 */
import type { Layer } from "../layers/layer.js";
import { ValueError } from "../util/errors.js";
import { FileFormatError } from "./errors.js";
import { readSource, writeFileAtomic, type AtomicWriteOptions, type ModelSource } from "./fileIO.js";
import { H5Reader, H5Writer } from "./h5.js";
import { loadKeras3Weights, writeKeras3Weights } from "./keras3Weights.js";
import { readKerasArchive } from "./kerasZip.js";
import { loadLegacyWeights } from "./legacyWeights.js";
import { sniffFormat } from "./sniff.js";

/** The weights of a model in Keras 3's `.weights.h5` layout, as bytes. */
export async function weightsToBytes(model: Layer): Promise<Uint8Array> {
  const h5 = await H5Writer.create();
  try {
    writeKeras3Weights(model, h5);
    return h5.finish();
  } catch (e) {
    h5.abort();
    throw e;
  }
}

/** Saves the weights to a `.weights.h5` file (atomically). */
export async function saveWeights(model: Layer, path: string, options: AtomicWriteOptions = {}): Promise<void> {
  if (typeof path !== "string" || !path.endsWith(".weights.h5")) {
    throw new ValueError(`The filename must end in \`.weights.h5\`. Received: filepath=${String(path)}`);
  }
  await writeFileAtomic(path, await weightsToBytes(model), options);
}

/** Loads weights into a built model from a file or bytes in any Keras layout. */
export async function loadWeights(model: Layer, source: ModelSource): Promise<void> {
  if (!model.built) {
    throw new ValueError(`Model "${model.name}" is not built yet, so it has no weights to load into. Build it first (give the first layer an inputShape, or call it on data) and then call loadWeights().`);
  }
  const { bytes, name } = await readSource(source);
  try {
    await loadWeightsFromBytes(model, bytes, name);
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new FileFormatError(name, `the weights file is corrupt (${e instanceof Error ? e.message : String(e)}).`);
  }
}

async function loadWeightsFromBytes(model: Layer, bytes: Uint8Array, name: string): Promise<void> {
  const kind = sniffFormat(bytes);
  let h5Bytes = bytes;
  let h5Name = name;
  if (kind === "zip") {
    const archive = readKerasArchive(bytes, name);
    if (!archive.weights) throw new FileFormatError(name, "the archive has no model.weights.h5.");
    h5Bytes = archive.weights;
    h5Name = `${name} (model.weights.h5)`;
  } else if (kind !== "hdf5") {
    throw new FileFormatError(name, "not a weights file: expected HDF5 (.weights.h5 / .h5) or a .keras archive.");
  }
  const h5 = await H5Reader.open(h5Bytes, h5Name);
  try {
    if (h5.isGroup("/model_weights") && h5.stringListAttr("/model_weights", "layer_names") !== null) loadLegacyWeights(model, h5, "/model_weights");
    else if (h5.stringListAttr("/", "layer_names") !== null) loadLegacyWeights(model, h5, "/");
    else loadKeras3Weights(model, h5, { optimizer: true, warnings: [] });
  } finally {
    h5.close();
  }
}
