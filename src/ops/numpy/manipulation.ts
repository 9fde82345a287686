import { getPrimitive, run1, runPrimitive } from "../../autodiff/engine.js";
import { normalizeDType, upcast } from "../../backend/dtypes.js";
import type { DType } from "../../backend/types.js";
import { convertToTensor } from "../../tensor/convert.js";
import { KerasTensor } from "../../tensor/kerasTensor.js";
import { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { binaryOperands, castTo, normalizeAxes, normalizeAxis, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/manipulation.js";
import "../primitives/math.js";
import { add, less, multiply } from "./arithmetic.js";
import { broadcastTo, reshape, transpose } from "./shape.js";

/** Array manipulation ops (keras.ops.concatenate, stack, split, slice, take, pad, tile, …). */

const known = (v: Value, op: string): number[] => {
  if (v.shape.some((d) => d === null)) throw new ValueError(`${op}: this op needs a fully known shape, but received ${formatShape(v.shape)}.`);
  return v.shape as number[];
};

/** cast(x, dtype). */
export function cast(x: OpInput, dtype: DType | string): Tensor {
  return castTo(toValue(x), normalizeDType(dtype, "cast")) as Tensor;
}

/** expandDims(x, axis): inserts size-1 axes (axis may be a list). */
export function expandDims(x: OpInput, axis: number | readonly number[]): Tensor {
  const v = toValue(x);
  const axes = typeof axis === "number" ? [axis] : [...axis];
  const rank = v.shape.length + axes.length;
  const norm = axes.map((a) => normalizeAxis(a, rank, "expandDims")).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(norm.includes(i) ? 1 : v.shape[k++]!);
  return run1("reshape", [v], { shape: out }) as Tensor;
}

/** squeeze(x, axis=null): removes size-1 axes. */
export function squeeze(x: OpInput, axis: number | readonly number[] | null = null): Tensor {
  const v = toValue(x);
  let axes: number[];
  if (axis === null) axes = v.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
  else {
    axes = normalizeAxes(axis, v.shape.length, "squeeze");
    for (const a of axes) {
      if (v.shape[a] !== 1 && v.shape[a] !== null) {
        throw new ValueError(`squeeze: cannot select an axis to squeeze out which has size not equal to one (axis ${a} of shape ${formatShape(v.shape)}).`);
      }
    }
  }
  return run1("reshape", [v], { shape: v.shape.filter((_, i) => !axes.includes(i)) }) as Tensor;
}

/** concatenate(xs, axis=0). */
export function concatenate(xs: readonly OpInput[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError("concatenate: expected a non-empty list of tensors.");
  let vals = xs.map((x) => toValue(x));
  const dtype = vals.map((v) => v.dtype).reduce(upcast);
  vals = vals.map((v) => castTo(v, dtype));
  const rank = vals[0]!.shape.length;
  if (rank === 0) throw new ValueError("concatenate: zero-dimensional tensors cannot be concatenated.");
  const ax = normalizeAxis(axis, rank, "concatenate");
  if (vals.length === 1) return vals[0] as Tensor;
  getPrimitive("concatenate").outputSpecs(vals, { axis: ax }); // validates shapes with a clear error
  return run1("concatenate", vals, { axis: ax }) as Tensor;
}

/** stack(xs, axis=0): joins along a new axis. */
export function stack(xs: readonly OpInput[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError("stack: expected a non-empty list of tensors.");
  const vals = xs.map((x) => toValue(x));
  const s0 = vals[0]!.shape;
  for (const v of vals) {
    if (v.shape.length !== s0.length || v.shape.some((d, i) => d !== null && s0[i] !== null && d !== s0[i])) {
      throw new ValueError(`stack: all input tensors must have the same shape, but received ${vals.map((t) => formatShape(t.shape)).join(", ")}.`);
    }
  }
  const ax = normalizeAxis(axis, s0.length + 1, "stack");
  return concatenate(vals.map((v) => expandDims(v, ax)), ax);
}

/** slice(inputs, startIndices, shape): a contiguous block. */
export function slice(inputs: OpInput, startIndices: readonly number[], shape: readonly number[]): Tensor {
  const v = toValue(inputs);
  const s = known(v, "slice");
  if (startIndices.length !== s.length || shape.length !== s.length) {
    throw new ValueError(`slice: startIndices and shape must have one entry per axis (${s.length}), but received ${startIndices.length} and ${shape.length}.`);
  }
  const size = shape.map((d, i) => (d === -1 ? s[i]! - startIndices[i]! : d));
  size.forEach((d, i) => {
    const b = startIndices[i]!;
    if (b < 0 || d < 0 || b + d > s[i]!) {
      throw new ValueError(`slice: the block starting at ${formatShape(startIndices)} with shape ${formatShape(shape)} does not fit in a tensor of shape ${formatShape(s)}.`);
    }
  });
  return run1("slice", [v], { begin: [...startIndices], size }) as Tensor;
}

/** pad with a constant; mode "reflect"/"symmetric" are built from take. */
export function pad(x: OpInput, padWidth: number | readonly (number | readonly number[])[], mode: "constant" | "reflect" | "symmetric" = "constant", constantValues: number | null = null): Tensor {
  const v = toValue(x);
  const rank = v.shape.length;
  let pw: [number, number][];
  if (typeof padWidth === "number") pw = Array.from({ length: rank }, () => [padWidth, padWidth]);
  else if (padWidth.length === 1 && rank !== 1) {
    const p = padWidth[0]!;
    pw = Array.from({ length: rank }, () => (typeof p === "number" ? [p, p] : [p[0]!, p[1] ?? p[0]!]));
  } else {
    if (padWidth.length !== rank) throw new ValueError(`pad: padWidth must have one [before, after] pair per axis (${rank}), but received ${JSON.stringify(padWidth)}.`);
    pw = padWidth.map((p) => (typeof p === "number" ? [p, p] : [p[0]!, p[1] ?? p[0]!]));
  }
  for (const [b, a] of pw) if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) throw new ValueError(`pad: pad widths must be non-negative integers, but received ${JSON.stringify(padWidth)}.`);
  if (mode === "constant") return run1("pad", [v], { paddings: pw, constantValue: constantValues ?? 0 }) as Tensor;
  if (mode !== "reflect" && mode !== "symmetric") throw new ValueError(`pad: mode must be 'constant', 'reflect' or 'symmetric', but received '${String(mode)}'.`);
  if (constantValues !== null && constantValues !== 0) throw new ValueError(`pad: constantValues is only allowed with mode 'constant'.`);
  const s = known(v, "pad");
  let out: Value = v;
  pw.forEach(([b, a], axis) => {
    if (!b && !a) return;
    const n = s[axis]!;
    const limit = mode === "reflect" ? n - 1 : n;
    if (b > limit || a > limit) throw new ValueError(`pad: with mode '${mode}' the pad width on axis ${axis} must be at most ${limit}, but received [${b}, ${a}].`);
    const idx: number[] = [];
    for (let i = b; i > 0; i--) idx.push(mode === "reflect" ? i : i - 1);
    for (let i = 0; i < n; i++) idx.push(i);
    for (let i = 1; i <= a; i++) idx.push(mode === "reflect" ? n - 1 - i : n - i);
    out = take(out, convertToTensor(Int32Array.from(idx)), axis);
  });
  return out as Tensor;
}

/** Wraps negative indices (NumPy style) for an axis of size n. */
function wrapIndices(ind: Value, n: number | null): Value {
  const i = castTo(ind, "int32");
  if (n === null || i instanceof KerasTensor) return i;
  let neg = false;
  for (const x of (i as Tensor).values) if (x < 0) neg = true;
  if (!neg) return i;
  return add(i, multiply(castTo(less(i, 0), "int32"), n)) as Value;
}

/** take(x, indices, axis=null): gathers along `axis` (the flattened array when null). */
export function take(x: OpInput, indices: OpInput, axis: number | null = null): Tensor {
  let v = toValue(x);
  const ind = toValue(indices, "int32");
  if (axis === null) {
    v = reshape(v, [-1]);
    axis = 0;
  }
  const rank = v.shape.length;
  const ax = normalizeAxis(axis, rank, "take");
  const n = v.shape[ax]!;
  if (!(ind instanceof KerasTensor) && n !== null) {
    for (const k of (ind as Tensor).values) {
      if (k < -n || k >= n) throw new ValueError(`take: index ${k} is out of bounds for axis ${ax} with size ${n}.`);
    }
  }
  const w = wrapIndices(ind, n);
  const iShape = w.shape;
  const count = iShape.reduce<number | null>((a, d) => (a === null || d === null ? null : a * d), 1);
  const flatIdx = reshape(w, [...Array.from({ length: ax }, () => 1), count ?? -1, ...Array.from({ length: rank - ax - 1 }, () => 1)]);
  const gathered = run1("mathTakeAlongAxis", [v, flatIdx], { axis: ax });
  return reshape(gathered, [...v.shape.slice(0, ax), ...iShape, ...v.shape.slice(ax + 1)].map((d) => d ?? -1)) as Tensor;
}

/** takeAlongAxis(x, indices, axis=null): NumPy's take_along_axis (broadcasting). */
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
  return run1("mathTakeAlongAxis", [v, wrapIndices(ind, v.shape[ax]!)], { axis: ax }) as Tensor;
}

/** Flat positions of index rows `indices` (N, k) into the first k dims of `shape`. */
function flatPositions(indices: Tensor, shape: readonly number[], op: string): Int32Array {
  const k = indices.shape[indices.shape.length - 1] ?? 1;
  if (k > shape.length) throw new ValueError(`${op}: index rows have ${k} entries but the target has rank ${shape.length}.`);
  const rows = indices.size / Math.max(k, 1);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let pos = 0;
    for (let j = 0; j < k; j++) {
      const d = shape[j]!;
      let i = indices.values[r * k + j]!;
      if (i < 0) i += d;
      if (i < 0 || i >= d) throw new ValueError(`${op}: index ${indices.values[r * k + j]} is out of bounds for axis ${j} with size ${d}.`);
      pos = pos * d + i;
    }
    out[r] = pos;
  }
  return out;
}

/** scatter(indices, values, shape): zeros of `shape` with `values` added at `indices` (duplicates add). */
export function scatter(indices: OpInput, values: OpInput, shape: readonly number[]): Tensor {
  if (indices instanceof KerasTensor) throw new ValueError("scatter: indices must be concrete tensors or arrays, not symbolic.");
  const ind = convertToTensor(indices, "int32");
  const vals = toValue(values);
  const k = ind.shape[ind.shape.length - 1] ?? 1;
  const lead = shape.slice(0, k).reduce((a, b) => a * b, 1);
  const rest = shape.slice(k);
  const pos = flatPositions(ind, shape, "scatter");
  const upd = reshape(vals, [pos.length, ...rest]);
  const idx = reshape(convertToTensor(pos), [pos.length, ...rest.map(() => 1)]);
  const out = run1("mathScatterAlongAxis", [upd, idx], { axis: 0, size: lead });
  return reshape(out, [...shape]);
}

/** scatterUpdate(inputs, indices, updates): `inputs` with entries at `indices` replaced by `updates`. */
export function scatterUpdate(inputs: OpInput, indices: OpInput, updates: OpInput): Tensor {
  const v = toValue(inputs);
  const s = known(v, "scatterUpdate");
  const u = castTo(toValue(updates), v.dtype);
  const placed = scatter(indices, u, s);
  const mask = scatter(indices, onesOf(u), s);
  return run1("where", [run1("greater", [mask, convertToTensor(0, v.dtype)]), placed, v]) as Tensor;
}

function onesOf(u: Value): Tensor {
  const s = known(u, "scatterUpdate");
  return broadcastTo(convertToTensor(1, u.dtype), s);
}

/** sliceUpdate(inputs, startIndices, updates): a new tensor with a block replaced. */
export function sliceUpdate(inputs: OpInput, startIndices: readonly number[], updates: OpInput): Tensor {
  const v = toValue(inputs);
  const s = known(v, "sliceUpdate");
  const u = castTo(toValue(updates), v.dtype);
  const us = known(u, "sliceUpdate");
  if (us.length !== s.length || startIndices.length !== s.length) {
    throw new ValueError(`sliceUpdate: inputs ${formatShape(s)}, startIndices ${formatShape(startIndices)} and updates ${formatShape(us)} must have the same rank.`);
  }
  const paddings = s.map((d, i) => {
    const b = startIndices[i]!;
    if (b < 0 || b + us[i]! > d) throw new ValueError(`sliceUpdate: updates of shape ${formatShape(us)} at ${formatShape(startIndices)} do not fit in ${formatShape(s)}.`);
    return [b, d - b - us[i]!] as [number, number];
  });
  const placed = run1("pad", [u], { paddings, constantValue: 0 });
  const mask = run1("pad", [broadcastTo(convertToTensor(true), us)], { paddings, constantValue: 0 });
  return run1("where", [mask, placed, v]) as Tensor;
}

/** split(x, indicesOrSections, axis=0): equal sections (a number) or split points (a list). */
export function split(x: OpInput, indicesOrSections: number | readonly number[], axis = 0): Tensor[] {
  const v = toValue(x);
  const ax = normalizeAxis(axis, v.shape.length, "split");
  const n = v.shape[ax];
  if (n === null || n === undefined) throw new ValueError(`split: the size of axis ${ax} must be known, but received shape ${formatShape(v.shape)}.`);
  let points: number[];
  if (typeof indicesOrSections === "number") {
    if (!Number.isInteger(indicesOrSections) || indicesOrSections <= 0 || n % indicesOrSections !== 0) {
      throw new ValueError(`split: an axis of size ${n} cannot be split into ${indicesOrSections} equal sections.`);
    }
    const step = n / indicesOrSections;
    points = Array.from({ length: indicesOrSections - 1 }, (_, i) => (i + 1) * step);
  } else points = [...indicesOrSections];
  const bounds = [0, ...points.map((p) => Math.min(Math.max(p, 0), n)), n];
  const sizes: number[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) sizes.push(Math.max(bounds[i + 1]!, bounds[i]!) - bounds[i]!);
  return runPrimitive("split", [v], { axis: ax, sizes }) as Tensor[];
}

/** tile(x, repeats). */
export function tile(x: OpInput, repeats: number | readonly number[]): Tensor {
  let v = toValue(x);
  const reps = typeof repeats === "number" ? [repeats] : [...repeats];
  const rank = Math.max(v.shape.length, reps.length);
  v = reshape(v, [...Array.from({ length: rank - v.shape.length }, () => 1), ...known(v, "tile")]);
  const r = [...Array.from({ length: rank - reps.length }, () => 1), ...reps];
  const s = v.shape as number[];
  const inter = s.flatMap((d) => [1, d]);
  const target = s.flatMap((d, i) => [r[i]!, d]);
  return reshape(broadcastTo(reshape(v, inter), target), s.map((d, i) => d * r[i]!));
}

/** repeat(x, repeats, axis=null): repeats each element (the flattened array when axis is null). */
export function repeat(x: OpInput, repeats: number | readonly number[], axis: number | null = null): Tensor {
  let v = toValue(x);
  if (axis === null) {
    v = reshape(v, [-1]);
    axis = 0;
  }
  const s = known(v, "repeat");
  const ax = normalizeAxis(axis, s.length, "repeat");
  if (typeof repeats === "number") {
    const inter = [...s.slice(0, ax + 1), 1, ...s.slice(ax + 1)];
    const target = [...s.slice(0, ax + 1), repeats, ...s.slice(ax + 1)];
    return reshape(broadcastTo(reshape(v, inter), target), s.map((d, i) => (i === ax ? d * repeats : d)));
  }
  if (repeats.length !== s[ax]) throw new ValueError(`repeat: repeats has ${repeats.length} entries but axis ${ax} has size ${s[ax]}.`);
  const idx: number[] = [];
  repeats.forEach((r, i) => {
    for (let k = 0; k < r; k++) idx.push(i);
  });
  return take(v, convertToTensor(Int32Array.from(idx)), ax);
}

/** flip(x, axis=null): reverses the order of elements along the axes (all when null). */
export function flip(x: OpInput, axis: number | readonly number[] | null = null): Tensor {
  let v = toValue(x);
  const s = known(v, "flip");
  for (const a of normalizeAxes(axis, s.length, "flip")) {
    v = take(v, convertToTensor(Int32Array.from({ length: s[a]! }, (_, i) => s[a]! - 1 - i)), a);
  }
  return v as Tensor;
}

/** roll(x, shift, axis=null). */
export function roll(x: OpInput, shift: number, axis: number | null = null): Tensor {
  const v = toValue(x);
  if (axis === null) return reshape(roll(reshape(v, [-1]), shift, 0), known(v, "roll"));
  const s = known(v, "roll");
  const ax = normalizeAxis(axis, s.length, "roll");
  const n = s[ax]!;
  return take(v, convertToTensor(Int32Array.from({ length: n }, (_, i) => (((i - shift) % n) + n) % n)), ax);
}

/** where(condition, x1, x2): elementwise choice with broadcasting. */
export function where(condition: OpInput, x1?: OpInput, x2?: OpInput): Tensor {
  if (x1 === undefined || x2 === undefined) {
    throw new ValueError("where: both x1 and x2 must be given (the one-argument form, returning indices, is not supported; use argwhere-like code on dataSync()).");
  }
  const c = castTo(toValue(condition), "bool");
  const [a, b] = binaryOperands(x1, x2);
  return run1("where", [c, a, b]) as Tensor;
}

export const swapaxes = (x: OpInput, axis1: number, axis2: number): Tensor => {
  const v = toValue(x);
  const r = v.shape.length;
  const a = normalizeAxis(axis1, r, "swapaxes");
  const b = normalizeAxis(axis2, r, "swapaxes");
  const perm = Array.from({ length: r }, (_, i) => (i === a ? b : i === b ? a : i));
  return transpose(v, perm);
};

/** moveaxis(x, source, destination). */
export function moveaxis(x: OpInput, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const v = toValue(x);
  const r = v.shape.length;
  const src = (typeof source === "number" ? [source] : [...source]).map((a) => normalizeAxis(a, r, "moveaxis"));
  const dst = (typeof destination === "number" ? [destination] : [...destination]).map((a) => normalizeAxis(a, r, "moveaxis"));
  if (src.length !== dst.length) throw new ValueError("moveaxis: source and destination must have the same number of elements.");
  const order = Array.from({ length: r }, (_, i) => i).filter((i) => !src.includes(i));
  const pairs = dst.map((d, i) => [d, src[i]!] as [number, number]).sort((p, q) => p[0] - q[0]);
  for (const [d, s] of pairs) order.splice(d, 0, s);
  return transpose(v, order);
}

export const ravel = (x: OpInput): Tensor => reshape(toValue(x), [-1]);
export const hstack = (xs: readonly OpInput[]): Tensor => {
  const vals = xs.map((x) => toValue(x));
  return concatenate(vals, vals[0]!.shape.length === 1 ? 0 : 1);
};
export const vstack = (xs: readonly OpInput[]): Tensor => concatenate(xs.map((x) => {
  const v = toValue(x);
  return v.shape.length === 1 ? reshape(v, [1, -1]) : v;
}), 0);
