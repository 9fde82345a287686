import { resetDefaultSeed } from "./defaultSeed.js";
import { checkSeedInteger, SeedGenerator } from "./seedGenerator.js";

/** The generator behind random draws made with `seed = null`. Created on first use. */
let globalGenerator: SeedGenerator | null = null;

/** @internal The global seed generator (Keras's `global_seed_generator()`). */
export function globalSeedGenerator(): SeedGenerator {
  globalGenerator ??= new SeedGenerator(null, { name: "global_seed_generator" });
  return globalGenerator;
}

/**
 * Makes every later random draw reproducible (Keras's `keras.utils.set_random_seed`): resets
 * the global generator used when `seed` is null, and the source that seeds generators (and
 * so initializers and dropout layers) created without a seed.
 *
 * ```ts
 * keras.utils.setRandomSeed(1337);
 * const a = keras.random.normal([3]);
 * keras.utils.setRandomSeed(1337);
 * const b = keras.random.normal([3]); // same values as a
 * ```
 */
export function setRandomSeed(seed: number): void {
  checkSeedInteger(seed, "setRandomSeed");
  resetDefaultSeed(seed);
  globalGenerator = new SeedGenerator(null, { name: "global_seed_generator" });
}
