import { castValues, dtypeOfArray, normalizeDType } from "../backend/dtypes.js";
import type { DType, TypedArray } from "../backend/types.js";
import { KerasTypeError, ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { KerasTensor } from "./kerasTensor.js";
import { Tensor } from "./tensor.js";
import { Variable } from "./variable.js";

/** Anything that can become a tensor: nested arrays, numbers, booleans, typed arrays, tensors, variables. */
export type TensorLike =
  | Tensor
  | Variable
  | number
  | boolean
  | TypedArray
  | Int8Array
  | Int16Array
  | Uint16Array
  | Uint32Array
  | Uint8ClampedArray
  | readonly TensorLikeArray[];
export type TensorLikeArray = number | boolean | readonly TensorLikeArray[] | TypedArray;

/** Checks a shape given by a user: non-negative integers only. */
export function checkShape(shape: readonly unknown[], where: string): number[] {
  if (!Array.isArray(shape)) throw new ValueError(`${where}: expected a shape array, but received ${String(shape)}.`);
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ValueError(
        `${where}: every dimension of a shape must be a non-negative integer, but received shape ${formatShape(shape as (number | null)[])}.`,
      );
    }
  }
  return shape as number[];
}

function typedArrayDType(values: ArrayBufferView): DType {
  if (values instanceof Float32Array) return "float32";
  if (values instanceof Float64Array) return "float64";
  return "int32";
}

/** Infers the shape of nested arrays and rejects ragged ones, naming the offending index. */
function inferShape(value: readonly unknown[]): number[] {
  const shape: number[] = [];
  let cur: unknown = value;
  while (Array.isArray(cur) || ArrayBuffer.isView(cur)) {
    const len = (cur as ArrayLike<unknown>).length;
    shape.push(len);
    if (len === 0) break;
    cur = (cur as ArrayLike<unknown>)[0];
  }
  const check = (v: unknown, depth: number, path: number[]): void => {
    const isArr = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
    if (depth === shape.length) {
      if (isArr) {
        throw new ValueError(
          `convertToTensor: ragged nested array: the element at index [${path.join("][")}] is an array, but elements at that depth are scalars (shape so far ${formatShape(shape)}).`,
        );
      }
      if (typeof v !== "number" && typeof v !== "boolean") {
        throw new KerasTypeError(
          `convertToTensor: expected numbers or booleans, but the element at index [${path.join("][")}] is ${v === null ? "null" : typeof v}${typeof v === "string" ? ` ('${v}')` : ""}.`,
        );
      }
      return;
    }
    if (!isArr) {
      throw new ValueError(
        `convertToTensor: ragged nested array: expected an array of length ${shape[depth]} at index [${path.join("][")}], but received a scalar.`,
      );
    }
    const arr = v as ArrayLike<unknown>;
    if (arr.length !== shape[depth]) {
      throw new ValueError(
        `convertToTensor: ragged nested array: expected length ${shape[depth]} at index [${path.join("][")}] (depth ${depth}), but received length ${arr.length}. All rows must have the same length.`,
      );
    }
    for (let i = 0; i < arr.length; i++) check(arr[i], depth + 1, [...path, i]);
  };
  check(value, 0, []);
  return shape;
}

function flattenInto(value: unknown, out: TypedArray, offset: { i: number }): void {
  if (Array.isArray(value)) {
    for (const v of value) flattenInto(v, out, offset);
  } else if (ArrayBuffer.isView(value)) {
    const arr = value as unknown as ArrayLike<number>;
    for (let k = 0; k < arr.length; k++) out[offset.i++] = arr[k]!;
  } else {
    out[offset.i++] = typeof value === "boolean" ? (value ? 1 : 0) : (value as number);
  }
}

function containsBooleansOnly(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(containsBooleansOnly);
  return typeof value === "boolean";
}

