import type { Tensor } from "../tensor/tensor.js";
import { finiteNumber, floatDType, randomShape, storeSamples, type ShapeArg } from "./common.js";
import { streamFor, type Seed } from "./draw.js";

/**
 * Draws samples from a normal (Gaussian) distribution (Keras's `keras.random.normal`).
 * Samples are computed in float64 and stored as `dtype`.
 *
 * ```ts
 * keras.random.normal([2, 3], 0, 1, "float32", 42).shape; // [2, 3]
 * ```
 *
 * @param shape the output shape.
 * @param mean the mean (default 0).
 * @param stddev the standard deviation (default 1).
 * @param dtype a float dtype (default `"float32"`).
 * @param seed an integer (same values every call), a `SeedGenerator` (advances on each call)
 *   or null (the global generator; see `setRandomSeed`).
 */
export function normal(shape: ShapeArg, mean = 0, stddev = 1, dtype: string | null = null, seed: Seed = null): Tensor {
  const where = "keras.random.normal";
  const { shape: s, size } = randomShape(shape, where);
  const dt = floatDType(dtype, where);
  finiteNumber(mean, "mean", where);
  finiteNumber(stddev, "stddev", where);
  const stream = streamFor(seed, where);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = mean + stddev * stream.nextNormal();
  return storeSamples(out, s, dt);
}
