import { add, multiply } from "../../ops/numpy/arithmetic.js";
import { take } from "../../ops/numpy/manipulation.js";
import { reshape } from "../../ops/numpy/shape.js";
import { convertToTensor } from "../../tensor/convert.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";

/**
 * Image resizing for the layers that need it (Resizing, UpSampling2D "bilinear", CenterCrop's
 * smart resize), composed from ops: each spatial axis is resized in turn with gathers (`take`)
 * and, for bilinear, a per-position blend. Sampling follows TensorFlow's `resize` with half-pixel
 * centers (Keras's default), without antialiasing: output cell `o` samples input position
 * `(o + 0.5) * in / out - 0.5`.
 */

export type Interpolation = "nearest" | "bilinear";

export const INTERPOLATIONS: readonly Interpolation[] = ["nearest", "bilinear"];

export function checkInterpolation(value: unknown, owner: string): Interpolation {
  const v = typeof value === "string" ? value.toLowerCase() : value;
  if (v !== "nearest" && v !== "bilinear") {
    throw new ValueError(`${owner}: \`interpolation\` must be one of "nearest", "bilinear" (the modes keras-ts implements). Received: interpolation=${JSON.stringify(value)}`);
  }
  return v;
}

/** Resizes one axis of `x` from its size to `outSize`. */
export function resizeAxis(x: Tensor, axis: number, outSize: number, interpolation: Interpolation): Tensor {
  const inSize = x.shape[axis]!;
  if (inSize === outSize) return x;
  const scale = inSize / outSize;
  if (interpolation === "nearest") {
    const idx = Int32Array.from({ length: outSize }, (_, o) => Math.min(Math.floor((o + 0.5) * scale), inSize - 1));
    return take(x, convertToTensor(idx, "int32"), axis);
  }
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const w = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const pos = (o + 0.5) * scale - 0.5;
    const f = Math.floor(pos);
    lo[o] = Math.max(f, 0);
    hi[o] = Math.min(Math.ceil(pos), inSize - 1);
    w[o] = pos - f;
  }
  const wShape = x.shape.map((d, i) => (i === axis ? outSize : 1));
  const weights = (values: Float64Array): Tensor => reshape(convertToTensor(Float32Array.from(values), x.dtype), wShape);
  const a = take(x, convertToTensor(lo, "int32"), axis);
  const b = take(x, convertToTensor(hi, "int32"), axis);
  return add(multiply(a, weights(w.map((v) => 1 - v))), multiply(b, weights(w)));
}

/**
 * Resizes the spatial axes `axes` of `x` to `size` (one entry per axis).
 */
export function resizeImages(x: Tensor, axes: readonly number[], size: readonly number[], interpolation: Interpolation): Tensor {
  let y = x;
  axes.forEach((axis, i) => {
    y = resizeAxis(y, axis, size[i]!, interpolation);
  });
  return y;
}
