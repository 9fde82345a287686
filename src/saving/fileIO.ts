/**
 * The only place saving touches a file system (Node): reading a file's bytes, and writing
 * atomically — into a temporary file in the same directory, then renamed over the target, so a
 * failed save never destroys the previous file. `node:fs` is imported lazily, so browser code
 * that works on bytes never loads it.
 */
import { ValueError } from "../util/errors.js";
import { FileFormatError } from "./errors.js";

/** Where model bytes come from: a path (Node) or the bytes themselves. */
export type ModelSource = string | Uint8Array | ArrayBuffer;

/** Reads a source into bytes; `name` is how errors refer to it. */
export async function readSource(source: ModelSource): Promise<{ bytes: Uint8Array; name: string }> {
  if (source instanceof Uint8Array) return { bytes: source, name: "<bytes>" };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: "<bytes>" };
  if (typeof source !== "string") throw new ValueError(`Expected a file path, a Uint8Array or an ArrayBuffer, but received ${typeof source}.`);
  const fs = await import("node:fs/promises");
  let stat;
  try {
    stat = await fs.stat(source);
  } catch {
    throw new ValueError(`File not found: filepath=${source}. Please ensure the file is an accessible '.keras' zip file, a '.h5' file or a '.weights.h5' file.`);
  }
  if (!stat.isFile()) throw new FileFormatError(source, "not a regular file.");
  return { bytes: new Uint8Array(await fs.readFile(source)), name: source };
}

/** Test hooks of `writeFileAtomic` (e.g. to simulate a crash after the temp file is written). */
export interface AtomicWriteOptions {
  /** Replace an existing file (default true); false throws if the file exists. */
  overwrite?: boolean;
  /** @internal Called after the temp file is complete, before the rename. */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/** Writes `bytes` to `path` through a temp file in the same directory and a rename. */
export async function writeFileAtomic(path: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = await import("node:fs/promises");
  const nodePath = await import("node:path");
  if (options.overwrite === false) {
    const exists = await fs.stat(path).then(
      () => true,
      () => false,
    );
    if (exists) throw new ValueError(`File ${path} already exists and overwrite is false.`);
  }
  const dir = nodePath.dirname(path);
  const temp = nodePath.join(dir, `.${nodePath.basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    const handle = await fs.open(temp, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.(temp);
    await fs.rename(temp, path);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}
