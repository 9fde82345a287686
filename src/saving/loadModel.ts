/**
 * keras.saving.loadModel: a model from a `.keras` zip (Keras 3, or tf.keras 2.13), a legacy
 * full-model HDF5 file (Keras 2.0 … 3.x writers, whatever the extension), recognized by magic
 * bytes. Every failure is a ValueError (a FileFormatError for damaged files) naming the file.
 */
import type { Model } from "../models/model.js";
import type { CustomObjects } from "../serialization/registry.js";
import { ValueError } from "../util/errors.js";
import { FileFormatError } from "./errors.js";
import { readSource, type ModelSource } from "./fileIO.js";
import { H5Reader } from "./h5.js";
import { loadKeras3Weights } from "./keras3Weights.js";
import { parseJson, readKerasArchive } from "./kerasZip.js";
import type { DeserializeContext } from "./layerFromConfig.js";
import { loadLegacyWeights } from "./legacyWeights.js";
import { modelFromConfig } from "./modelFromConfig.js";
import { sniffFormat } from "./sniff.js";

export interface LoadModelOptions {
  /** Classes (and functions) the file refers to by name: `{ MyLayer }` or `{ "my_pkg>MyLayer": MyLayer }`. */
  customObjects?: CustomObjects;
  /** Compile the model with the saved compile config and restore the optimizer state (default true). */
  compile?: boolean;
}

/** What was found while loading (for `keras-ts inspect`). */
export interface LoadedModelInfo {
  model: Model;
  /** "keras" (Keras 3 zip), "keras-tf2.13" (tf.keras 2.13 zip) or "h5" (legacy HDF5). */
  format: "keras" | "keras-tf2.13" | "h5";
  kerasVersion: string | null;
  backend: string | null;
  /** Non-fatal findings: ignored config keys, optimizer state not restored, … */
  warnings: string[];
}

/** A version string as Keras writes it ("2.2.4-tf", "3.10.0") → is it Keras 2 or older? */
export function isKeras2Version(version: string | null): boolean {
  if (!version) return true;
  const major = Number(/^(\d+)/.exec(version)?.[1] ?? NaN);
  return !(major >= 3);
}

/**
 * Loads a model saved by Keras (or keras-ts).
 *
 * ```ts
 * const model = await keras.saving.loadModel("model.keras");
 * const y = model.predict(x);
 * ```
 */
export async function loadModel(source: ModelSource, options: LoadModelOptions = {}): Promise<Model> {
  return (await loadModelWithInfo(source, options)).model;
}

/** Like `loadModel`, also reporting the format, the Keras version and warnings. */
export async function loadModelWithInfo(source: ModelSource, options: LoadModelOptions = {}): Promise<LoadedModelInfo> {
  const { bytes, name } = await readSource(source);
  try {
    return await loadFromBytes(bytes, name, options);
  } catch (e) {
    if (e instanceof ValueError) throw e;
    // Anything else thrown while reading a damaged file (a TypeError deep in a malformed config…)
    throw new FileFormatError(name, `the file is corrupt or not a Keras model (${e instanceof Error ? e.message : String(e)}).`);
  }
}

function context(file: string, legacy: boolean, options: LoadModelOptions, warnings: string[]): DeserializeContext {
  return { customObjects: options.customObjects ?? {}, legacy, file, warnings, depth: 0 };
}

function asModelEntry(config: unknown, file: string): Record<string, unknown> {
  if (!config || typeof config !== "object" || Array.isArray(config) || typeof (config as { class_name?: unknown }).class_name !== "string") {
    throw new FileFormatError(file, "the model config has no class_name: not a Keras model config.");
  }
  return config as Record<string, unknown>;
}

