import { isFloat, normalizeDType, upcast } from "../../backend/dtypes.js";
import type { DType } from "../../backend/types.js";
import { run1 } from "../../autodiff/engine.js";
import { convertToTensor } from "../../tensor/convert.js";
import { KerasTensor, type SymbolicShape } from "../../tensor/kerasTensor.js";
import { Tensor } from "../../tensor/tensor.js";
import { Variable } from "../../tensor/variable.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";

/**
 * What ops accept: data convertible to a tensor, a Variable, or a symbolic KerasTensor.
 * Ops are typed as returning `Tensor`; given a KerasTensor they return a KerasTensor
 * (shape rules only, no computation).
 */
export type OpInput = Tensor | KerasTensor | Variable | number | boolean | ArrayLike<unknown> | readonly unknown[];

/** Concrete or symbolic, after conversion. */
export type Value = Tensor | KerasTensor;

/** Converts an op argument, leaving KerasTensors symbolic. */
export function toValue(x: OpInput, dtype?: DType): Value {
  if (x instanceof KerasTensor) {
    if (dtype && dtype !== x.dtype) return run1("cast", [x], { dtype });
    return x;
  }
  if (x instanceof Tensor) {
    if (dtype && dtype !== x.dtype) return run1("cast", [x], { dtype });
    return x;
  }
  if (x instanceof Variable) return toValue(x.value, dtype);
  return convertToTensor(x, dtype);
}

/** Casts a (possibly symbolic) value. */
export function castTo(x: Value, dtype: DType): Value {
  return x.dtype === dtype ? x : run1("cast", [x], { dtype });
}

/** The shape of a value, with `null` for unknown dims. */
export function shapeOf(x: Value): SymbolicShape {
  return x.shape;
}

/** Is `x` a plain JS number (a "weak" Python-style scalar for dtype promotion)? */
function isWeakScalar(x: OpInput): x is number {
  return typeof x === "number";
}

/**
 * Converts the two operands of a binary op and promotes them to one dtype, Keras-style:
 * tensor dtypes promote (bool < int32 < float32 < float64); a plain JS number adopts the
 * other operand's dtype, except that a non-integer number makes an int tensor float32.
 */
export function binaryOperands(a: OpInput, b: OpInput): [Value, Value] {
  if (isWeakScalar(a) && !isWeakScalar(b)) {
    const B = toValue(b);
    const dt = weakDType(a, B.dtype);
    return [convertToTensor(a, dt), castTo(B, dt)];
  }
  if (isWeakScalar(b) && !isWeakScalar(a)) {
    const A = toValue(a);
    const dt = weakDType(b, A.dtype);
    return [castTo(A, dt), convertToTensor(b, dt)];
  }
  const A = toValue(a);
  const B = toValue(b);
  const dt = upcast(A.dtype, B.dtype);
  return [castTo(A, dt), castTo(B, dt)];
}

function weakDType(scalar: number, other: DType): DType {
  if (isFloat(other)) return other;
  if (Number.isInteger(scalar) && other === "int32") return "int32";
  if (other === "bool") return Number.isInteger(scalar) ? "int32" : "float32";
  return "float32";
}

/** Normalizes a possibly negative axis, with a clear error naming the op. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(
      `${op}: axis ${axis} is out of bounds for a tensor of rank ${rank} (valid axes are ${rank === 0 ? "none" : `${-rank} to ${rank - 1}`}).`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalizes `axis` (a number, an array, or null/undefined = all axes) to sorted unique axes. */
export function normalizeAxes(axis: number | readonly number[] | null | undefined, rank: number, op: string): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : [...axis];
  const out = list.map((a) => normalizeAxis(a, rank, op));
  if (new Set(out).size !== out.length) throw new ValueError(`${op}: repeated axis in ${JSON.stringify(list)}.`);
  return out.sort((x, y) => x - y);
}

/** Broadcasts two symbolic shapes by NumPy rules (null = unknown), naming the op on failure. */
export function broadcastSymbolic(a: SymbolicShape, b: SymbolicShape, op: string): (number | null)[] {
  const rank = Math.max(a.length, b.length);
  const out: (number | null)[] = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (da === 1) out[i] = db;
    else if (db === 1) out[i] = da;
    else if (da === null) out[i] = db;
    else if (db === null || da === db) out[i] = da;
    else {
      throw new ValueError(
        `${op}: cannot broadcast shapes ${formatShape(a)} and ${formatShape(b)}: axis ${i - rank} has size ${da} in the first and ${db} in the second (sizes must match or be 1).`,
      );
    }
  }
  return out;
}

/** Checks a dtype argument. */
export function dtypeArg(dtype: unknown, op: string): DType {
  return normalizeDType(dtype, op);
}

export function isSymbolic(x: Value): x is KerasTensor {
  return x instanceof KerasTensor;
}
