import { isFloat, normalizeDType } from "../backend/dtypes.js";
import type { DType } from "../backend/types.js";
import { checkShape } from "../tensor/convert.js";
import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { KerasTypeError, ValueError } from "../util/errors.js";
import { formatValue } from "../util/format.js";

/** A shape argument of the random functions: an array of sizes, or one size for 1-D. */
export type ShapeArg = readonly number[] | number;

/** @internal Validates a shape argument; returns it with its element count. */
export function randomShape(shape: ShapeArg, where: string): { shape: number[]; size: number } {
  const list = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(list)) throw new ValueError(`${where}: expected a shape array such as [2, 3], but received ${formatValue(shape)}.`);
  const checked = [...checkShape(list, where)];
  return { shape: checked, size: checked.reduce((a, b) => a * b, 1) };
}

/** @internal A floating dtype argument (null → float32), with Keras's error for int dtypes. */
export function floatDType(dtype: string | null | undefined, where: string): DType {
  const dt = dtype === null || dtype === undefined ? "float32" : normalizeDType(dtype, where);
  if (!isFloat(dt)) {
    throw new ValueError(`${where} requires a floating point dtype, but received dtype='${dt}'.`);
  }
  return dt;
}

/** @internal Checks that a numeric parameter is a finite number. */
export function finiteNumber(value: unknown, name: string, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new KerasTypeError(`${where}: ${name} must be a finite number, but received ${formatValue(value)}.`);
  }
  return value;
}

/**
 * @internal Stores float64 samples as `dtype`. With `below`, float32 rounding that would reach
 * the excluded upper bound is pulled back to the largest float32 under it.
 */
export function storeSamples(values: Float64Array, shape: readonly number[], dtype: DType, below?: number): Tensor {
  if (dtype === "float64") return makeTensor(values, shape, dtype);
  if (dtype === "float32") {
    const out = Float32Array.from(values);
    if (below !== undefined) {
      const limit = float32Below(below);
      for (let i = 0; i < out.length; i++) if (out[i]! >= below) out[i] = limit;
    }
    return makeTensor(out, shape, dtype);
  }
  if (dtype === "int32") return makeTensor(Int32Array.from(values), shape, dtype);
  return makeTensor(Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0)), shape, dtype);
}

/** The largest float32 strictly below `x`. */
function float32Below(x: number): number {
  const f = new Float32Array(1);
  const bits = new Int32Array(f.buffer);
  f[0] = x;
  if (f[0] < x) return f[0];
  if (f[0] === 0) return -1.401298464324817e-45;
  bits[0] = f[0] > 0 ? bits[0]! - 1 : bits[0]! + 1;
  return f[0];
}