async function loadFromBytes(bytes: Uint8Array, name: string, options: LoadModelOptions): Promise<LoadedModelInfo> {
  const kind = sniffFormat(bytes);
  const compile = options.compile ?? true;
  const warnings: string[] = [];
  if (kind === "zip") {
    const archive = readKerasArchive(bytes, name);
    const version = typeof archive.metadata.keras_version === "string" ? archive.metadata.keras_version : null;
    const legacy = version !== null && isKeras2Version(version);
    const entry = asModelEntry(archive.config, name);
    const model = modelFromConfig(entry, context(name, legacy, options, warnings));
    if (compile) compileFromConfig(model, entry.compile_config, warnings);
    if (!archive.weights) throw new FileFormatError(name, "the archive has no model.weights.h5 (only .h5 weights are supported).");
    const h5 = await H5Reader.open(archive.weights, `${name} (model.weights.h5)`);
    try {
      loadKeras3Weights(model, h5, { checkNames: true, optimizer: compile, warnings });
    } finally {
      h5.close();
    }
    return { model, format: legacy ? "keras-tf2.13" : "keras", kerasVersion: version, backend: null, warnings };
  }
  if (kind === "hdf5") {
    const h5 = await H5Reader.open(bytes, name);
    try {
      const modelConfig = h5.stringAttr("/", "model_config");
      if (modelConfig === null) {
        const hint = h5.isGroup("/layers") || h5.stringListAttr("/", "layer_names") !== null ? " It is a weights-only file: build the model, then call model.loadWeights(path)." : "";
        throw new FileFormatError(name, `no 'model_config' attribute: not a full-model Keras HDF5 file.${hint}`);
      }
      const version = h5.stringAttr("/", "keras_version");
      const backend = h5.stringAttr("/", "backend");
      const legacy = isKeras2Version(version);
      const entry = asModelEntry(parseJson(modelConfig, name, "model_config"), name);
      const model = modelFromConfig(entry, context(name, legacy, options, warnings));
      if (!h5.isGroup("/model_weights")) throw new FileFormatError(name, "no 'model_weights' group: the file holds no weights.");
      loadLegacyWeights(model, h5, "/model_weights");
      if (compile) {
        const training = h5.stringAttr("/", "training_config");
        if (training) compileFromLegacyConfig(model, parseJson(training, name, "training_config"), warnings);
      }
      return { model, format: "h5", kerasVersion: version, backend, warnings };
    } finally {
      h5.close();
    }
  }
  if (kind === "json") {
    throw new FileFormatError(name, "this is a JSON model config (model.toJSON()), which holds no weights: use keras.models.modelFromJSON(json), then model.loadWeights(weightsPath).");
  }
  throw new FileFormatError(name, "not a Keras model file: expected a .keras zip archive or an HDF5 (.h5) file (detected by their first bytes).");
}

interface Compilable {
  compile?: (options: Record<string, unknown>) => void;
}

/** Re-compiles a loaded model from Keras 3's `compile_config`; failures become warnings, as in Keras. */
function compileFromConfig(model: Model, config: unknown, warnings: string[]): void {
  if (!config || typeof config !== "object" || Object.keys(config).length === 0) return;
  const c = config as Record<string, unknown>;
  const m = model as unknown as Compilable;
  if (typeof m.compile !== "function") return;
  const listOf = (v: unknown) => (v === null || v === undefined ? undefined : typeof v === "string" ? [v] : v);
  const optimizer = stripPackage(c.optimizer);
  const attempts: Record<string, unknown>[] = [
    { optimizer, loss: c.loss ?? undefined, metrics: listOf(c.metrics), lossWeights: c.loss_weights ?? undefined, weightedMetrics: listOf(c.weighted_metrics) },
    { optimizer, loss: c.loss ?? undefined },
  ];
  for (const a of attempts) {
    for (const k of Object.keys(a)) if (a[k] === undefined) delete a[k];
    try {
      m.compile(a);
      return;
    } catch (e) {
      warnings.push(`compile from the saved compile_config failed: ${(e as Error).message}`);
    }
  }
}

/** tf.keras 2.11+ writes built-in optimizers as "Custom>Adam": keep the class name. */
function stripPackage(v: unknown): unknown {
  if (typeof v === "string") return v.replace(/^Custom>/, "");
  if (v && typeof v === "object" && typeof (v as { class_name?: unknown }).class_name === "string") {
    const o = v as { class_name: string };
    return { ...o, class_name: o.class_name.replace(/^Custom>/, "") };
  }
  return v ?? undefined;
}

/** Re-compiles from a legacy HDF5 `training_config` (optimizer_config, loss, metrics). */
function compileFromLegacyConfig(model: Model, config: unknown, warnings: string[]): void {
  if (!config || typeof config !== "object") return;
  const c = config as Record<string, unknown>;
  const opt = c.optimizer_config as { class_name?: string } | undefined;
  const loss = typeof c.loss === "string" ? c.loss : undefined;
  if (!loss) return;
  compileFromConfig(model, { optimizer: (opt?.class_name ?? "rmsprop").replace(/^Custom>/, ""), loss }, warnings);
}
