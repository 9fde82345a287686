import type { Tensor } from "../tensor/tensor.js";
import { floatDType, randomShape, storeSamples, type ShapeArg } from "./common.js";
import { streamFor, type Seed } from "./draw.js";
import { positive, sampleGamma } from "./gamma.js";

/**
 * Draws samples from a beta distribution (Keras's `keras.random.beta`), as
 * `X / (X + Y)` with `X ~ Gamma(alpha)` and `Y ~ Gamma(beta)`. Mean `alpha / (alpha + beta)`.
 *
 * ```ts
 * keras.random.beta([100], 2, 5, "float32", 1); // values in [0, 1]
 * ```
 *
 * @param shape the output shape.
 * @param alpha the first concentration parameter (> 0).
 * @param beta the second concentration parameter (> 0).
 * @param dtype a float dtype (default `"float32"`).
 * @param seed an integer, a `SeedGenerator` or null (the global generator).
 */
export function beta(shape: ShapeArg, alpha: number, beta: number, dtype: string | null = null, seed: Seed = null): Tensor {
  const where = "keras.random.beta";
  const { shape: s, size } = randomShape(shape, where);
  const dt = floatDType(dtype, where);
  positive(alpha, "alpha", where);
  positive(beta, "beta", where);
  const stream = streamFor(seed, where);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const x = sampleGamma(stream, alpha);
    const y = sampleGamma(stream, beta);
    out[i] = x + y > 0 ? x / (x + y) : alpha >= beta ? 1 : 0;
  }
  return storeSamples(out, s, dt);
}
