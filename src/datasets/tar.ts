/** A small reader for (optionally gzipped) tar archives: regular files and directories only. */
import { gunzipSync } from "node:zlib";
import { ValueError } from "../util/errors.js";

export interface TarEntry {
  /** The path inside the archive, with `/` separators. */
  name: string;
  type: "file" | "directory";
  data: Uint8Array;
}

function field(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  return new TextDecoder("utf-8").decode(block.subarray(start, end));
}

/** Lists a tar archive's entries (gzip is detected by its magic bytes). `source` names the file in errors. */
export function readTar(bytes: Uint8Array, source = "<bytes>"): TarEntry[] {
  let data = bytes;
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data);
    } catch (e) {
      throw new ValueError(`${source} is not a valid .tar.gz file: the gzip stream is corrupt (${(e as Error).message}).`);
    }
  }
  const entries: TarEntry[] = [];
  let pos = 0;
  let longName: string | null = null;
  while (pos + 512 <= data.length) {
    const block = data.subarray(pos, pos + 512);
    if (block.every((b) => b === 0)) break;
    const sizeText = field(block, 124, 12).trim();
    const size = sizeText ? Number.parseInt(sizeText, 8) : 0;
    if (!Number.isFinite(size) || size < 0) throw new ValueError(`${source} is not a valid tar archive: bad entry size '${sizeText}' at byte ${pos}.`);
    const type = String.fromCharCode(block[156] ?? 0);
    const magic = field(block, 257, 6);
    const prefix = magic.startsWith("ustar") ? field(block, 345, 155) : "";
    let name = longName ?? (prefix ? `${prefix}/${field(block, 0, 100)}` : field(block, 0, 100));
    longName = null;
    const body = data.subarray(pos + 512, pos + 512 + size);
    if (body.length < size) throw new ValueError(`${source} is not a valid tar archive: entry '${name}' is truncated.`);
    pos += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = field(body, 0, body.length);
      continue;
    }
    name = name.replace(/^\.\//, "");
    if (type === "0" || type === "\0" || type === "7") entries.push({ name, type: "file", data: body });
    else if (type === "5") entries.push({ name: name.replace(/\/$/, ""), type: "directory", data: new Uint8Array(0) });
  }
  return entries;
}
