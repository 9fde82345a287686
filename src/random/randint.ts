import { normalizeDType } from "../backend/dtypes.js";
import type { Tensor } from "../tensor/tensor.js";
import { KerasTypeError, ValueError } from "../util/errors.js";
import { formatValue } from "../util/format.js";
import { randomShape, storeSamples, type ShapeArg } from "./common.js";
import { streamFor, type Seed } from "./draw.js";
import type { RandomStream } from "./philox.js";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** @internal An unbiased integer in [0, n) for 1 <= n <= 2^32 (rejection of the partial top block). */
export function uniformIndex(stream: RandomStream, n: number): number {
  const limit = 4294967296 - (4294967296 % n);
  for (;;) {
    const w = stream.nextUint32();
    if (w < limit) return w % n;
  }
}

/**
 * Draws integers uniformly from `[minval, maxval)` (Keras's `keras.random.randint`).
 *
 * ```ts
 * keras.random.randint([5], 0, 10, "int32", 3); // five integers in 0..9
 * ```
 *
 * @param shape the output shape.
 * @param minval the inclusive lower bound (an integer).
 * @param maxval the exclusive upper bound (an integer greater than minval).
 * @param dtype an integer dtype (default `"int32"`).
 * @param seed an integer, a `SeedGenerator` or null (the global generator).
 */
export function randint(shape: ShapeArg, minval: number, maxval: number, dtype: string = "int32", seed: Seed = null): Tensor {
  const where = "keras.random.randint";
  const { shape: s, size } = randomShape(shape, where);
  const dt = normalizeDType(dtype ?? "int32", where);
  if (dt !== "int32") throw new ValueError(`${where} requires an integer dtype, but received dtype='${dt}'.`);
  for (const [name, v] of [["minval", minval], ["maxval", maxval]] as const) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX + 1) {
      throw new KerasTypeError(`${where}: ${name} must be an integer in the int32 range, but received ${formatValue(v)}.`);
    }
  }
  if (!(maxval > minval)) throw new ValueError(`${where}: maxval must be greater than minval, but received minval=${minval}, maxval=${maxval}.`);
  const stream = streamFor(seed, where);
  const out = new Float64Array(size);
  const n = maxval - minval;
  for (let i = 0; i < size; i++) out[i] = minval + uniformIndex(stream, n);
  return storeSamples(out, s, dt);
}
