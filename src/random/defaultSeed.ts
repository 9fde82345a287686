import { RandomStream } from "./philox.js";

/**
 * The source of seeds for generators created without one (Keras's `make_default_seed`).
 * It starts from `Math.random()` (runs differ) and `setRandomSeed(n)` rewinds it to a fixed
 * stream (runs repeat).
 */
let source = new RandomStream([(Math.random() * 4294967296) >>> 0, (Math.random() * 4294967296) >>> 0]);

/** @internal A fresh seed (a non-negative 31-bit integer) from the default-seed source. */
export function makeDefaultSeed(): number {
  return source.nextUint32() >>> 1;
}

/** @internal Makes the default-seed source deterministic in `seed` (used by `setRandomSeed`). */
export function resetDefaultSeed(seed: number): void {
  source = new RandomStream([seedWord(seed), 0x5eed5eed]);
}

/** @internal Folds an integer seed (any safe integer, negative too) into one uint32 word. */
export function seedWord(seed: number): number {
  const lo = ((seed % 4294967296) + 4294967296) % 4294967296;
  const hi = Math.floor(seed / 4294967296);
  return (lo ^ Math.imul(hi, 0x9e3779b9)) >>> 0;
}
