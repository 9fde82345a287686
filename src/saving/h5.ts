/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly), on bytes: files are written
 * into h5wasm's in-memory file system, so the same code runs in Node and in browsers. Every
 * h5wasm failure becomes a FileFormatError naming the file, and every size is checked against
 * the limits before memory is allocated for it.
 */
import type h5wasm from "h5wasm";
import { FileFormatError } from "./errors.js";
import { DEFAULT_LIMITS } from "./limits.js";

type H5Module = Awaited<typeof h5wasm.ready>;
type H5Entity = ReturnType<InstanceType<typeof h5wasm.Group>["get"]>;
type Metadata = InstanceType<typeof h5wasm.Dataset>["metadata"];

let modulePromise: Promise<H5Module> | null = null;
let counter = 0;
/** The h5wasm library, loaded on first use so that importing keras-ts does not compile HDF5. */
let lib: typeof h5wasm;

/** Loads the HDF5 WebAssembly module once. */
async function ready(): Promise<H5Module> {
  modulePromise ??= import("h5wasm").then((m) => {
    lib = m.default;
    return lib.ready;
  }).then((module) => {
    // HDF5 errors become JS exceptions (caught and reported as FileFormatError) instead of
    // diagnostics printed to stderr.
    (module as unknown as { activate_throwing_error_handler(): number }).activate_throwing_error_handler();
    return module;
  });
  return modulePromise;
}

const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;

/** A weight read from a file: values in C order, a plain number type. */
export interface H5Array {
  shape: number[];
  dtype: "float32" | "float64" | "int32" | "int64" | "uint8" | "int8" | "int16" | "uint16" | "uint32" | "bool";
  data: Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array;
}

/** Values a dataset may be written from. */
export type H5WritableArray = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

function numericDType(meta: Metadata): H5Array["dtype"] | null {
  if (meta.type === H5T_FLOAT) return meta.size === 4 ? "float32" : meta.size === 8 ? "float64" : null;
  if (meta.type === H5T_INTEGER) {
    const table: Record<string, H5Array["dtype"]> = { "1s": "int8", "1u": "uint8", "2s": "int16", "2u": "uint16", "4s": "int32", "4u": "uint32", "8s": "int64", "8u": "int64" };
    return table[`${meta.size}${meta.signed ? "s" : "u"}`] ?? null;
  }
  return null;
}

/** A read-only HDF5 file opened from bytes. */
export class H5Reader {
  private constructor(
    private readonly file: InstanceType<typeof h5wasm.File>,
    private readonly fsPath: string,
    private readonly module: H5Module,
    /** The name used in error messages. */
    readonly name: string,
    private readonly byteLength: number,
  ) {}

  /** Opens HDF5 bytes (copied into the in-memory file system until `close()`). */
  static async open(bytes: Uint8Array, name: string): Promise<H5Reader> {
    const module = await ready();
    const fsPath = `/keras_ts_read_${++counter}.h5`;
    try {
      module.FS.writeFile(fsPath, bytes);
    } catch (e) {
      throw new FileFormatError(name, `could not stage the HDF5 data in memory (${(e as Error).message}).`);
    }
    try {
      const file = new lib.File(fsPath, "r");
      if (!file.file_id || file.file_id < 0n) throw new Error("H5Fopen failed");
      return new H5Reader(file, fsPath, module, name, bytes.length);
    } catch (e) {
      safeUnlink(module, fsPath);
      throw new FileFormatError(name, `not a readable HDF5 file (${describe(e)}).`);
    }
  }

  private fail(message: string): never {
    throw new FileFormatError(this.name, message);
  }

