import { allocate } from "../../dtypes.js";
import { sizeOf, stridesOf } from "../../shapes.js";
import type { TensorData, TypedArray } from "../../types.js";

/**
 * Block copies: concatenate, split, slice, sliceUpdate and padding. Every kernel here moves
 * contiguous runs of the last axis; none computes anything.
 */

/** A tensor viewed as [outer, n, inner] around `axis`. */
export function axisView(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}

/**
 * Copies the block of shape `size` starting at `srcBegin` in `src` (shape `srcShape`) to the
 * position `dstBegin` of `dst` (shape `dstShape`). All three lists have one entry per axis.
 */
export function copyBlock(
  src: TypedArray,
  srcShape: readonly number[],
  srcBegin: readonly number[],
  dst: TypedArray,
  dstShape: readonly number[],
  dstBegin: readonly number[],
  size: readonly number[],
): void {
  if (sizeOf(size) === 0) return;
  if (size.length === 0) {
    dst[0] = src[0]!;
    return;
  }
  // Trailing axes copied whole in both src and dst form one contiguous run with the axis before
  // them: a batch slice of [n, 28, 28, 1] is one run per sample, not one per element.
  let k = size.length - 1;
  while (k > 0 && size[k] === srcShape[k] && size[k] === dstShape[k]) k--;
  if (k < size.length - 1) {
    const tail = (shape: readonly number[]): number => sizeOf(shape.slice(k + 1));
    const collapse = (shape: readonly number[]): number[] => [...shape.slice(0, k), shape[k]! * tail(shape)];
    const at = (begin: readonly number[], shape: readonly number[]): number[] => [...begin.slice(0, k), begin[k]! * tail(shape)];
    srcBegin = at(srcBegin, srcShape);
    dstBegin = at(dstBegin, dstShape);
    size = collapse(size);
    srcShape = collapse(srcShape);
    dstShape = collapse(dstShape);
  }
  const rank = size.length;
  const ss = stridesOf(srcShape);
  const ds = stridesOf(dstShape);
  const inner = size[rank - 1]!;
  const outer = sizeOf(size.slice(0, -1));
  const idx = new Array<number>(rank - 1).fill(0);
  for (let o = 0; o < outer; o++) {
    let so = srcBegin[rank - 1]!;
    let doff = dstBegin[rank - 1]!;
    for (let a = 0; a < rank - 1; a++) {
      so += (srcBegin[a]! + idx[a]!) * ss[a]!;
      doff += (dstBegin[a]! + idx[a]!) * ds[a]!;
    }
    dst.set(src.subarray(so, so + inner), doff);
    for (let a = rank - 2; a >= 0; a--) {
      idx[a]!++;
      if (idx[a]! < size[a]!) break;
      idx[a] = 0;
    }
  }
}

const zerosAt = (rank: number): number[] => new Array<number>(rank).fill(0);

/** concatenate along `axis`: inputs share dtype and all other dims. */
export function concatenateKernel(inputs: readonly TensorData[], attrs: { axis: number }): TensorData[] {
  const axis = attrs.axis;
  const first = inputs[0]!;
  const shape = [...first.shape];
  shape[axis] = inputs.reduce((s, t) => s + t.shape[axis]!, 0);
  const out = allocate(first.dtype, sizeOf(shape));
  const outer = sizeOf(shape.slice(0, axis));
  const innerOut = sizeOf(shape.slice(axis));
  let offset = 0;
  for (const t of inputs) {
    const chunk = sizeOf(t.shape.slice(axis));
    const v = t.values;
    for (let o = 0; o < outer; o++) out.set(v.subarray(o * chunk, (o + 1) * chunk), o * innerOut + offset);
    offset += chunk;
  }
  return [{ values: out, shape, dtype: first.dtype }];
}

