import { getPrimitive, run1, runPrimitive } from "../../autodiff/engine.js";
import { normalizeDType, upcast } from "../../backend/dtypes.js";
import type { DType } from "../../backend/types.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { castTo, normalizeAxes, normalizeAxis, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/manipulation.js";
import { reshape, transpose } from "./shape.js";

export * from "./indexing.js";

/**
 * Array manipulation ops (keras.ops.cast, expandDims, squeeze, concatenate, stack, split, tile,
 * repeat, pad, flip, roll, swapaxes, moveaxis, ravel, hstack, vstack). The indexing ops
 * (slice, take, scatter, where, …) live in indexing.ts and are re-exported here.
 */

const axisList = (axis: number | readonly number[]): number[] => (typeof axis === "number" ? [axis] : [...axis]);
const shapesOf = (vs: readonly Value[]): string => vs.map((v) => formatShape(v.shape)).join(", ");

/** Reshape that keeps unknown dims (symbolic inputs) instead of inferring a -1. */
const reshapeKeep = (v: Value, shape: readonly (number | null)[]): Value => run1("reshape", [v], { shape });

/** cast(x, dtype): converts the elements to `dtype` (float → int truncates toward zero). */
export function cast(x: OpInput, dtype: DType | string): Tensor {
  return castTo(toValue(x), normalizeDType(dtype, "cast")) as Tensor;
}

/**
 * expandDims(x, axis): inserts size-1 axes at the positions `axis` (a number or a list) of the
 * result. `ops.expandDims(x, [0, 2])` on shape (2, 3) gives (1, 2, 1, 3).
 */
export function expandDims(x: OpInput, axis: number | readonly number[]): Tensor {
  const v = toValue(x);
  const axes = axisList(axis);
  const rank = v.shape.length + axes.length;
  const norm = normalizeAxes(axes, rank, "expandDims");
  const out: (number | null)[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(norm.includes(i) ? 1 : v.shape[k++]!);
  return reshapeKeep(v, out) as Tensor;
}

/** squeeze(x, axis=null): removes the given size-1 axes (all size-1 axes when null). */
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
  return reshapeKeep(v, v.shape.filter((_, i) => !axes.includes(i))) as Tensor;
}

/**
 * concatenate(xs, axis=0): joins tensors along an existing axis; all other dims must match.
 * Dtypes promote like Keras.
 */
