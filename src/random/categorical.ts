import { normalizeDType } from "../backend/dtypes.js";
import { toValue, type OpInput } from "../ops/core/input.js";
import { KerasTensor } from "../tensor/kerasTensor.js";
import type { Tensor } from "../tensor/tensor.js";
import { KerasTypeError, ValueError } from "../util/errors.js";
import { formatShape, formatValue } from "../util/format.js";
import { storeSamples } from "./common.js";
import { streamFor, type Seed } from "./draw.js";

/**
 * Draws class indices from categorical distributions (Keras's `keras.random.categorical`).
 * Each row of `logits` holds unnormalized log-probabilities; the result has shape
 * `[batchSize, numSamples]`. Classes with logit `-Infinity` are never drawn.
 *
 * ```ts
 * keras.random.categorical([[0, Math.log(3)]], 4, "int32", 1); // e.g. [[1, 1, 0, 1]]
 * ```
 *
 * @param logits a 2-D tensor `[batchSize, numClasses]`.
 * @param numSamples how many samples to draw per row.
 * @param dtype an integer dtype (default `"int32"`).
 * @param seed an integer, a `SeedGenerator` or null (the global generator).
 */
export function categorical(logits: OpInput, numSamples: number, dtype: string = "int32", seed: Seed = null): Tensor {
  const where = "keras.random.categorical";
  const v = toValue(logits);
  if (v.shape.length !== 2) {
    throw new ValueError(`${where}: logits must be 2-D with shape (batch_size, num_classes), but received shape ${formatShape(v.shape)}.`);
  }
  if (typeof numSamples !== "number" || !Number.isInteger(numSamples) || numSamples < 0) {
    throw new KerasTypeError(`${where}: numSamples must be a non-negative integer, but received ${formatValue(numSamples)}.`);
  }
  const dt = normalizeDType(dtype ?? "int32", where);
  if (dt !== "int32") throw new ValueError(`${where} requires an integer dtype, but received dtype='${dt}'.`);
  if (v instanceof KerasTensor) return new KerasTensor([v.shape[0]!, numSamples], dt) as unknown as Tensor;
  const [batch, classes] = v.shape as [number, number];
  if (classes === 0) throw new ValueError(`${where}: logits have no classes (shape ${formatShape(v.shape)}).`);
  const stream = streamFor(seed, where);
  const out = new Float64Array(batch * numSamples);
  const cdf = new Float64Array(classes);
  for (let b = 0; b < batch; b++) {
    let top = -Infinity;
    for (let c = 0; c < classes; c++) top = Math.max(top, Number(v.values[b * classes + c]));
    if (!Number.isFinite(top)) throw new ValueError(`${where}: row ${b} of logits has no finite maximum (${top}); it defines no distribution.`);
    let total = 0;
    for (let c = 0; c < classes; c++) {
      total += Math.exp(Number(v.values[b * classes + c]) - top);
      cdf[c] = total;
    }
    for (let k = 0; k < numSamples; k++) {
      const u = stream.nextDouble() * total;
      // first class whose cumulative mass exceeds u (classes of zero mass are skipped)
      let lo = 0;
      let hi = classes - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      // u can round up to `total`: never return a class of zero mass
      while (lo > 0 && cdf[lo] === cdf[lo - 1]) lo--;
      out[b * numSamples + k] = lo;
    }
  }
  return storeSamples(out, [batch, numSamples], dt);
}