/** The nested index `[i][j]…` of flat position `flat` in a row-major array of `shape`. */
function nestedIndex(flat: number, shape: readonly number[]): string {
  const idx = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    idx[k] = flat % shape[k]!;
    flat = Math.floor(flat / shape[k]!);
  }
  return idx.length === 0 ? "" : ` at index [${idx.join("][")}]`;
}

/** Int tensors cannot hold NaN or infinities, bool tensors no NaN: say which element is the problem. */
function checkStorable(values: Float64Array, shape: readonly number[], dtype: DType): void {
  if (dtype === "float32" || dtype === "float64") return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || (dtype === "int32" && !Number.isFinite(v))) {
      throw new ValueError(
        `convertToTensor: ${values[i]} cannot be stored in ${dtype === "int32" ? "an" : "a"} ${dtype} tensor (the value${nestedIndex(i, shape)}). Use a float dtype, or replace it first.`,
      );
    }
  }
}

/**
 * Converts data to a Tensor. Nested arrays and numbers become float32 (booleans become bool)
 * unless `dtype` says otherwise; a typed array becomes a 1-D tensor of its own dtype
 * (Float32Array → float32, Float64Array → float64, integer arrays → int32).
 *
 * ```ts
 * keras.ops.convertToTensor([[1, 2], [3, 4]]).shape; // [2, 2]
 * keras.ops.convertToTensor(new Int32Array([1, 2])).dtype; // "int32"
 * ```
 */
export function convertToTensor(value: TensorLike | unknown, dtype?: DType | string): Tensor {
  const want = dtype === undefined ? undefined : normalizeDType(dtype, "convertToTensor");
  if (value instanceof Tensor) {
    if (want === undefined || want === value.dtype) return value;
    return new Tensor(castValues(value.values, want), value.shape, want);
  }
  if (value instanceof Variable) return convertToTensor(value.value, want);
  if (value instanceof KerasTensor) {
    throw new ValueError(
      `convertToTensor: received a symbolic KerasTensor ${value.toString()}. Symbolic tensors have no values; call the model on real data instead.`,
    );
  }
  if (typeof value === "number" || typeof value === "boolean") {
    const dt = want ?? (typeof value === "boolean" ? "bool" : "float32");
    const values = Float64Array.of(Number(value));
    checkStorable(values, [], dt);
    return new Tensor(dt === "float64" ? values : castValues(values, dt), [], dt);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const src = value as unknown as ArrayLike<number>;
    const own = typedArrayDType(value);
    const dt = want ?? own;
    let values: TypedArray;
    if (dt === own && (src instanceof Float32Array || src instanceof Float64Array || src instanceof Int32Array)) {
      values = src.slice();
    } else {
      const wide = Float64Array.from(src);
      checkStorable(wide, [wide.length], dt);
      values = dt === "float64" ? wide : castValues(wide, dt);
    }
    return new Tensor(values, [src.length], dt);
  }
  if (Array.isArray(value)) {
    const shape = inferShape(value);
    const dt = want ?? (containsBooleansOnly(value) ? "bool" : "float32");
    let size = 1;
    for (const d of shape) size *= d;
    const wide = new Float64Array(size);
    flattenInto(value, wide, { i: 0 });
    checkStorable(wide, shape, dt);
    return new Tensor(dt === "float64" ? wide : castValues(wide, dt), shape, dt);
  }
  if (value === null || value === undefined) {
    throw new KerasTypeError(`convertToTensor: expected data (nested arrays, a number, a typed array or a Tensor), but received ${value === null ? "null" : "undefined"}.`);
  }
  throw new KerasTypeError(
    `convertToTensor: cannot convert a value of type ${typeof value === "object" ? ((value as object).constructor?.name ?? "object") : typeof value} to a tensor. Expected nested arrays, a number, a boolean, a typed array or a Tensor.`,
  );
}

/** @internal Re-export for kernels that need the array's dtype. */
export { dtypeOfArray };
