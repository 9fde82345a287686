import { getPrimitive, run1, runPrimitive } from "../../autodiff/engine.js";
import { noteValueRead, Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { binaryOperands, castTo, normalizeAxis, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/manipulation.js";
import "../primitives/math.js";
import "../primitives/structural.js";
import { multiply } from "./arithmetic.js";
import { reshape } from "./shape.js";

/**
 * Indexing ops (part of keras.ops' array manipulation): slice, sliceUpdate, take,
 * takeAlongAxis, scatter, scatterUpdate, where, diag.
 */

const isConcrete = (v: Value): v is Tensor => v instanceof Tensor;
const product = (dims: readonly (number | null)[]): number | null => dims.reduce<number | null>((p, d) => (p === null || d === null ? null : p * d), 1);

/** Checks concrete indices against an axis of size n (negative indices count from the end). */
function checkIndices(ind: Value, n: number | null, axis: number, op: string): void {
  if (!isConcrete(ind) || n === null) return;
  for (const k of ind.values) {
    if (k < -n || k >= n) throw new ValueError(`${op}: index ${k} is out of bounds for axis ${axis} with size ${n}.`);
  }
}

/**
 * slice(inputs, startIndices, shape): the block of `shape` starting at `startIndices` (one entry
 * per axis; a shape entry of -1 runs to the end of the axis).
 * `ops.slice([[1, 2, 3], [4, 5, 6]], [0, 1], [2, 2])` → [[2, 3], [5, 6]].
 */
export function slice(inputs: OpInput, startIndices: readonly number[], shape: readonly number[]): Tensor {
  const v = toValue(inputs);
  const s = v.shape;
  if (startIndices.length !== s.length || shape.length !== s.length) {
    throw new ValueError(`slice: startIndices and shape must have one entry per axis of the input shape ${formatShape(s)}, but received ${formatShape(startIndices)} and ${formatShape(shape)}.`);
  }
  startIndices.forEach((b, i) => {
    if (!Number.isInteger(b) || b < 0) throw new ValueError(`slice: startIndices must be non-negative integers, but received ${formatShape(startIndices)}.`);
    if (!Number.isInteger(shape[i]!) || shape[i]! < -1) throw new ValueError(`slice: shape entries must be non-negative integers (or -1), but received ${formatShape(shape)}.`);
  });
  const size = shape.map((d, i) => (d === -1 ? (s[i] === null ? null : s[i]! - startIndices[i]!) : d));
  s.forEach((d, i) => {
    const k = size[i]!;
    if (d !== null && (k < 0 || startIndices[i]! + k > d)) {
      throw new ValueError(`slice: the block starting at ${formatShape(startIndices)} with shape ${formatShape(shape)} does not fit in the input shape ${formatShape(s)}.`);
    }
  });
  return run1("slice", [v], { begin: [...startIndices], size }) as Tensor;
}

/**
 * sliceUpdate(inputs, startIndices, updates): a new tensor equal to `inputs` with the block at
 * `startIndices` replaced by `updates` (cast to the inputs' dtype). Differentiable in both.
 */
export function sliceUpdate(inputs: OpInput, startIndices: readonly number[], updates: OpInput): Tensor {
  const v = toValue(inputs);
  const u = castTo(toValue(updates), v.dtype);
  if (startIndices.some((b) => !Number.isInteger(b) || b < 0)) {
    throw new ValueError(`sliceUpdate: startIndices must be non-negative integers, but received ${formatShape(startIndices)}.`);
  }
  const attrs = { begin: [...startIndices] };
  getPrimitive("sliceUpdate").outputSpecs([v, u], attrs); // validates shapes with a clear error
  return run1("sliceUpdate", [v, u], attrs) as Tensor;
}

/**
 * take(x, indices, axis=null): elements of x at `indices` along `axis` (of the flattened x when
 * axis is null). Negative indices count from the end, as in NumPy. The result's shape is
 * x.shape[:axis] + indices.shape + x.shape[axis+1:].
 * `ops.take([[1, 2, 3], [4, 5, 6]], [2, -3], 1)` → [[3, 1], [6, 4]].
 */
export function take(x: OpInput, indices: OpInput, axis: number | null = null): Tensor {
  let v = toValue(x);
  const ind = toValue(indices, "int32");
  if (axis === null) {
    v = reshape(v, [-1]);
    axis = 0;
  }
  const ax = normalizeAxis(axis, v.shape.length, "take");
  checkIndices(ind, v.shape[ax]!, ax, "take");
  return run1("take", [v, ind], { axis: ax }) as Tensor;
}

/**
 * takeAlongAxis(x, indices, axis=null): NumPy's take_along_axis: `indices` has x's rank and
 * picks, along `axis`, one element per position (other axes broadcast).
 */
export function takeAlongAxis(x: OpInput, indices: OpInput, axis: number | null = null): Tensor {
  let v = toValue(x);
  let ind = toValue(indices, "int32");
  if (axis === null) {
    v = reshape(v, [-1]);
    ind = reshape(ind, [-1]);
    axis = 0;
  }
  const ax = normalizeAxis(axis, v.shape.length, "takeAlongAxis");
  if (ind.shape.length !== v.shape.length) {
    throw new ValueError(`takeAlongAxis: indices must have the same rank as x, but received shapes ${formatShape(v.shape)} and ${formatShape(ind.shape)}.`);
  }
  const n = v.shape[ax]!;
  checkIndices(ind, n, ax, "takeAlongAxis");
  if (isConcrete(ind) && n !== null) {
    noteValueRead(); // negative indices are wrapped here, in JS
    const v = ind.values;
    if (v.some((k) => k < 0)) ind = new Tensor(Int32Array.from(v, (k) => (k < 0 ? k + n : k)), ind.shape, "int32");
  }
  return run1("mathTakeAlongAxis", [v, ind], { axis: ax }) as Tensor;
}

/**
 * Index rows (last axis of `indices`, k entries) → flat positions into the first k axes of
 * `shape`, as a 1-D int32 value. Concrete indices are checked and wrapped here.
 */
function flatPositions(ind: Value, shape: readonly (number | null)[], op: string): Value {
  const r = ind.shape.length;
  const k = r === 0 ? null : ind.shape[r - 1]!;
  if (k === null) throw new ValueError(`${op}: indices must have a known last axis (the length of each index row), but received shape ${formatShape(ind.shape)}.`);
  if (k > shape.length) throw new ValueError(`${op}: index rows have ${k} entries, but the target shape ${formatShape(shape)} has only ${shape.length} axes.`);
  const lead = shape.slice(0, k);
  if (isConcrete(ind) && lead.every((d) => d !== null)) {
    noteValueRead();
    const dims = lead as number[];
    const rows = k === 0 ? 0 : ind.size / k;
    const out = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      let pos = 0;
      for (let j = 0; j < k; j++) {
        const raw = ind.values[row * k + j]!;
        const d = dims[j]!;
        if (raw < -d || raw >= d) throw new ValueError(`${op}: index ${raw} is out of bounds for axis ${j} with size ${d} (target shape ${formatShape(shape)}).`);
        pos = pos * d + (raw < 0 ? raw + d : raw);
      }
      out[row] = pos;
    }
    return new Tensor(out, [rows], "int32");
  }
  // symbolic indices: only the shape of the positions matters here (unknown dims count as 1)
  const strides = lead.map((_, j) => lead.slice(j + 1).reduce<number>((p, d) => p * (d ?? 1), 1));
  const weighted = multiply(ind, new Tensor(Int32Array.from(strides), [k], "int32"));
  return run1("reshape", [run1("sum", [weighted], { axes: [r - 1], keepdims: false })], { shape: [product(ind.shape.slice(0, -1))] });
}

/**
 * scatter(indices, values, shape): a zero tensor of `shape` with `values` added at `indices`
 * (each row of `indices` indexes the first indices.shape[-1] axes). Duplicates add up, like
 * Keras. Differentiable with respect to `values`.
 * `ops.scatter([[0, 1], [0, 1], [1, 0]], [1, 2, 5], [2, 2])` → [[0, 3], [5, 0]].
 */
export function scatter(indices: OpInput, values: OpInput, shape: readonly number[]): Tensor {
  const ind = toValue(indices, "int32");
  const vals = toValue(values);
  const flat = flatPositions(ind, shape, "scatter");
  const k = ind.shape[ind.shape.length - 1]!;
  const rest = shape.slice(k);
  const rows = flat.shape[0]!;
  const upd = reshapeTo(vals, [rows, ...rest], "scatter");
  const out = run1("scatterAdd", [upd, flat], { axis: 0, size: product(shape.slice(0, k)) });
  return run1("reshape", [out], { shape: [...shape] }) as Tensor;
}

/** Reshapes `v` to `shape` (one entry may be null), with an error naming `op` on a mismatch. */
function reshapeTo(v: Value, shape: readonly (number | null)[], op: string): Value {
  const want = product(shape);
  const have = product(v.shape);
  if (want !== null && have !== null && want !== have) {
    throw new ValueError(`${op}: expected values that reshape to ${formatShape(shape)}, but received shape ${formatShape(v.shape)}.`);
  }
  const unknown = shape.filter((d) => d === null).length;
  if (unknown <= 1 && have !== null) return reshape(v, shape.map((d) => d ?? -1));
  return run1("reshape", [v], { shape });
}

/**
 * scatterUpdate(inputs, indices, updates): a new tensor equal to `inputs` with the entries (or
 * slices) at `indices` replaced by `updates`. Differentiable in `inputs` and `updates`.
 */
export function scatterUpdate(inputs: OpInput, indices: OpInput, updates: OpInput): Tensor {
  const v = toValue(inputs);
  const ind = toValue(indices, "int32");
  const flat = flatPositions(ind, v.shape, "scatterUpdate");
  const k = ind.shape[ind.shape.length - 1]!;
  const rest = v.shape.slice(k);
  const rows = [product(v.shape.slice(0, k)), ...rest];
  const u = reshapeTo(castTo(toValue(updates), v.dtype), [flat.shape[0]!, ...rest], "scatterUpdate");
  const out = run1("scatterUpdate", [reshapeTo(v, rows, "scatterUpdate"), flat, u]);
  return run1("reshape", [out], { shape: v.shape }) as Tensor;
}

/**
 * where(condition, x1, x2): elements of x1 where condition is true, else of x2 (NumPy
 * broadcasting; dtypes promote like Keras). With only `condition`, NumPy's one-argument form:
 * the coordinates of the nonzero elements, one int32 tensor per axis.
 */
export function where(condition: OpInput): Tensor[];
export function where(condition: OpInput, x1: OpInput, x2: OpInput): Tensor;
export function where(condition: OpInput, x1?: OpInput | null, x2?: OpInput | null): Tensor | Tensor[];
export function where(condition: OpInput, x1?: OpInput | null, x2?: OpInput | null): Tensor | Tensor[] {
  const none1 = x1 === undefined || x1 === null;
  const none2 = x2 === undefined || x2 === null;
  if (none1 !== none2) throw new ValueError("where: `x1` and `x2` either both should be None (null) or both should have non-None value.");
  if (none1 || none2) {
    const c = toValue(condition);
    if (c.shape.length === 0) throw new ValueError("where: the one-argument form needs a condition of rank >= 1, but received a scalar.");
    return runPrimitive("nonzero", [c]) as Tensor[];
  }
  const c = castTo(toValue(condition), "bool");
  const [a, b] = binaryOperands(x1, x2);
  return run1("where", [c, a, b]) as Tensor;
}

/** Diagonal positions of an n x m matrix with offset k, as flat indices (row * m + col). */
function diagPositions(n: number, m: number, k: number): number[] {
  const len = Math.max(0, k >= 0 ? Math.min(n, m - k) : Math.min(n + k, m));
  return Array.from({ length: len }, (_, i) => (k >= 0 ? i * m + i + k : (i - k) * m + i));
}

/**
 * The `offset` diagonal of the 2-D sub-arrays spanned by axis1 and axis2; those axes are
 * removed and the diagonal becomes the last axis (keras.ops.diagonal lives in linalg.ts).
 */
function diagonalOf(x: OpInput, offset = 0, axis1 = 0, axis2 = 1): Tensor {
  const v = toValue(x);
  const r = v.shape.length;
  if (r < 2) throw new ValueError(`diagonal: the input must have at least 2 dimensions, but received shape ${formatShape(v.shape)}.`);
  const a1 = normalizeAxis(axis1, r, "diagonal");
  const a2 = normalizeAxis(axis2, r, "diagonal");
  if (a1 === a2) throw new ValueError(`diagonal: axis1 and axis2 must differ, but both are ${a1}.`);
  if (!Number.isInteger(offset)) throw new ValueError(`diagonal: offset must be an integer, but received ${offset}.`);
  const n = v.shape[a1]!;
  const m = v.shape[a2]!;
  if (n === null || m === null) throw new ValueError(`diagonal: the sizes of axis1 and axis2 must be known, but received shape ${formatShape(v.shape)}.`);
  const rest = Array.from({ length: r }, (_, i) => i).filter((i) => i !== a1 && i !== a2);
  const moved = run1("transpose", [v], { perm: [...rest, a1, a2] });
  const flat = run1("reshape", [moved], { shape: [...rest.map((i) => v.shape[i]!), n * m] });
  const pos = diagPositions(n, m, offset);
  return run1("take", [flat, new Tensor(Int32Array.from(pos), [pos.length], "int32")], { axis: rest.length }) as Tensor;
}

/**
 * diag(x, k=0): for a 1-D x, the square matrix with x on the k-th diagonal; for a 2-D x, its
 * k-th diagonal. `ops.diag([1, 2], 1)` → [[0, 1, 0], [0, 0, 2], [0, 0, 0]].
 */
export function diag(x: OpInput, k = 0): Tensor {
  const v = toValue(x);
  if (v.shape.length === 2) return diagonalOf(v, k);
  if (v.shape.length !== 1) throw new ValueError(`diag: the input must be 1-D or 2-D, but received shape ${formatShape(v.shape)}.`);
  if (!Number.isInteger(k)) throw new ValueError(`diag: k must be an integer, but received ${k}.`);
  const n = v.shape[0]!;
  if (n === null) throw new ValueError("diag: a 1-D input needs a known length, but received shape (None,).");
  const size = n + Math.abs(k);
  const pos = diagPositions(size, size, k);
  const out = run1("scatterAdd", [v, new Tensor(Int32Array.from(pos), [pos.length], "int32")], { axis: 0, size: size * size });
  return run1("reshape", [out], { shape: [size, size] }) as Tensor;
}
