/** The container of a model file, recognized by its first bytes (never by its extension). */
export type FileKind = "zip" | "hdf5" | "json" | "unknown";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + magic.length) return false;
  return magic.every((b, i) => bytes[offset + i] === b);
}

/**
 * Detects the container: a zip (`PK\x03\x04`: `.keras`), HDF5 (`\x89HDF\r\n\x1a\n`: legacy `.h5`,
 * `.weights.h5`, and `.keras` files that are really HDF5) or JSON (`model.to_json()`).
 * HDF5 files may carry a user block: the signature may also sit at 512, 1024, 2048… bytes.
 */
export function sniffFormat(bytes: Uint8Array): FileKind {
  if (startsWith(bytes, ZIP_MAGIC)) return "zip";
  for (let off = 0; off === 0 || off < Math.min(bytes.length, 1 << 20); off = off === 0 ? 512 : off * 2) {
    if (startsWith(bytes, HDF5_MAGIC, off)) return "hdf5";
  }
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) return "json";
  return "unknown";
}
