import { KerasTypeError } from "../util/errors.js";
import { zeroedFloat32Result } from "./bufferPool.js";
import type { DType, TypedArray } from "./types.js";

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

/** Aliases users may write; Keras spells dtypes like NumPy. */
const ALIASES: Record<string, DType> = {
  float32: "float32",
  float64: "float64",
  int32: "int32",
  bool: "bool",
  float: "float32",
  int: "int32",
  boolean: "bool",
};

/** Validates a dtype string, with a clear error for unsupported ones. */
export function normalizeDType(dtype: unknown, where = "dtype"): DType {
  if (typeof dtype === "string" && dtype in ALIASES) return ALIASES[dtype]!;
  throw new KerasTypeError(
    `${where}: unsupported dtype ${typeof dtype === "string" ? `'${dtype}'` : String(dtype)}. Expected one of 'float32', 'float64', 'int32', 'bool'.`,
  );
}

export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return zeroedFloat32Result(size);
    case "float64":
      return new Float64Array(size);
    case "int32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

/** Copies `values` into a new array of `dtype` (float → int truncates toward zero, like NumPy's astype). */
export function castValues(values: TypedArray, dtype: DType): TypedArray {
  const out = allocate(dtype, values.length);
  if (dtype === "bool") {
    for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  } else if (dtype === "int32") {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      out[i] = Number.isFinite(v) ? Math.trunc(v) : 0;
    }
  } else {
    out.set(values);
  }
  return out;
}

export function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float32Array) return "float32";
  if (values instanceof Float64Array) return "float64";
  if (values instanceof Int32Array) return "int32";
  return "bool";
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** The dtype two tensors promote to (bool < int32 < float32 < float64), like Keras's result_type. */
export function upcast(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Bytes per element. */
export function bytesPerElement(dtype: DType): number {
  return dtype === "float64" ? 8 : dtype === "bool" ? 1 : 4;
}