/** split along `axis` into consecutive pieces of the given sizes (the inverse of concatenate). */
export function splitKernel(inputs: readonly TensorData[], attrs: { axis: number; sizes: readonly number[] }): TensorData[] {
  const x = inputs[0]!;
  const { outer, n, inner } = axisView(x.shape, attrs.axis);
  let start = 0;
  return attrs.sizes.map((k) => {
    const shape = x.shape.map((d, i) => (i === attrs.axis ? k : d));
    const out = allocate(x.dtype, outer * k * inner);
    for (let o = 0; o < outer; o++) {
      const from = (o * n + start) * inner;
      out.set(x.values.subarray(from, from + k * inner), o * k * inner);
    }
    start += k;
    return { values: out, shape, dtype: x.dtype };
  });
}

/** x[begin : begin + size] on every axis (contiguous slice). */
export function sliceKernel(inputs: readonly TensorData[], attrs: { begin: readonly number[]; size: readonly number[] }): TensorData[] {
  const x = inputs[0]!;
  const out = allocate(x.dtype, sizeOf(attrs.size));
  copyBlock(x.values, x.shape, attrs.begin, out, attrs.size, zerosAt(attrs.size.length), attrs.size);
  return [{ values: out, shape: [...attrs.size], dtype: x.dtype }];
}

/** A copy of x with the block starting at `begin` replaced by `updates`. */
export function sliceUpdateKernel(inputs: readonly TensorData[], attrs: { begin: readonly number[] }): TensorData[] {
  const [x, u] = inputs as [TensorData, TensorData];
  const out = allocate(x.dtype, x.values.length);
  out.set(x.values);
  copyBlock(u.values, u.shape, zerosAt(u.shape.length), out, x.shape, attrs.begin, u.shape);
  return [{ values: out, shape: x.shape, dtype: x.dtype }];
}

export type PadMode = "constant" | "reflect" | "symmetric";

/**
 * The source index along an axis of size n for padded position i - before (i may fall
 * outside [0, n)): -1 for constant padding, else NumPy's reflect/symmetric extension.
 */
export function padSource(i: number, n: number, mode: PadMode): number {
  if (i >= 0 && i < n) return i;
  if (mode === "constant") return -1;
  if (mode === "reflect") {
    if (n === 1) return 0;
    const p = 2 * (n - 1);
    const m = ((i % p) + p) % p;
    return m < n ? m : p - m;
  }
  const p = 2 * n;
  const m = ((i % p) + p) % p;
  return m < n ? m : p - 1 - m;
}

function padAxis(x: TensorData, axis: number, before: number, after: number, mode: PadMode): TensorData {
  const { outer, n, inner } = axisView(x.shape, axis);
  const m = before + n + after;
  const shape = x.shape.map((d, i) => (i === axis ? m : d));
  const out = allocate(x.dtype, outer * m * inner);
  for (let j = 0; j < m; j++) {
    const s = padSource(j - before, n, mode);
    for (let o = 0; o < outer; o++) {
      const from = (o * n + s) * inner;
      out.set(x.values.subarray(from, from + inner), (o * m + j) * inner);
    }
  }
  return { values: out, shape, dtype: x.dtype };
}

/** Padding: paddings[a] = [before, after]; mode constant (with constantValue), reflect or symmetric. */
export function padKernel(
  inputs: readonly TensorData[],
  attrs: { paddings: readonly (readonly [number, number])[]; mode?: PadMode; constantValue?: number },
): TensorData[] {
  const x = inputs[0]!;
  const mode = attrs.mode ?? "constant";
  if (mode !== "constant") {
    let cur = x;
    attrs.paddings.forEach(([b, a], axis) => {
      if (b || a) cur = padAxis(cur, axis, b, a, mode);
    });
    return [cur === x ? { values: x.values.slice(), shape: x.shape, dtype: x.dtype } : cur];
  }
  const shape = x.shape.map((d, a) => d + attrs.paddings[a]![0] + attrs.paddings[a]![1]);
  const out = allocate(x.dtype, sizeOf(shape));
  const c = attrs.constantValue ?? 0;
  if (c !== 0) out.fill(x.dtype === "bool" ? 1 : c);
  copyBlock(x.values, x.shape, zerosAt(shape.length), out, shape, attrs.paddings.map((p) => p[0]), x.shape);
  return [{ values: out, shape, dtype: x.dtype }];
}
