import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { finiteNumber, floatDType, randomShape, storeSamples, type ShapeArg } from "./common.js";
import { streamFor, type Seed } from "./draw.js";

/**
 * Draws samples from a uniform distribution on `[minval, maxval)` (Keras's
 * `keras.random.uniform`). Float dtypes only; use `randint` for integers.
 *
 * ```ts
 * keras.random.uniform([4], -1, 1, "float32", 7); // 4 values in [-1, 1)
 * ```
 *
 * @param shape the output shape.
 * @param minval the inclusive lower bound (default 0).
 * @param maxval the exclusive upper bound (default 1).
 * @param dtype a float dtype (default `"float32"`).
 * @param seed an integer, a `SeedGenerator` or null (the global generator).
 */
export function uniform(shape: ShapeArg, minval = 0, maxval = 1, dtype: string | null = null, seed: Seed = null): Tensor {
  const where = "keras.random.uniform";
  const { shape: s, size } = randomShape(shape, where);
  const dt = floatDType(dtype, where);
  finiteNumber(minval, "minval", where);
  finiteNumber(maxval, "maxval", where);
  if (!(maxval > minval)) throw new ValueError(`${where}: maxval must be greater than minval, but received minval=${minval}, maxval=${maxval}.`);
  const stream = streamFor(seed, where);
  const out = new Float64Array(size);
  const range = maxval - minval;
  for (let i = 0; i < size; i++) out[i] = minval + range * stream.nextDouble();
  return storeSamples(out, s, dt, maxval);
}
