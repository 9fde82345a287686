import { allocate } from "../../dtypes.js";
import type { TensorData } from "../../types.js";
import { axisView } from "./manipLayout.js";

/** Reordering kernels: flip, roll, tile and repeat (each a copy of slices along an axis). */

/** Rebuilds x along `axis` into `m` positions, position j copying source slice src(j). */
function remapAxis(x: TensorData, axis: number, m: number, src: (j: number) => number): TensorData {
  const { outer, n, inner } = axisView(x.shape, axis);
  const shape = x.shape.map((d, i) => (i === axis ? m : d));
  const out = allocate(x.dtype, outer * m * inner);
  for (let j = 0; j < m; j++) {
    const s = src(j);
    for (let o = 0; o < outer; o++) {
      const from = (o * n + s) * inner;
      out.set(x.values.subarray(from, from + inner), (o * m + j) * inner);
    }
  }
  return { values: out, shape, dtype: x.dtype };
}

const copy = (x: TensorData): TensorData => ({ values: x.values.slice(), shape: x.shape, dtype: x.dtype });

/** Reverses the order of elements along each of `axes`. */
export function flipKernel(inputs: readonly TensorData[], attrs: { axes: readonly number[] }): TensorData[] {
  let x = inputs[0]!;
  for (const a of attrs.axes) {
    const n = x.shape[a]!;
    x = remapAxis(x, a, n, (j) => n - 1 - j);
  }
  return [x === inputs[0] ? copy(x) : x];
}

/** Shifts elements by shifts[i] positions along axes[i], wrapping around. */
export function rollKernel(inputs: readonly TensorData[], attrs: { shifts: readonly number[]; axes: readonly number[] }): TensorData[] {
  let x = inputs[0]!;
  attrs.axes.forEach((a, i) => {
    const n = x.shape[a]!;
    if (n === 0) return;
    const s = attrs.shifts[i]!;
    x = remapAxis(x, a, n, (j) => ((((j - s) % n) + n) % n));
  });
  return [x === inputs[0] ? copy(x) : x];
}

/** Tiles x reps[a] times along each axis (reps has one entry per axis). */
export function tileKernel(inputs: readonly TensorData[], attrs: { reps: readonly number[] }): TensorData[] {
  let x = inputs[0]!;
  attrs.reps.forEach((r, a) => {
    if (r === 1) return;
    const n = x.shape[a]!;
    x = remapAxis(x, a, n * r, (j) => j % n);
  });
  return [x === inputs[0] ? copy(x) : x];
}

/** Repeats element i along `axis` counts[i] times (one entry per element; `times` for all when counts is null). */
export function repeatKernel(inputs: readonly TensorData[], attrs: { axis: number; counts: readonly number[] | null; times?: number }): TensorData[] {
  const x = inputs[0]!;
  const counts = attrs.counts ?? Array.from({ length: x.shape[attrs.axis]! }, () => attrs.times ?? 1);
  const src: number[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) src.push(i);
  });
  return [remapAxis(x, attrs.axis, src.length, (j) => src[j]!)];
}
