/** NumPy's `.npz` format: a zip archive of `.npy` files (`np.savez`, `np.savez_compressed`). */
import { unzipSync, zipSync } from "fflate";
import { ValueError } from "../util/errors.js";
import { encodeNpy, parseNpy, type NpyArray, type NpyData } from "../saving/npyFormat.js";

/**
 * Reads the arrays of a `.npz` file's bytes, keyed by name without `.npy` (`"x_train"`).
 * `names` limits decompression to the arrays asked for; a missing one is an error naming the
 * file and the arrays it has.
 */
export function parseNpz(bytes: Uint8Array, source = "<bytes>", names?: readonly string[]): Record<string, NpyArray> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new ValueError(`${source} is not a valid .npz file: it is not a zip archive (it does not start with "PK").`);
  }
  let entries: Record<string, Uint8Array>;
  const seen: string[] = [];
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        const key = f.name.replace(/\.npy$/, "");
        seen.push(key);
        return !names || names.includes(key);
      },
    });
  } catch (e) {
    throw new ValueError(`${source} is not a valid .npz file: the zip archive is corrupt (${(e as Error).message}).`);
  }
  const out: Record<string, NpyArray> = {};
  for (const [name, data] of Object.entries(entries)) {
    const key = name.replace(/\.npy$/, "");
    out[key] = parseNpy(data, `${source}[${name}]`);
  }
  for (const n of names ?? []) {
    if (!out[n]) throw new ValueError(`${source} has no array named '${n}'. It contains: ${seen.length ? seen.join(", ") : "nothing"}.`);
  }
  return out;
}

/** Writes named typed arrays as an uncompressed `.npz` archive (`np.savez`'s layout). */
export function encodeNpz(arrays: Record<string, { data: NpyData; shape: readonly number[]; dtype?: string }>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, a] of Object.entries(arrays)) files[`${name}.npy`] = encodeNpy(a.data, a.shape, a.dtype);
  return zipSync(files, { level: 0 });
}
