import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { finiteNumber, floatDType, randomShape, storeSamples, type ShapeArg } from "./common.js";
import { streamFor, type Seed } from "./draw.js";
import type { RandomStream } from "./philox.js";

/**
 * @internal One Gamma(alpha, 1) sample (Marsaglia & Tsang, 2000, "A simple method for
 * generating gamma variables"); alpha < 1 uses Gamma(alpha + 1) * U^(1/alpha).
 */
export function sampleGamma(stream: RandomStream, alpha: number): number {
  if (alpha < 1) {
    const g = sampleGamma(stream, alpha + 1);
    return g * Math.pow(stream.nextDoubleOpenZero(), 1 / alpha);
  }
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = stream.nextNormal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = stream.nextDoubleOpenZero();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** @internal Validates a positive distribution parameter. */
export function positive(value: number, name: string, where: string): number {
  finiteNumber(value, name, where);
  if (!(value > 0)) throw new ValueError(`${where}: ${name} must be positive, but received ${value}.`);
  return value;
}

/**
 * Draws samples from a gamma distribution with shape parameter `alpha` and scale 1
 * (Keras's `keras.random.gamma`): mean `alpha`, variance `alpha`.
 *
 * ```ts
 * keras.random.gamma([1000], 2.5, "float32", 3);
 * ```
 *
 * @param shape the output shape.
 * @param alpha the shape parameter (> 0).
 * @param dtype a float dtype (default `"float32"`).
 * @param seed an integer, a `SeedGenerator` or null (the global generator).
 */
export function gamma(shape: ShapeArg, alpha: number, dtype: string | null = null, seed: Seed = null): Tensor {
  const where = "keras.random.gamma";
  const { shape: s, size } = randomShape(shape, where);
  const dt = floatDType(dtype, where);
  positive(alpha, "alpha", where);
  const stream = streamFor(seed, where);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = sampleGamma(stream, alpha);
  return storeSamples(out, s, dt);
}
