/**
 * What `keras-ts inspect FILE` prints: the container format, the Keras version that wrote the
 * file, the model summary (when the model can be rebuilt) and every weight with its shape.
 */
import { H5Reader } from "./h5.js";
import { readKerasArchive } from "./kerasZip.js";
import { loadModelWithInfo } from "./loadModel.js";
import { sniffFormat } from "./sniff.js";

export interface WeightEntry {
  path: string;
  shape: number[];
  dtype: string;
}

export interface InspectReport {
  format: string;
  kerasVersion: string | null;
  backend: string | null;
  modelClass: string | null;
  /** The summary table's lines, or null when the model could not be rebuilt. */
  summary: string[] | null;
  /** Why the model could not be rebuilt, if it could not. */
  loadError: string | null;
  warnings: string[];
  weights: WeightEntry[];
}

const MAX_LISTED = 100_000;

function listWeights(h5: H5Reader, path = "/", out: WeightEntry[] = []): WeightEntry[] {
  for (const key of h5.keys(path)) {
    if (out.length >= MAX_LISTED) break;
    const child = path === "/" ? `/${key}` : `${path}/${key}`;
    if (h5.isGroup(child)) listWeights(h5, child, out);
    else if (h5.isDataset(child)) {
      const info = h5.datasetInfo(child);
      out.push({ path: child.slice(1), shape: info.shape, dtype: info.dtype });
    }
  }
  return out;
}

/** Inspects model or weights bytes; never executes anything from the file. */
export async function inspectBytes(bytes: Uint8Array, name: string): Promise<InspectReport> {
  const kind = sniffFormat(bytes);
  const report: InspectReport = { format: "unknown", kerasVersion: null, backend: null, modelClass: null, summary: null, loadError: null, warnings: [], weights: [] };
  let h5Bytes: Uint8Array | null = null;
  let h5Name = name;
  let isModel = false;
  if (kind === "zip") {
    const archive = readKerasArchive(bytes, name);
    report.kerasVersion = typeof archive.metadata.keras_version === "string" ? archive.metadata.keras_version : null;
    report.format = report.kerasVersion?.startsWith("2.") ? ".keras zip (tf.keras 2.x)" : ".keras zip (Keras 3)";
    report.modelClass = typeof archive.config.class_name === "string" ? archive.config.class_name : null;
    h5Bytes = archive.weights;
    h5Name = `${name} (model.weights.h5)`;
    isModel = true;
  } else if (kind === "hdf5") {
    h5Bytes = bytes;
    const h5 = await H5Reader.open(bytes, name);
    try {
      report.kerasVersion = h5.stringAttr("/", "keras_version");
      report.backend = h5.stringAttr("/", "backend");
      const config = h5.stringAttr("/", "model_config");
      if (config !== null) {
        isModel = true;
        report.format = "legacy HDF5 full model";
        report.modelClass = /"class_name":\s*"([^"]+)"/.exec(config)?.[1] ?? null;
      } else if (h5.stringListAttr("/", "layer_names") !== null) report.format = "legacy HDF5 weights (Keras 2 save_weights)";
      else if (h5.isGroup("/layers") || h5.isGroup("/vars")) report.format = "Keras 3 weights (.weights.h5)";
      else report.format = "HDF5 (not recognized as Keras)";
    } finally {
      h5.close();
    }
  } else {
    report.format = kind === "json" ? "JSON (model config, no weights)" : "unknown (not a zip or HDF5 file)";
  }
  if (isModel) {
    try {
      const info = await loadModelWithInfo(bytes, { compile: false });
      report.warnings = info.warnings;
      const lines: string[] = [];
      info.model.summary({ printFn: (line: string) => lines.push(line) });
      report.summary = lines;
    } catch (e) {
      report.loadError = e instanceof Error ? e.message.replace("<bytes>", name) : String(e);
    }
  }
  if (h5Bytes) {
    const h5 = await H5Reader.open(h5Bytes, h5Name);
    try {
      report.weights = listWeights(h5);
    } finally {
      h5.close();
    }
  }
  return report;
}
