/**
 * Keras's `get_file`: a file from a URL, downloaded once into `~/.keras/datasets`
 * (`$KERAS_HOME/datasets` when `KERAS_HOME` is set) and read from there afterwards.
 */
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ValueError } from "../util/errors.js";
import { readTar } from "./tar.js";

export interface GetFileOptions {
  /** Expected SHA-256 (64 hex digits) or MD5 (32 hex digits) of the downloaded file; checked after download. */
  fileHash?: string;
  /** Folder under the cache directory (default `"datasets"`). */
  cacheSubdir?: string;
  /** The cache directory (default: `$KERAS_HOME`, else `~/.keras`). */
  cacheDir?: string;
  /** The origin is a `.tar.gz`/`.tar` archive: download `<fname>.tar.gz` and extract it; returns the extracted `<fname>` folder. */
  untar?: boolean;
  /** Download again even if the file is cached. */
  forceDownload?: boolean;
  /** Print Keras's "Downloading data from …" line and progress to stderr (default true). */
  verbose?: boolean;
}

/** Keras's home directory: `$KERAS_HOME`, else `~/.keras`. */
export function kerasHome(): string {
  const env = process.env.KERAS_HOME;
  return env && env.length > 0 ? path.resolve(env) : path.join(os.homedir(), ".keras");
}

function writable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder datasets are cached in; like Keras, falls back to `/tmp/.keras` when the home is read-only. */
export function cacheDirectory(options: Pick<GetFileOptions, "cacheDir" | "cacheSubdir"> = {}): string {
  const base = options.cacheDir ?? kerasHome();
  const sub = options.cacheSubdir ?? "datasets";
  const dir = path.join(base, sub);
  if (existsSync(dir) || writable(dir)) return dir;
  return path.join(os.tmpdir(), ".keras", sub);
}

function hashOf(bytes: Uint8Array, expected: string): string {
  const algo = expected.length === 32 ? "md5" : "sha256";
  return createHash(algo).update(bytes).digest("hex");
}

function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KB`;
  return `${n} B`;
}

/** Downloads `url` to `dest` atomically (temp file + rename), with a progress line on a terminal. */
async function download(url: string, dest: string, verbose: boolean): Promise<Uint8Array> {
  const advice = `download it yourself (e.g. \`curl -L -o "${dest}" ${url}\`) and place the file at ${dest}`;
  if (verbose) process.stderr.write(`Downloading data from ${url}\n`);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new ValueError(`Cannot reach ${url} (${cause?.code ?? cause?.message ?? (e as Error).message}); ${advice}.`);
  }
  if (!response.ok || !response.body) throw new ValueError(`Cannot download ${url}: the server answered HTTP ${response.status} ${response.statusText}; ${advice}.`);
  const total = Number(response.headers.get("content-length")) || 0;
  const chunks: Uint8Array[] = [];
  let received = 0;
  let lastDraw = 0;
  const tty = verbose && process.stderr.isTTY;
  const draw = (final: boolean) => {
    const width = 30;
    const frac = total ? Math.min(1, received / total) : 0;
    const done = Math.round(frac * width);
    const bar = total ? `${"━".repeat(done)}${"─".repeat(width - done)} ` : "";
    const line = `${formatBytes(received)}${total ? `/${formatBytes(total)}` : ""} ${bar}`;
    if (tty) process.stderr.write(`\r${line}${final ? "\n" : ""}`);
    else if (final && verbose) process.stderr.write(`${line}\n`);
  };
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (tty && Date.now() - lastDraw > 200) {
        lastDraw = Date.now();
        draw(false);
      }
    }
  } catch (e) {
    throw new ValueError(`The download of ${url} was interrupted after ${formatBytes(received)} (${(e as Error).message}); ${advice}.`);
  }
  draw(true);
  const bytes = new Uint8Array(received);
  let off = 0;
  for (const c of chunks) {
    bytes.set(c, off);
    off += c.length;
  }
  mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.part-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, dest);
  return bytes;
}

function extractTar(archive: string, into: string): void {
  const entries = readTar(readFileSync(archive), archive);
  const root = path.resolve(into);
  for (const e of entries) {
    const target = path.resolve(root, e.name);
    if (target !== root && !target.startsWith(root + path.sep)) {
      throw new ValueError(`${archive}: refusing to extract '${e.name}', which points outside ${root}.`);
    }
    if (e.type === "directory") mkdirSync(target, { recursive: true });
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, e.data);
    }
  }
}

/**
 * Returns the local path of `fname`, downloading it from `origin` into the cache when it is not
 * there yet (Keras's `keras.utils.get_file`). An absolute `fname` is used as is. A file that is
 * already present is trusted (its hash is checked only right after a download); pass
 * `forceDownload` to fetch it again.
 *
 * ```ts
 * const p = await keras.utils.getFile("mnist.npz", "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz");
 * ```
 */
export async function getFile(fname: string, origin: string, options: GetFileOptions = {}): Promise<string> {
  const datadir = cacheDirectory(options);
  const verbose = options.verbose ?? true;
  const target = path.resolve(datadir, fname);
  if (options.untar) {
    if (!options.forceDownload && existsSync(target) && statSync(target).isDirectory()) return target;
    const archive = `${target}.tar.gz`;
    if (options.forceDownload || !existsSync(archive)) await fetchChecked(origin, archive, options.fileHash, verbose);
    extractTar(archive, path.dirname(target));
    if (!existsSync(target)) throw new ValueError(`${archive} was extracted, but it holds no '${path.basename(target)}' folder; the archive is not the expected one. Delete it and try again.`);
    return target;
  }
  if (!options.forceDownload && existsSync(target)) return target;
  await fetchChecked(origin, target, options.fileHash, verbose);
  return target;
}

async function fetchChecked(origin: string, dest: string, fileHash: string | undefined, verbose: boolean): Promise<void> {
  if (!/^https?:\/\//.test(origin)) throw new ValueError(`Cannot download '${origin}': only http(s) URLs are supported. Place the file at ${dest} yourself.`);
  const bytes = await download(origin, dest, verbose);
  if (fileHash) {
    const got = hashOf(bytes, fileHash);
    if (got !== fileHash.toLowerCase()) {
      rmSync(dest, { force: true });
      throw new ValueError(`The file downloaded from ${origin} is corrupt or outdated: its hash is ${got}, expected ${fileHash}. It was deleted; try again, or place a good copy at ${dest}.`);
    }
  }
}
