import { definePrimitive, run1, runPrimitive, type Spec } from "../../autodiff/engine.js";
import type { SymbolicShape } from "../../tensor/kerasTensor.js";
import { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import "./creation.js";

/**
 * Array-manipulation primitives: block moves (concatenate, split, slice, sliceUpdate, pad),
 * gathers and scatters along an axis (take, scatterAdd, scatterUpdate, nonzero) and
 * reorderings (flip, roll, tile, repeat). Axes in attrs are already normalized; the public ops
 * in ops/numpy/manipulation.ts validate arguments, these shape rules validate shapes.
 */

type PadMode = "constant" | "reflect" | "symmetric";

const shapes = (xs: readonly Spec[]): string => xs.map((t) => formatShape(t.shape)).join(", ");
const int32 = (values: readonly number[]): Tensor => new Tensor(Int32Array.from(values), [values.length], "int32");
const zerosOf = (t: Tensor): Tensor => run1("fullLike", [t], { value: 0, dtype: t.dtype });

definePrimitive<{ axis: number }>({
  name: "concatenate",
  outputSpecs: (xs, a) => {
    const first = xs[0]!;
    const shape = [...first.shape];
    let total: number | null = 0;
    for (const x of xs) {
      if (x.shape.length !== first.shape.length) {
        throw new ValueError(`concatenate: all inputs must have the same rank, but received shapes ${shapes(xs)}.`);
      }
      x.shape.forEach((d, i) => {
        if (i === a.axis) return;
        const f = shape[i];
        if (d !== null && f !== null && d !== f) {
          throw new ValueError(`concatenate: all input dimensions except the concatenation axis (${a.axis}) must match, but received shapes ${shapes(xs)}.`);
        }
        if (f === null) shape[i] = d;
      });
      const d = x.shape[a.axis]!;
      total = total === null || d === null ? null : total + d;
    }
    shape[a.axis] = total;
    return [{ shape, dtype: first.dtype }];
  },
  // the adjoint of concatenate is one split of dy
  grad: ([dy], xs, _o, a) => runPrimitive("split", [dy!], { axis: a.axis, sizes: xs.map((x) => x.shape[a.axis]!) }) as Tensor[],
});

/** Splits along `axis` into pieces of `sizes`: one primitive, so the gradient is one concatenate. */
definePrimitive<{ axis: number; sizes: readonly (number | null)[] }>({
  name: "split",
  outputSpecs: ([x], a) => {
    const n = x!.shape[a.axis];
    const known = a.sizes.every((s) => s !== null);
    if (n !== null && n !== undefined && known && a.sizes.reduce<number>((p, s) => p + s!, 0) !== n) {
      throw new ValueError(`split: pieces of sizes ${formatShape(a.sizes)} do not add up to axis ${a.axis} of shape ${formatShape(x!.shape)}.`);
    }
    return a.sizes.map((s) => ({ shape: x!.shape.map((d, i) => (i === a.axis ? s : d)), dtype: x!.dtype }));
  },
  grad: (dys, _x, _o, a) => [run1("concatenate", dys, { axis: a.axis })],
});

/** The block x[begin : begin + size]; `size` entries may be null only on symbolic inputs. */
definePrimitive<{ begin: readonly number[]; size: readonly (number | null)[] }>({
  name: "slice",
  outputSpecs: ([x], a) => {
    const s = x!.shape;
    if (a.begin.length !== s.length || a.size.length !== s.length) {
      throw new ValueError(`slice: startIndices and shape must have one entry per axis of the input shape ${formatShape(s)}, but received ${formatShape(a.begin)} and ${formatShape(a.size)}.`);
    }
    s.forEach((d, i) => {
      const b = a.begin[i]!;
      const k = a.size[i];
      if (b < 0 || (k !== null && k! < 0) || (d !== null && k !== null && b + k! > d)) {
        throw new ValueError(`slice: the block starting at ${formatShape(a.begin)} with shape ${formatShape(a.size)} does not fit in the input shape ${formatShape(s)}.`);
      }
    });
    return [{ shape: [...a.size], dtype: x!.dtype }];
  },
  grad: ([dy], [x], _o, a) => [
    run1("pad", [dy!], { paddings: x!.shape.map((d, i) => [a.begin[i]!, d - a.begin[i]! - dy!.shape[i]!] as [number, number]), mode: "constant", constantValue: 0 }),
  ],
});

/** x with the block at `begin` replaced by `updates`. */
definePrimitive<{ begin: readonly number[] }>({
  name: "sliceUpdate",
  outputSpecs: ([x, u], a) => {
    if (u!.shape.length !== x!.shape.length || a.begin.length !== x!.shape.length) {
      throw new ValueError(`sliceUpdate: inputs ${formatShape(x!.shape)}, startIndices ${formatShape(a.begin)} and updates ${formatShape(u!.shape)} must have the same rank.`);
    }
    x!.shape.forEach((d, i) => {
      const k = u!.shape[i]!;
      const b = a.begin[i]!;
      if (b < 0 || (d !== null && k !== null && b + k > d)) {
        throw new ValueError(`sliceUpdate: updates of shape ${formatShape(u!.shape)} at ${formatShape(a.begin)} do not fit in the inputs of shape ${formatShape(x!.shape)}.`);
      }
    });
    return [{ shape: x!.shape, dtype: x!.dtype }];
  },
  grad: ([dy], [, u], _o, a) => [
    run1("sliceUpdate", [dy!, zerosOf(u!)], a),
    run1("slice", [dy!], { begin: a.begin, size: u!.shape }),
  ],
});

definePrimitive<{ paddings: readonly (readonly [number, number])[]; mode?: PadMode; constantValue?: number }>({
  name: "pad",
  outputSpecs: ([x], a) => {
    if (a.paddings.length !== x!.shape.length) {
      throw new ValueError(`pad: expected one [before, after] pair per axis of the input shape ${formatShape(x!.shape)}, but received ${a.paddings.length}.`);
    }
    return [{ shape: x!.shape.map((d, i) => (d === null ? null : d + a.paddings[i]![0] + a.paddings[i]![1])), dtype: x!.dtype }];
  },
  grad: ([dy], [x], _o, a) => {
    if ((a.mode ?? "constant") === "constant") {
      return [run1("slice", [dy!], { begin: a.paddings.map((p) => p[0]), size: [...x!.shape] })];
    }
    // reflect/symmetric: each padded position reads one source position; sum them back
    let g = dy!;
    a.paddings.forEach(([b, e], axis) => {
      if (!b && !e) return;
      const n = x!.shape[axis]!;
      const src = Array.from({ length: b + n + e }, (_, j) => padSource(j - b, n, a.mode!));
      g = run1("scatterAdd", [g, int32(src)], { axis, size: n });
    });
    return [g];
  },
});

/** NumPy's reflect/symmetric source index for a padded position (mirrors the CPU kernel). */
function padSource(i: number, n: number, mode: PadMode): number {
  if (i >= 0 && i < n) return i;
  const p = mode === "reflect" ? 2 * (n - 1) : 2 * n;
  if (p === 0) return 0;
  const m = ((i % p) + p) % p;
  if (m < n) return m;
  return mode === "reflect" ? p - m : p - 1 - m;
}

const gatheredShape = (x: SymbolicShape, ind: SymbolicShape, axis: number): (number | null)[] => [...x.slice(0, axis), ...ind, ...x.slice(axis + 1)];

/** take: x[..., indices, ...] along `axis` (indices of any shape replace that axis). */
definePrimitive<{ axis: number }>({
  name: "take",
  outputSpecs: ([x, ind], a) => [{ shape: gatheredShape(x!.shape, ind!.shape, a.axis), dtype: x!.dtype }],
  grad: ([dy], [x, ind], _o, a) => [run1("scatterAdd", [dy!, ind!], { axis: a.axis, size: x!.shape[a.axis]! }), null],
});

/** The adjoint of take: updates (pre + indices.shape + post) summed into `size` slots on `axis`. */
definePrimitive<{ axis: number; size: number | null }>({
  name: "scatterAdd",
  outputSpecs: ([u, ind], a) => {
    const r = ind!.shape.length;
    const mid = u!.shape.slice(a.axis, a.axis + r);
    const ok = u!.shape.length >= a.axis + r && mid.every((d, i) => d === null || ind!.shape[i] === null || d === ind!.shape[i]);
    if (!ok) {
      throw new ValueError(`scatter: updates of shape ${formatShape(u!.shape)} do not match indices of shape ${formatShape(ind!.shape)} at axis ${a.axis}.`);
    }
    return [{ shape: [...u!.shape.slice(0, a.axis), a.size, ...u!.shape.slice(a.axis + r)], dtype: u!.dtype }];
  },
  grad: ([dy], [, ind], _o, a) => [run1("take", [dy!, ind!], { axis: a.axis }), null],
});

/** Rows `indices` (1-D) of x (shape [rows, ...]) replaced by `updates` (shape [k, ...]). */
definePrimitive({
  name: "scatterUpdate",
  outputSpecs: ([x, ind, u]: readonly Spec[]) => {
    const rest = x!.shape.slice(1);
    const ok =
      ind!.shape.length === 1 &&
      u!.shape.length === x!.shape.length &&
      (u!.shape[0] === null || ind!.shape[0] === null || u!.shape[0] === ind!.shape[0]) &&
      u!.shape.slice(1).every((d, i) => d === null || rest[i] === null || d === rest[i]);
    if (!ok) {
      throw new ValueError(`scatterUpdate: updates of shape ${formatShape(u!.shape)} do not match ${formatShape(ind!.shape)} index rows into a tensor of shape ${formatShape(x!.shape)}.`);
    }
    return [{ shape: x!.shape, dtype: x!.dtype }];
  },
  grad: ([dy], [, ind, u]) => [run1("scatterUpdate", [dy!, ind!, zerosOf(u!)]), null, run1("take", [dy!, ind!], { axis: 0 })],
});

/** NumPy's nonzero: one int32 coordinate vector per axis (data-dependent length; no gradient). */
definePrimitive({
  name: "nonzero",
  outputSpecs: ([x]: readonly Spec[]) => x!.shape.map(() => ({ shape: [null], dtype: "int32" as const })),
});

const sameSpec = ([x]: readonly Spec[]): Spec[] => [{ shape: x!.shape, dtype: x!.dtype }];

definePrimitive<{ axes: readonly number[] }>({
  name: "flip",
  outputSpecs: sameSpec,
  grad: ([dy], _x, _o, a) => [run1("flip", [dy!], a)],
});

definePrimitive<{ shifts: readonly number[]; axes: readonly number[] }>({
  name: "roll",
  outputSpecs: sameSpec,
  grad: ([dy], _x, _o, a) => [run1("roll", [dy!], { shifts: a.shifts.map((s) => -s), axes: a.axes })],
});

/** tile with one repetition count per axis (the public op aligns ranks first). */
definePrimitive<{ reps: readonly number[] }>({
  name: "tile",
  outputSpecs: ([x], a) => [{ shape: x!.shape.map((d, i) => (d === null ? null : d * a.reps[i]!)), dtype: x!.dtype }],
  grad: ([dy], [x], _o, a) => {
    // dy viewed as [r0, d0, r1, d1, ...]: the copies sit on the even axes
    const s = x!.shape;
    const view = run1("reshape", [dy!], { shape: s.flatMap((d, i) => [a.reps[i]!, d]) });
    const summed = run1("sum", [view], { axes: s.map((_, i) => 2 * i), keepdims: false });
    return [run1("reshape", [summed], { shape: s })];
  },
});

/** repeat: element i along `axis` appears counts[i] times. */
definePrimitive<{ axis: number; counts: readonly number[] | null; times?: number }>({
  name: "repeat",
  outputSpecs: ([x], a) => {
    const n = x!.shape[a.axis];
    let m: number | null;
    if (a.counts !== null) {
      if (n !== null && n !== undefined && a.counts.length !== n) {
        throw new ValueError(`repeat: repeats has ${a.counts.length} entries but axis ${a.axis} of shape ${formatShape(x!.shape)} has size ${n}.`);
      }
      m = a.counts.reduce((p, c) => p + c, 0);
    } else m = n === null || n === undefined ? null : n * a.times!;
    return [{ shape: x!.shape.map((d, i) => (i === a.axis ? m : d)), dtype: x!.dtype }];
  },
  grad: ([dy], [x], _o, a) => {
    const counts = a.counts ?? Array.from({ length: x!.shape[a.axis]! }, () => a.times!);
    const src = counts.flatMap((c, i) => Array.from({ length: c }, () => i));
    return [run1("scatterAdd", [dy!, int32(src)], { axis: a.axis, size: x!.shape[a.axis]! })];
  },
});
