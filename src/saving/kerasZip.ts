/**
 * The `.keras` container: a zip with `metadata.json`, `config.json`, `model.weights.h5` and an
 * optional `assets/` folder (Keras 3's `saving_lib`), read and written with fflate.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { FileFormatError } from "./errors.js";
import { DEFAULT_LIMITS, type SavingLimits } from "./limits.js";

export const METADATA_FILENAME = "metadata.json";
export const CONFIG_FILENAME = "config.json";
export const WEIGHTS_FILENAME = "model.weights.h5";
export const ASSETS_DIRNAME = "assets";

/** The parts of a `.keras` archive. */
export interface KerasArchive {
  metadata: Record<string, unknown>;
  config: Record<string, unknown>;
  /** `model.weights.h5`, or null when the archive has none (e.g. `.npz` weights, unsupported). */
  weights: Uint8Array | null;
  /** Files under `assets/`, keyed by their path inside the archive. */
  assets: Record<string, Uint8Array>;
  /** All entry names, in archive order. */
  entries: string[];
}

const MAX_ENTRIES = 100_000;

/** Parses JSON from an archive entry or attribute, with a size cap and a clear error. */
export function parseJson(text: string, file: string, what: string, limits: SavingLimits = DEFAULT_LIMITS): unknown {
  if (text.length > limits.maxJsonBytes) throw new FileFormatError(file, `${what} is too large (${text.length} bytes).`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    try {
      // Python's json writes NaN / Infinity, which JSON.parse rejects.
      return JSON.parse(text.replace(/\bNaN\b|-?\bInfinity\b/g, "null")) as unknown;
    } catch {
      throw new FileFormatError(file, `${what} is not valid JSON (${(e as Error).message}).`);
    }
  }
}

/** Reads a `.keras` zip from bytes; `file` names it in errors. Sizes are capped before inflating. */
export function readKerasArchive(bytes: Uint8Array, file: string, limits: SavingLimits = DEFAULT_LIMITS): KerasArchive {
  const entries: string[] = [];
  let total = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (f) => {
        entries.push(f.name);
        if (entries.length > MAX_ENTRIES) throw new FileFormatError(file, `the archive lists more than ${MAX_ENTRIES} entries.`);
        const wanted = f.name === METADATA_FILENAME || f.name === CONFIG_FILENAME || f.name === WEIGHTS_FILENAME || f.name.startsWith(`${ASSETS_DIRNAME}/`);
        if (!wanted || f.name.endsWith("/")) return false;
        const declared = f.compression === 0 ? f.size : f.originalSize;
        if (f.compression !== 0 && f.compression !== 8) throw new FileFormatError(file, `entry '${f.name}' uses unsupported compression method ${f.compression}.`);
        if (!Number.isSafeInteger(declared) || declared < 0 || declared > limits.maxEntryBytes) {
          throw new FileFormatError(file, `entry '${f.name}' declares ${declared} bytes, more than the limit of ${limits.maxEntryBytes}.`);
        }
        if (f.compression === 8 && f.originalSize > Math.max(1024, f.size * limits.maxCompressionRatio)) {
          throw new FileFormatError(file, `entry '${f.name}' would inflate ${f.size} bytes to ${f.originalSize} (a zip bomb?).`);
        }
        if (f.compression === 0 && f.size > bytes.length) throw new FileFormatError(file, `entry '${f.name}' is truncated.`);
        total += declared;
        if (total > limits.maxTotalBytes) throw new FileFormatError(file, `the archive would decompress to more than ${limits.maxTotalBytes} bytes.`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof FileFormatError) throw e;
    throw new FileFormatError(file, `not a valid zip archive (${(e as Error).message}).`);
  }
  const text = (name: string): string => {
    const data = unzipped[name];
    if (!data) {
      throw new FileFormatError(file, `the archive has no '${name}' (entries: ${entries.slice(0, 10).join(", ") || "none"}). A .keras file holds metadata.json, config.json and model.weights.h5.`);
    }
    try {
      return strFromU8(data);
    } catch {
      throw new FileFormatError(file, `'${name}' is not UTF-8 text.`);
    }
  };
  const config = parseJson(text(CONFIG_FILENAME), file, CONFIG_FILENAME, limits);
  if (!config || typeof config !== "object" || Array.isArray(config)) throw new FileFormatError(file, `${CONFIG_FILENAME} must hold a JSON object.`);
  let metadata: unknown = {};
  if (unzipped[METADATA_FILENAME]) metadata = parseJson(text(METADATA_FILENAME), file, METADATA_FILENAME, limits);
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) throw new FileFormatError(file, `${METADATA_FILENAME} must hold a JSON object.`);
  const assets: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(unzipped)) if (name.startsWith(`${ASSETS_DIRNAME}/`)) assets[name] = data;
  return {
    metadata: metadata as Record<string, unknown>,
    config: config as Record<string, unknown>,
    weights: unzipped[WEIGHTS_FILENAME] ?? null,
    assets,
    entries,
  };
}

/**
 * Writes a `.keras` zip the way Python's zipfile does for Keras 3: entries STORED (no
 * compression), in the order metadata.json, config.json, model.weights.h5, then assets.
 */
export function writeKerasArchive(parts: { metadata: Record<string, unknown>; config: Record<string, unknown>; weights: Uint8Array; assets?: Record<string, Uint8Array> }): Uint8Array {
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const files: Zippable = {
    [METADATA_FILENAME]: [strToU8(JSON.stringify(parts.metadata)), { level: 0, mtime }],
    [CONFIG_FILENAME]: [strToU8(JSON.stringify(parts.config)), { level: 0, mtime }],
    [WEIGHTS_FILENAME]: [parts.weights, { level: 0, mtime }],
  };
  for (const [name, data] of Object.entries(parts.assets ?? {})) files[name] = [data, { level: 0, mtime }];
  return zipSync(files);
}