  private guard<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof FileFormatError) throw e;
      return this.fail(`${what} (${describe(e)}).`);
    }
  }

  private entity(path: string): H5Entity {
    return this.guard(`could not read HDF5 object '${path}'`, () => (path === "/" || path === "" ? this.file : this.file.get(path)));
  }

  /** Whether `path` names a group. */
  isGroup(path: string): boolean {
    if (path !== "/" && path !== "" && !this.exists(path)) return false;
    return this.entity(path) instanceof lib.Group;
  }

  /** Whether `path` names a dataset. */
  isDataset(path: string): boolean {
    if (!this.exists(path)) return false;
    return this.entity(path) instanceof lib.Dataset;
  }

  /** Whether something exists at `path` (each parent must be a group). */
  exists(path: string): boolean {
    const parts = path.split("/").filter((p) => p.length > 0);
    let cur = "";
    for (const p of parts) {
      const group = this.entity(cur || "/");
      if (!(group instanceof lib.Group)) return false;
      if (!this.guard(`could not list group '${cur || "/"}'`, () => group.keys()).includes(p)) return false;
      cur = `${cur}/${p}`;
    }
    return true;
  }

  /** The names of a group's members (empty when `path` is not a group). */
  keys(path: string): string[] {
    if (!this.isGroup(path)) return [];
    const g = this.entity(path) as InstanceType<typeof h5wasm.Group>;
    return this.guard(`could not list group '${path}'`, () => g.keys());
  }

  /** The names of an object's attributes. */
  attrNames(path: string): string[] {
    const e = this.entity(path);
    if (!e || !("attrs" in e)) return [];
    return this.guard(`could not list the attributes of '${path}'`, () => Object.keys(e.attrs));
  }

  /**
   * An attribute's value: a string (fixed-length or vlen), a list of strings, numbers, or null
   * when absent. Empty numeric arrays (how h5py stores an empty `weight_names`) come back as [].
   */
  attr(path: string, name: string): string | string[] | number[] | number | null {
    if (!this.attrNames(path).includes(name)) return null;
    const e = this.entity(path)!;
    return this.guard(`could not read attribute '${name}' of '${path}'`, () => {
      const a = (e as InstanceType<typeof h5wasm.Group>).attrs[name]!;
      const meta = a.metadata;
      const count = meta.total_size ?? 1;
      if (count * Math.max(1, meta.size) > DEFAULT_LIMITS.maxJsonBytes) this.fail(`attribute '${name}' of '${path}' is too large (${count} × ${meta.size} bytes).`);
      if (meta.type === H5T_STRING) {
        const v = a.value;
        if (typeof v === "string") return v;
        if (Array.isArray(v)) return v.map((s) => String(s));
        return this.fail(`attribute '${name}' of '${path}' is not a string.`);
      }
      if (meta.type === H5T_INTEGER || meta.type === H5T_FLOAT) {
        const v = a.value;
        if (typeof v === "number" || typeof v === "bigint") return Number(v);
        if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => Number(x));
      }
      return this.fail(`attribute '${name}' of '${path}' has an unsupported type.`);
    });
  }

  /** A string attribute (bytes decoded), or null when absent. */
  stringAttr(path: string, name: string): string | null {
    const v = this.attr(path, name);
    if (v === null) return null;
    if (typeof v === "string") return v;
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === "string") return v[0];
    return this.fail(`attribute '${name}' of '${path}' should be a string, but it holds ${JSON.stringify(v).slice(0, 80)}.`);
  }

  /** A list-of-strings attribute (fixed-length or vlen; an empty float array is an empty list). */
  stringListAttr(path: string, name: string): string[] | null {
    const v = this.attr(path, name);
    if (v === null) return null;
    if (typeof v === "string") return [v];
    if (Array.isArray(v) && v.length === 0) return [];
    if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v as string[];
    return this.fail(`attribute '${name}' of '${path}' should be a list of strings, but it holds ${JSON.stringify(v).slice(0, 80)}.`);
  }

  /** A dataset's shape and dtype, without reading its values. */
  datasetInfo(path: string): { shape: number[]; dtype: H5Array["dtype"] | string } {
    const d = this.entity(path);
    if (!(d instanceof lib.Dataset)) this.fail(`'${path}' is not a dataset.`);
    const meta = this.guard(`could not read the metadata of '${path}'`, () => d.metadata);
    return { shape: [...(meta.shape ?? [])], dtype: numericDType(meta) ?? `unsupported HDF5 type (class ${meta.type}, ${meta.size} bytes)` };
  }

  /** Reads a numeric dataset, checking its dtype and size before allocating. */
  readDataset(path: string): H5Array {
    const d = this.entity(path);
    if (!(d instanceof lib.Dataset)) return this.fail(`'${path}' is not a dataset.`);
    const meta = this.guard(`could not read the metadata of '${path}'`, () => d.metadata);
    const dtype = numericDType(meta);
    if (!dtype) return this.fail(`dataset '${path}' has an unsupported type (HDF5 class ${meta.type}, ${meta.size} bytes); expected float or integer numbers.`);
    if (!meta.littleEndian && meta.size > 1) return this.fail(`dataset '${path}' is big-endian, which is not supported.`);
    const shape = [...(meta.shape ?? [])];
    if (shape.some((s) => !Number.isSafeInteger(s) || s < 0)) return this.fail(`dataset '${path}' declares an invalid shape [${shape.join(", ")}].`);
    const count = shape.reduce((a, b) => a * b, 1);
    if (count > DEFAULT_LIMITS.maxTensorElements) return this.fail(`dataset '${path}' declares shape [${shape.join(", ")}] (${count} values), more than the limit of ${DEFAULT_LIMITS.maxTensorElements}.`);
    const filters = this.guard(`could not read the filters of '${path}'`, () => d.filters);
    if (filters.length === 0 && count * meta.size > this.byteLength) {
      return this.fail(`dataset '${path}' declares shape [${shape.join(", ")}] (${count * meta.size} bytes), more than the whole file holds (${this.byteLength} bytes).`);
    }
    const value = this.guard(`could not read dataset '${path}'`, () => d.value);
    let data: H5Array["data"];
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
      data = dtype === "float32" ? Float32Array.of(Number(value)) : dtype === "int32" ? Int32Array.of(Number(value)) : Float64Array.of(Number(value));
    } else if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
      data = Float64Array.from(value as ArrayLike<bigint>, (x) => Number(x));
    } else if (ArrayBuffer.isView(value)) {
      data = value as H5Array["data"];
    } else {
      return this.fail(`dataset '${path}' could not be read as numbers.`);
    }
    if (data.length !== count) return this.fail(`dataset '${path}' holds ${data.length} values, but its shape [${shape.join(", ")}] needs ${count}.`);
    return { shape, dtype: dtype === "int64" ? "float64" : dtype, data };
  }

  close(): void {
    try {
      this.file.close();
    } catch {
      // already closed or never fully opened
    }
    safeUnlink(this.module, this.fsPath);
  }
}

