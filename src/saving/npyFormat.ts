/**
 * NumPy's `.npy` format (version 1, 2 and 3): a magic string, a header that is a Python dict
 * literal (`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`), then the raw data.
 * Object arrays (`'|O'`) hold a pickle; they are decoded with the small unpickler of this folder.
 */
import { ValueError } from "../util/errors.js";
import { ndarrayFromPickle, unpickle } from "./pickle.js";

/** The element arrays `.npy` data becomes (64-bit integers become doubles, exact up to 2^53). */
export type NpyData = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** A decoded NumPy array: row-major data, its shape and NumPy's dtype name. */
export interface NpyArray {
  /** NumPy's dtype name: "uint8", "int32", "int64", "float32", "float64", "bool", "object"… */
  dtype: string;
  shape: number[];
  /** The values in C (row-major) order. Object arrays give `objects` instead. */
  data: NpyData;
  /** The elements of an object array (`dtype: "object"`), e.g. IMDB's lists of word indices. */
  objects?: unknown[];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Kind {
  name: string;
  size: number;
  read: (view: DataView, offset: number, little: boolean) => number;
  make: (n: number) => NpyData;
}

const KINDS: Record<string, Kind> = {
  b1: { name: "bool", size: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n) },
  u1: { name: "uint8", size: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n) },
  i1: { name: "int8", size: 1, read: (v, o) => v.getInt8(o), make: (n) => new Int8Array(n) },
  u2: { name: "uint16", size: 2, read: (v, o, l) => v.getUint16(o, l), make: (n) => new Uint16Array(n) },
  i2: { name: "int16", size: 2, read: (v, o, l) => v.getInt16(o, l), make: (n) => new Int16Array(n) },
  u4: { name: "uint32", size: 4, read: (v, o, l) => v.getUint32(o, l), make: (n) => new Uint32Array(n) },
  i4: { name: "int32", size: 4, read: (v, o, l) => v.getInt32(o, l), make: (n) => new Int32Array(n) },
  u8: { name: "uint64", size: 8, read: (v, o, l) => Number(v.getBigUint64(o, l)), make: (n) => new Float64Array(n) },
  i8: { name: "int64", size: 8, read: (v, o, l) => Number(v.getBigInt64(o, l)), make: (n) => new Float64Array(n) },
  f4: { name: "float32", size: 4, read: (v, o, l) => v.getFloat32(o, l), make: (n) => new Float32Array(n) },
  f8: { name: "float64", size: 8, read: (v, o, l) => v.getFloat64(o, l), make: (n) => new Float64Array(n) },
};

function fail(source: string, problem: string): never {
  throw new ValueError(`${source} is not a valid .npy file: ${problem}.`);
}

/** Parses the header dict literal. Only the three keys NumPy writes are read. */
function parseHeader(text: string, source: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) fail(source, `unreadable header ${JSON.stringify(text.trim())}`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim().replace(/L$/, ""))
    .filter((s) => s.length > 0)
    .map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) fail(source, `bad dimension '${s}' in the header's shape`);
      return n;
    });
  return { descr, fortranOrder: fortran === "True", shape };
}

/** Reorders Fortran-order (column-major) values into row-major order. */
function fortranToC<T extends { length: number; [i: number]: number }>(src: T, dst: T, shape: number[]): void {
  const n = src.length;
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  const cStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) cStrides[d] = cStrides[d + 1]! * shape[d + 1]!;
  for (let f = 0; f < n; f++) {
    let c = 0;
    for (let d = 0; d < rank; d++) c += idx[d]! * cStrides[d]!;
    dst[c] = src[f]!;
    for (let d = 0; d < rank; d++) {
      idx[d]! += 1;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

/**
 * Decodes a `.npy` file's bytes. `source` names the file in error messages.
 *
 * ```ts
 * const { shape, dtype, data } = parseNpy(readFileSync("x.npy"), "x.npy");
 * ```
 */
export function parseNpy(bytes: Uint8Array, source = "<bytes>"): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail(source, "it does not start with NumPy's magic string \\x93NUMPY");
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail(source, "the header is truncated");
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    fail(source, `unsupported format version ${major}.${bytes[7]}`);
  }
  if (start + headerLen > bytes.length) fail(source, "the header is truncated");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, start + headerLen));
  const { descr, fortranOrder, shape } = parseHeader(header, source);
  const body = bytes.subarray(start + headerLen);
  const count = shape.reduce((a, b) => a * b, 1);
  if (descr === "|O" || descr === "O") {
    const objects = ndarrayFromPickle(unpickle(body, source), source);
    if (objects.length !== count) fail(source, `the pickled object array has ${objects.length} elements but the header's shape needs ${count}`);
    return { dtype: "object", shape, data: new Uint8Array(0), objects };
  }
  const m = /^([<>|=]?)([biuf])(\d+)$/.exec(descr);
  const kind = m ? KINDS[`${m[2]}${m[3]}`] : undefined;
  if (!m || !kind) fail(source, `unsupported dtype '${descr}' (supported: bool, (u)int8/16/32/64, float32/64, object)`);
  const little = m[1] !== ">";
  if (body.length < count * kind.size) fail(source, `the data is truncated: expected ${count * kind.size} bytes for shape (${shape.join(", ")}) of ${kind.name}, found ${body.length}`);
  let data = kind.make(count);
  const bodyView = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (kind.size === 1) {
    data.set(body.subarray(0, count) as never);
  } else {
    for (let i = 0; i < count; i++) data[i] = kind.read(bodyView, i * kind.size, little);
  }
  if (fortranOrder && shape.length > 1) {
    const c = kind.make(count);
    fortranToC(data, c, shape);
    data = c;
  }
  return { dtype: kind.name, shape, data };
}

const DESCR: Record<string, string> = {
  bool: "|b1",
  uint8: "|u1",
  int8: "|i1",
  uint16: "<u2",
  int16: "<i2",
  uint32: "<u4",
  int32: "<i4",
  float32: "<f4",
  float64: "<f8",
};

/** Encodes a typed array as a version-1 `.npy` file (NumPy's layout: header padded to 64 bytes). */
export function encodeNpy(data: NpyData, shape: readonly number[], dtype?: string): Uint8Array {
  const name = dtype ?? dtypeOfTypedArray(data);
  const descr = DESCR[name];
  if (!descr) throw new ValueError(`encodeNpy: unsupported dtype '${name}'. Expected one of ${Object.keys(DESCR).join(", ")}.`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

function dtypeOfTypedArray(a: NpyData): string {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Uint32Array) return "uint32";
  if (a instanceof Int16Array) return "int16";
  if (a instanceof Uint16Array) return "uint16";
  if (a instanceof Int8Array) return "int8";
  return "uint8";
}
