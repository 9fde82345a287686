import type { Tensor } from "../tensor/tensor.js";
import { finiteNumber, floatDType, randomShape, storeSamples, type ShapeArg } from "./common.js";
import { streamFor, type Seed } from "./draw.js";

/**
 * Draws samples from a truncated normal distribution (Keras's
 * `keras.random.truncated_normal`): values more than two standard deviations from the mean
 * are discarded and re-drawn, so every sample lies in `[mean - 2 stddev, mean + 2 stddev]`.
 *
 * ```ts
 * keras.random.truncatedNormal([3, 3], 0, 0.05, "float32", 1);
 * ```
 *
 * @param shape the output shape.
 * @param mean the mean of the untruncated normal (default 0).
 * @param stddev its standard deviation (default 1).
 * @param dtype a float dtype (default `"float32"`).
 * @param seed an integer, a `SeedGenerator` or null (the global generator).
 */
export function truncatedNormal(shape: ShapeArg, mean = 0, stddev = 1, dtype: string | null = null, seed: Seed = null): Tensor {
  const where = "keras.random.truncatedNormal";
  const { shape: s, size } = randomShape(shape, where);
  const dt = floatDType(dtype, where);
  finiteNumber(mean, "mean", where);
  finiteNumber(stddev, "stddev", where);
  const stream = streamFor(seed, where);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let z = stream.nextNormal();
    while (z < -2 || z > 2) z = stream.nextNormal();
    out[i] = mean + stddev * z;
  }
  return storeSamples(out, s, dt);
}