/** An HDF5 file being written in memory; `finish()` returns its bytes. */
export class H5Writer {
  private closed = false;

  private constructor(
    private readonly file: InstanceType<typeof h5wasm.File>,
    private readonly fsPath: string,
    private readonly module: H5Module,
  ) {}

  static async create(): Promise<H5Writer> {
    const module = await ready();
    const fsPath = `/keras_ts_write_${++counter}.h5`;
    const file = new lib.File(fsPath, "w");
    return new H5Writer(file, fsPath, module);
  }

  /** Creates a group and its missing parents; returns its path. */
  group(path: string): string {
    const parts = path.split("/").filter((p) => p.length > 0);
    let cur = "";
    for (const p of parts) {
      const parent = (cur ? this.file.get(cur) : this.file) as InstanceType<typeof h5wasm.Group>;
      if (!parent.keys().includes(p)) parent.create_group(p);
      cur = `${cur}/${p}`;
    }
    return cur || "/";
  }

  /** Writes a dataset (parents created as needed). int64 data is given as a BigInt64Array. */
  dataset(path: string, data: H5WritableArray, shape: readonly number[]): void {
    const i = path.lastIndexOf("/");
    const parentPath = this.group(path.slice(0, Math.max(0, i)));
    const parent = (parentPath === "/" ? this.file : this.file.get(parentPath)) as InstanceType<typeof h5wasm.Group>;
    // h5wasm's struct-style codes: f float32, d float64, i int32, q int64, B uint8.
    const dtype = data instanceof Float32Array ? "<f" : data instanceof Float64Array ? "<d" : data instanceof Int32Array ? "<i" : data instanceof BigInt64Array ? "<q" : "|B";
    parent.create_dataset({ name: path.slice(i + 1), data, shape: [...shape], dtype });
  }

  /** Sets a string (vlen UTF-8) or list-of-strings attribute on a group or dataset. */
  attr(path: string, name: string, value: string | string[]): void {
    const e = (path === "/" || path === "" ? this.file : this.file.get(path)) as InstanceType<typeof h5wasm.Group>;
    e.create_attribute(name, value);
  }

  /** Closes the file and returns its bytes. */
  finish(): Uint8Array {
    this.file.close();
    this.closed = true;
    try {
      return new Uint8Array(this.module.FS.readFile(this.fsPath));
    } finally {
      safeUnlink(this.module, this.fsPath);
    }
  }

  /** Discards an unfinished file. */
  abort(): void {
    if (!this.closed) {
      try {
        this.file.close();
      } catch {
        // nothing to close
      }
    }
    safeUnlink(this.module, this.fsPath);
  }
}

function safeUnlink(module: H5Module, path: string): void {
  try {
    module.FS.unlink(path);
  } catch {
    // already gone
  }
}

function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n")[0]!.slice(0, 200);
}
