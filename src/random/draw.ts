import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { KerasTypeError } from "../util/errors.js";
import { formatValue } from "../util/format.js";
import { seedWord } from "./defaultSeed.js";
import { globalSeedGenerator } from "./global.js";
import { RandomStream } from "./philox.js";
import { checkSeedInteger, SeedGenerator } from "./seedGenerator.js";

/** What the `seed` argument of the random functions accepts. */
export type Seed = number | SeedGenerator | null | undefined;

/**
 * @internal Keras's `draw_seed`: an integer seed gives a fixed key (the same values on every
 * call), a `SeedGenerator` gives its next key, and null gives the global generator's next key.
 */
export function drawSeed(seed: Seed, where: string): [number, number] {
  if (seed instanceof SeedGenerator) return seed.next();
  if (seed === null || seed === undefined) return globalSeedGenerator().next();
  if (typeof seed === "number") return [seedWord(checkSeedInteger(seed, where)), 0];
  throw new KerasTypeError(`${where}: seed must be an integer, a keras.random.SeedGenerator or null, but received ${formatValue(seed)}.`);
}

/**
 * @internal The drawn seed as a state tensor `[seed, counter]` (int32) for kernels that draw:
 * a generator's current state (advanced by an op, see `SeedGenerator.nextState`), or a fixed
 * `[seedWord(seed), 0]` for an integer seed. Keys the same stream as `drawSeed`.
 */
export function drawState(seed: Seed, where: string): Tensor {
  if (seed instanceof SeedGenerator) return seed.nextState();
  if (seed === null || seed === undefined) return globalSeedGenerator().nextState();
  if (typeof seed === "number") return makeTensor(Int32Array.of(seedWord(checkSeedInteger(seed, where)) | 0, 0), [2], "int32");
  throw new KerasTypeError(`${where}: seed must be an integer, a keras.random.SeedGenerator or null, but received ${formatValue(seed)}.`);
}

/** @internal A Philox stream keyed by the drawn seed. */
export function streamFor(seed: Seed, where: string): RandomStream {
  return new RandomStream(drawSeed(seed, where));
}
