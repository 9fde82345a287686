import type { Tensor } from "../tensor/tensor.js";
import { KerasTypeError, ValueError } from "../util/errors.js";
import { formatValue } from "../util/format.js";
import { floatDType, randomShape, storeSamples, type ShapeArg } from "./common.js";
import { streamFor, type Seed } from "./draw.js";
import type { RandomStream } from "./philox.js";

/**
 * One Binomial(n, p) sample for p <= 0.5 by geometric waiting times: the gaps between
 * successes are Geometric(p), so the loop runs about n * p + 1 times.
 */
function sampleBinomialSmallP(stream: RandomStream, n: number, p: number): number {
  if (p === 0 || n === 0) return 0;
  const logQ = Math.log1p(-p);
  let successes = 0;
  let position = 0;
  for (;;) {
    position += Math.ceil(Math.log(stream.nextDoubleOpenZero()) / logQ) || 1;
    if (position > n) return successes;
    successes++;
  }
}

/**
 * Draws samples from a binomial distribution: the number of successes in `counts` trials
 * that each succeed with probability `probabilities` (Keras's `keras.random.binomial`).
 *
 * ```ts
 * keras.random.binomial([5], 10, 0.3, "float32", 2); // e.g. [3, 2, 4, 3, 1]
 * ```
 *
 * @param shape the output shape.
 * @param counts the number of trials (a non-negative integer).
 * @param probabilities the success probability of each trial, in [0, 1].
 * @param dtype a float dtype (default `"float32"`).
 * @param seed an integer, a `SeedGenerator` or null (the global generator).
 */
export function binomial(shape: ShapeArg, counts: number, probabilities: number, dtype: string | null = null, seed: Seed = null): Tensor {
  const where = "keras.random.binomial";
  const { shape: s, size } = randomShape(shape, where);
  const dt = floatDType(dtype, where);
  if (typeof counts !== "number" || !Number.isSafeInteger(counts) || counts < 0) {
    throw new KerasTypeError(`${where}: counts must be a non-negative integer, but received ${formatValue(counts)}.`);
  }
  if (typeof probabilities !== "number" || !(probabilities >= 0 && probabilities <= 1)) {
    throw new ValueError(`${where}: probabilities must be a number in [0, 1], but received ${formatValue(probabilities)}.`);
  }
  const stream = streamFor(seed, where);
  const flip = probabilities > 0.5;
  const p = flip ? 1 - probabilities : probabilities;
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const k = sampleBinomialSmallP(stream, counts, p);
    out[i] = flip ? counts - k : k;
  }
  return storeSamples(out, s, dt);
}
