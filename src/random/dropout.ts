import { run1 } from "../autodiff/engine.js";
import { isFloat } from "../backend/dtypes.js";
import "../ops/primitives/random.js";
import { toValue, type OpInput } from "../ops/core/input.js";
import { multiply } from "../ops/numpy/arithmetic.js";
import { KerasTensor } from "../tensor/kerasTensor.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { formatShape, formatValue } from "../util/format.js";
import { drawState, type Seed } from "./draw.js";

/** Replaces null entries of `noiseShape` by the input's dims and checks it broadcasts to the input. */
function concreteNoiseShape(noiseShape: readonly (number | null)[] | null, inputShape: readonly (number | null)[], where: string): (number | null)[] {
  if (noiseShape === null) return [...inputShape];
  const lead = inputShape.length - noiseShape.length;
  const bad = (): ValueError =>
    new ValueError(`${where}: noiseShape ${formatShape(noiseShape)} must broadcast to the input shape ${formatShape(inputShape)} (each entry equal to the input's, 1, or null).`);
  if (lead < 0) throw bad();
  return noiseShape.map((d, i) => {
    const x = inputShape[lead + i]!;
    if (d === null) return x;
    if (!Number.isInteger(d) || d < 0 || (d !== 1 && x !== null && d !== x)) throw bad();
    return d;
  });
}

/**
 * Randomly sets inputs to 0 with probability `rate` and scales the kept ones by
 * `1 / (1 - rate)`, so the expected sum is unchanged (Keras's `keras.random.dropout`).
 * The result is `inputs * mask`, so gradients flow to the kept entries (scaled likewise).
 *
 * ```ts
 * const y = keras.random.dropout(keras.ops.ones([4, 8]), 0.5, null, 1); // zeros and 2s
 * const z = keras.random.dropout(x, 0.2, [1, 8]); // one mask per feature, shared along axis 0
 * ```
 *
 * @param inputs the tensor to drop entries from.
 * @param rate the probability of dropping each entry, in [0, 1].
 * @param noiseShape the shape of the mask, broadcast to the input (null entries take the
 *   input's size; default: the input's shape).
 * @param seed an integer, a `SeedGenerator` or null (the global generator).
 */
export function dropout(inputs: OpInput, rate: number, noiseShape: readonly (number | null)[] | null = null, seed: Seed = null): Tensor {
  const where = "keras.random.dropout";
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
    throw new ValueError(`${where}: rate must be a number between 0 and 1, but received ${formatValue(rate)}.`);
  }
  const x = toValue(inputs);
  const noise = concreteNoiseShape(noiseShape, x.shape, where);
  const maskDType = isFloat(x.dtype) ? x.dtype : "float32";
  if (x instanceof KerasTensor) return multiply(x, new KerasTensor(noise, maskDType));
  // the mask is a kernel of the generator's state, so traced training steps replay it
  const mask = run1("dropoutMask", [drawState(seed, where)], { shape: noise as number[], rate, dtype: maskDType });
  return multiply(x, mask);
}
