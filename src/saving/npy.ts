import { ValueError } from "../util/errors.js";
import { FileFormatError } from "./errors.js";
import { parseNpy, type NpyArray } from "./npyFormat.js";

export type { NpyArray, NpyData } from "./npyFormat.js";
export { encodeNpy, parseNpy } from "./npyFormat.js";

/**
 * Reads a NumPy `.npy` file (format versions 1–3; bool, (u)int8…64, float32/64, either byte
 * order, C or Fortran order; object arrays are decoded as data, never executed). A malformed
 * file is a FileFormatError naming `file`.
 *
 * ```ts
 * const { shape, data } = readNpy(bytes);   // shape [5, 10, 10, 3], data Float64Array
 * ```
 */
export function readNpy(bytes: Uint8Array, file = "<npy bytes>"): NpyArray {
  try {
    return parseNpy(bytes, file);
  } catch (e) {
    if (e instanceof ValueError && !(e instanceof FileFormatError)) throw new FileFormatError(file, e.message);
    throw e;
  }
}
