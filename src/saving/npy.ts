import { FileFormatError } from "./errors.js";
import { DEFAULT_LIMITS } from "./limits.js";

/** The content of a `.npy` file. */
export interface NpyArray {
  shape: number[];
  dtype: "float32" | "float64" | "int32" | "int64";
  /** The values in C order; int64 values are converted to numbers (exact up to 2^53). */
  data: Float32Array | Float64Array | Int32Array | Float64Array;
}

const DESCRS: Record<string, { dtype: NpyArray["dtype"]; size: number }> = {
  "<f4": { dtype: "float32", size: 4 },
  "<f8": { dtype: "float64", size: 8 },
  "<i4": { dtype: "int32", size: 4 },
  "<i8": { dtype: "int64", size: 8 },
};

/**
 * Reads a NumPy `.npy` file (format versions 1, 2 and 3; little-endian float32, float64, int32
 * and int64; C order). Anything else is rejected with a FileFormatError naming `file`.
 *
 * ```ts
 * const { shape, data } = readNpy(bytes);   // shape [5, 10, 10, 3], data Float64Array
 * ```
 */
export function readNpy(bytes: Uint8Array, file = "<npy bytes>"): NpyArray {
  const fail = (msg: string): never => {
    throw new FileFormatError(file, msg);
  };
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) fail("not a .npy file (missing the \\x93NUMPY signature).");
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let offset: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    offset = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail("truncated header.");
    headerLen = view.getUint32(8, true);
    offset = 12;
  } else {
    return fail(`unsupported .npy format version ${major}.`);
  }
  if (offset + headerLen > bytes.length || headerLen > 1 << 20) fail("truncated or oversized header.");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(offset, offset + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) return fail(`malformed header ${JSON.stringify(header.trim())}.`);
  if (fortran === "True") fail("Fortran-order arrays are not supported; save with np.ascontiguousarray.");
  const info = DESCRS[descr === "|f4" ? "<f4" : descr];
  if (!info) return fail(`unsupported dtype '${descr}' (expected little-endian float32, float64, int32 or int64).`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : fail(`malformed shape (${shapeText}).`)));
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count) || count > DEFAULT_LIMITS.maxTensorElements) fail(`shape (${shapeText}) is too large.`);
  const start = offset + headerLen;
  if (start + count * info.size > bytes.length) fail(`truncated data: shape (${shapeText}) needs ${count * info.size} bytes, the file has ${bytes.length - start}.`);
  const raw = bytes.slice(start, start + count * info.size).buffer;
  let data: NpyArray["data"];
  if (info.dtype === "float32") data = new Float32Array(raw);
  else if (info.dtype === "float64") data = new Float64Array(raw);
  else if (info.dtype === "int32") data = new Int32Array(raw);
  else data = Float64Array.from(new BigInt64Array(raw), (v) => Number(v));
  return { shape, dtype: info.dtype, data };
}