export function concatenate(xs: readonly OpInput[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError("concatenate: expected a non-empty list of tensors.");
  let vals = xs.map((x) => toValue(x));
  const dtype = vals.map((v) => v.dtype).reduce(upcast);
  vals = vals.map((v) => castTo(v, dtype));
  const rank = vals[0]!.shape.length;
  if (rank === 0) throw new ValueError("concatenate: zero-dimensional tensors cannot be concatenated.");
  const ax = normalizeAxis(axis, rank, "concatenate");
  getPrimitive("concatenate").outputSpecs(vals, { axis: ax }); // validates shapes with a clear error
  if (vals.length === 1) return vals[0] as Tensor;
  return run1("concatenate", vals, { axis: ax }) as Tensor;
}

/** stack(xs, axis=0): joins tensors of one shape along a new axis. */
export function stack(xs: readonly OpInput[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError("stack: expected a non-empty list of tensors.");
  const vals = xs.map((x) => toValue(x));
  const s0 = vals[0]!.shape;
  for (const v of vals) {
    if (v.shape.length !== s0.length || v.shape.some((d, i) => d !== null && s0[i] !== null && d !== s0[i])) {
      throw new ValueError(`stack: all input tensors must have the same shape, but received shapes ${shapesOf(vals)}.`);
    }
  }
  const ax = normalizeAxis(axis, s0.length + 1, "stack");
  return concatenate(vals.map((v) => expandDims(v, ax)), ax);
}

/**
 * split(x, indicesOrSections, axis=0): a number N gives N equal sections (the axis must divide
 * evenly); a list gives the indices where the pieces start. Returns a list of tensors.
 * `ops.split([0, 1, 2, 3, 4], [1, 3])` → [[0], [1, 2], [3, 4]].
 */
export function split(x: OpInput, indicesOrSections: number | readonly number[], axis = 0): Tensor[] {
  const v = toValue(x);
  const ax = normalizeAxis(axis, v.shape.length, "split");
  const n = v.shape[ax]!;
  let sizes: (number | null)[];
  if (typeof indicesOrSections === "number") {
    const k = indicesOrSections;
    if (!Number.isInteger(k) || k <= 0) throw new ValueError(`split: the number of sections must be a positive integer, but received ${k}.`);
    if (n !== null && n % k !== 0) {
      throw new ValueError(`split: an axis of size ${n} cannot be split into ${k} equal sections (axis ${ax} of shape ${formatShape(v.shape)}).`);
    }
    sizes = Array.from({ length: k }, () => (n === null ? null : n / k));
  } else {
    const points = [...indicesOrSections];
    if (points.some((p) => !Number.isInteger(p))) throw new ValueError(`split: split indices must be integers, but received ${JSON.stringify(points)}.`);
    // like NumPy, points past the end give empty pieces and negative points count from the end
    const clip = (p: number): number => (n === null ? p : Math.min(Math.max(p < 0 ? p + n : p, 0), n));
    const starts = [0, ...points.map(clip)];
    if (starts.some((b, i) => i > 0 && b < starts[i - 1]!)) {
      throw new ValueError(`split: split indices must be sorted in increasing order, but received ${JSON.stringify(points)}.`);
    }
    sizes = starts.map((b, i) => (i + 1 < starts.length ? starts[i + 1]! - b : n === null ? null : n - b));
    if (n === null && points.some((p) => p < 0)) sizes = sizes.map(() => null); // unknown until the axis is
  }
  return runPrimitive("split", [v], { axis: ax, sizes }) as Tensor[];
}

/**
 * tile(x, repeats): x repeated repeats[i] times along axis i. When ranks differ, the shorter of
 * x's shape and `repeats` is padded with leading 1s (NumPy's rule).
 */
export function tile(x: OpInput, repeats: number | readonly number[]): Tensor {
  let v = toValue(x);
  const reps = axisList(repeats);
  if (reps.some((r) => !Number.isInteger(r) || r < 0)) throw new ValueError(`tile: repeats must be non-negative integers, but received ${JSON.stringify(repeats)}.`);
  const rank = Math.max(v.shape.length, reps.length);
  if (v.shape.length < rank) v = reshapeKeep(v, [...Array.from({ length: rank - v.shape.length }, () => 1), ...v.shape]);
  const r = [...Array.from({ length: rank - reps.length }, () => 1), ...reps];
  return run1("tile", [v], { reps: r }) as Tensor;
}

/**
 * repeat(x, repeats, axis=null): repeats each element `repeats` times (a number, or one count
 * per element) along `axis`, or over the flattened x when axis is null.
 * `ops.repeat([[1, 2], [3, 4]], 2, 1)` → [[1, 1, 2, 2], [3, 3, 4, 4]].
 */
export function repeat(x: OpInput, repeats: number | readonly number[], axis: number | null = null): Tensor {
  let v = toValue(x);
  if (axis === null) {
    v = reshape(v, [-1]);
    axis = 0;
  }
  const ax = normalizeAxis(axis, v.shape.length, "repeat");
  const list = axisList(repeats);
  if (list.some((r) => !Number.isInteger(r) || r < 0)) throw new ValueError(`repeat: repeats must be non-negative integers, but received ${JSON.stringify(repeats)}.`);
  const n = v.shape[ax]!;
  if (list.length === 1) {
    const times = list[0]!;
    return run1("repeat", [v], { axis: ax, counts: n === null ? null : Array.from({ length: n }, () => times), times }) as Tensor;
  }
  if (n !== null && list.length !== n) {
    throw new ValueError(`repeat: repeats has ${list.length} entries, but axis ${ax} of shape ${formatShape(v.shape)} has size ${n}.`);
  }
  return run1("repeat", [v], { axis: ax, counts: list }) as Tensor;
}

type PadWidth = number | readonly number[] | readonly (readonly number[])[];

/** Keras's pad_width forms → one [before, after] pair per axis. */
function padPairs(padWidth: PadWidth, rank: number): [number, number][] {
  const bad = (): never => {
    throw new ValueError(`pad: padWidth must be a number, a [before, after] pair, or one pair per axis (${rank}), but received ${JSON.stringify(padWidth)}.`);
  };
  let pairs: [number, number][];
  const pair = (p: unknown): [number, number] => {
    if (typeof p === "number") return [p, p];
    if (!Array.isArray(p) || p.length < 1 || p.length > 2) return bad();
    return [p[0] as number, (p[1] ?? p[0]) as number];
  };
  if (typeof padWidth === "number") pairs = Array.from({ length: rank }, () => [padWidth, padWidth]);
  else if (!Array.isArray(padWidth) || padWidth.length === 0) pairs = bad();
  else if (typeof padWidth[0] === "number") pairs = Array.from({ length: rank }, () => pair(padWidth));
  else if (padWidth.length === 1) pairs = Array.from({ length: rank }, () => pair(padWidth[0]));
  else if (padWidth.length === rank) pairs = (padWidth as readonly unknown[]).map(pair);
  else pairs = bad();
  for (const [b, a] of pairs) {
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) throw new ValueError(`pad: pad widths must be non-negative integers, but received ${JSON.stringify(padWidth)}.`);
  }
  return pairs;
}

/**
 * pad(x, padWidth, mode="constant", constantValues=null): pads every axis by [before, after]
 * (padWidth: a number, a pair for all axes, or one pair per axis). Modes: "constant" (with
 * constantValues, default 0), "reflect" (mirror without the edge) and "symmetric" (with it).
 * `ops.pad([1, 2, 3], [[2, 2]], "reflect")` → [3, 2, 1, 2, 3, 2, 1].
 */
export function pad(x: OpInput, padWidth: PadWidth, mode: "constant" | "reflect" | "symmetric" = "constant", constantValues: number | null = null): Tensor {
  const v = toValue(x);
  const paddings = padPairs(padWidth, v.shape.length);
  if (mode !== "constant" && mode !== "reflect" && mode !== "symmetric") {
    throw new ValueError(`pad: mode must be 'constant', 'reflect' or 'symmetric', but received '${String(mode)}'.`);
  }
  if (mode !== "constant" && constantValues !== null) {
    throw new ValueError(`pad: argument \`constantValues\` can only be provided when mode is 'constant', but received mode='${mode}'.`);
  }
  if (mode !== "constant") {
    paddings.forEach(([b, a], i) => {
      if ((b || a) && v.shape[i] === 0) throw new ValueError(`pad: cannot ${mode}-pad axis ${i} of size 0 (input shape ${formatShape(v.shape)}).`);
    });
  }
  return run1("pad", [v], { paddings, mode, constantValue: constantValues ?? 0 }) as Tensor;
}

/** flip(x, axis=null): reverses the order of elements along the given axes (all when null). */
export function flip(x: OpInput, axis: number | readonly number[] | null = null): Tensor {
  const v = toValue(x);
  return run1("flip", [v], { axes: normalizeAxes(axis, v.shape.length, "flip") }) as Tensor;
}

/**
 * roll(x, shift, axis=null): shifts elements along `axis` (of the flattened x when null),
 * wrapping around. `shift` and `axis` may be lists of the same length.
 * `ops.roll([1, 2, 3, 4], 1)` → [4, 1, 2, 3].
 */
export function roll(x: OpInput, shift: number | readonly number[], axis: number | readonly number[] | null = null): Tensor {
  const v = toValue(x);
  const shifts = axisList(shift);
  if (shifts.some((s) => !Number.isInteger(s))) throw new ValueError(`roll: shift must be integers, but received ${JSON.stringify(shift)}.`);
  if (axis === null) {
    const flat = reshape(v, [-1]);
    const rolled = run1("roll", [flat], { shifts: [shifts.reduce((p, s) => p + s, 0)], axes: [0] });
    return reshapeKeep(rolled, v.shape) as Tensor;
  }
  const axes = axisList(axis).map((a) => normalizeAxis(a, v.shape.length, "roll"));
  if (shifts.length !== axes.length && shifts.length !== 1 && axes.length !== 1) {
    throw new ValueError(`roll: shift and axis must have the same length, but received ${JSON.stringify(shift)} and ${JSON.stringify(axis)}.`);
  }
  const count = Math.max(shifts.length, axes.length);
  const s = Array.from({ length: count }, (_, i) => shifts[shifts.length === 1 ? 0 : i]!);
  const a = Array.from({ length: count }, (_, i) => axes[axes.length === 1 ? 0 : i]!);
  return run1("roll", [v], { shifts: s, axes: a }) as Tensor;
}

/** swapaxes(x, axis1, axis2): exchanges two axes. */
export function swapaxes(x: OpInput, axis1: number, axis2: number): Tensor {
  const v = toValue(x);
  const r = v.shape.length;
  const a = normalizeAxis(axis1, r, "swapaxes");
  const b = normalizeAxis(axis2, r, "swapaxes");
  return transpose(v, Array.from({ length: r }, (_, i) => (i === a ? b : i === b ? a : i)));
}

/** moveaxis(x, source, destination): moves axes to new positions; the others keep their order. */
export function moveaxis(x: OpInput, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const v = toValue(x);
  const r = v.shape.length;
  const src = axisList(source).map((a) => normalizeAxis(a, r, "moveaxis"));
  const dst = axisList(destination).map((a) => normalizeAxis(a, r, "moveaxis"));
  if (src.length !== dst.length) {
    throw new ValueError(`moveaxis: source and destination must have the same number of elements, but received ${JSON.stringify(source)} and ${JSON.stringify(destination)}.`);
  }
  if (new Set(src).size !== src.length || new Set(dst).size !== dst.length) {
    throw new ValueError(`moveaxis: repeated axis in source ${JSON.stringify(source)} or destination ${JSON.stringify(destination)}.`);
  }
  const order = Array.from({ length: r }, (_, i) => i).filter((i) => !src.includes(i));
  const pairs = dst.map((d, i) => [d, src[i]!] as [number, number]).sort((p, q) => p[0] - q[0]);
  for (const [d, s] of pairs) order.splice(d, 0, s);
  return transpose(v, order);
}

/** ravel(x): the flattened 1-D tensor. */
export const ravel = (x: OpInput): Tensor => reshape(toValue(x), [-1]);

const atLeast1d = (v: Value): Value => (v.shape.length === 0 ? reshapeKeep(v, [1]) : v);

/** hstack(xs): concatenates along axis 1 (along axis 0 for 1-D tensors). */
export function hstack(xs: readonly OpInput[]): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError("hstack: expected a non-empty list of tensors.");
  const vals = xs.map((x) => atLeast1d(toValue(x)));
  return concatenate(vals, vals[0]!.shape.length === 1 ? 0 : 1);
}

/** vstack(xs): concatenates along axis 0, 1-D tensors becoming rows. */
export function vstack(xs: readonly OpInput[]): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError("vstack: expected a non-empty list of tensors.");
  return concatenate(
    xs.map((x) => {
      const v = atLeast1d(toValue(x));
      return v.shape.length === 1 ? reshapeKeep(v, [1, v.shape[0]!]) : v;
    }),
    0,
  );
}
