import { allocate } from "../../dtypes.js";
import { sizeOf, stridesOf } from "../../shapes.js";
import type { TensorData } from "../../types.js";

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

/** x[begin : begin + size] on every axis (contiguous slice). */
export function sliceKernel(inputs: readonly TensorData[], attrs: { begin: readonly number[]; size: readonly number[] }): TensorData[] {
  const x = inputs[0]!;
  const { begin, size } = attrs;
  const rank = x.shape.length;
  const out = allocate(x.dtype, sizeOf(size));
  if (out.length === 0) return [{ values: out, shape: [...size], dtype: x.dtype }];
  const strides = stridesOf(x.shape);
  const inner = size[rank - 1] ?? 1;
  const outerShape = size.slice(0, -1);
  const outer = sizeOf(outerShape);
  const idx = new Array<number>(Math.max(0, rank - 1)).fill(0);
  const xv = x.values;
  for (let o = 0; o < outer; o++) {
    let off = rank ? begin[rank - 1]! : 0;
    for (let a = 0; a < rank - 1; a++) off += (begin[a]! + idx[a]!) * strides[a]!;
    out.set(xv.subarray(off, off + inner), o * inner);
    for (let a = rank - 2; a >= 0; a--) {
      idx[a]!++;
      if (idx[a]! < outerShape[a]!) break;
      idx[a] = 0;
    }
  }
  return [{ values: out, shape: [...size], dtype: x.dtype }];
}

/** Constant padding: paddings[a] = [before, after]. */
export function padKernel(inputs: readonly TensorData[], attrs: { paddings: readonly (readonly [number, number])[]; constantValue: number }): TensorData[] {
  const x = inputs[0]!;
  const rank = x.shape.length;
  const shape = x.shape.map((d, a) => d + attrs.paddings[a]![0] + attrs.paddings[a]![1]);
  const out = allocate(x.dtype, sizeOf(shape));
  if (attrs.constantValue !== 0) out.fill(attrs.constantValue);
  if (x.values.length === 0) return [{ values: out, shape, dtype: x.dtype }];
  const ostr = stridesOf(shape);
  const inner = x.shape[rank - 1] ?? 1;
  const outer = sizeOf(x.shape.slice(0, -1));
  const idx = new Array<number>(Math.max(0, rank - 1)).fill(0);
  const xv = x.values;
  for (let o = 0; o < outer; o++) {
    let off = rank ? attrs.paddings[rank - 1]![0] : 0;
    for (let a = 0; a < rank - 1; a++) off += (idx[a]! + attrs.paddings[a]![0]) * ostr[a]!;
    out.set(xv.subarray(o * inner, (o + 1) * inner), off);
    for (let a = rank - 2; a >= 0; a--) {
      idx[a]!++;
      if (idx[a]! < x.shape[a]!) break;
      idx[a] = 0;
    }
  }
  return [{ values: out, shape, dtype: x.dtype }];
}

/** Splits along `axis` into consecutive pieces of `sizes`. */
export function splitKernel(inputs: readonly TensorData[], attrs: { axis: number; sizes: readonly number[] }): TensorData[] {
  const x = inputs[0]!;
  let start = 0;
  return attrs.sizes.map((n) => {
    const begin = x.shape.map((_, i) => (i === attrs.axis ? start : 0));
    const size = x.shape.map((d, i) => (i === attrs.axis ? n : d));
    start += n;
    return sliceKernel([x], { begin, size })[0]!;
  });
}
