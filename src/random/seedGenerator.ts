import { add } from "../ops/numpy/arithmetic.js";
import { makeTensor, Tensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import { KerasTypeError, ValueError } from "../util/errors.js";
import { formatValue } from "../util/format.js";
import { uniqueName } from "../util/names.js";
import { makeDefaultSeed, seedWord } from "./defaultSeed.js";

/** @internal Validates a user-given integer seed, naming where it was passed. */
export function checkSeedInteger(seed: unknown, where: string): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new KerasTypeError(`${where}: a seed must be an integer, but received ${formatValue(seed)}.`);
  }
  return seed;
}

export interface SeedGeneratorOptions {
  /** The generator's name (default `seed_generator`, made unique). */
  name?: string;
}

/**
 * A stateful source of seeds for the `keras.random` functions (Keras's
 * `keras.random.SeedGenerator`). Each draw returns its current state and advances it, so
 * successive calls with the same generator give different values, while two generators
 * built from the same seed give the same sequence.
 *
 * The state is a non-trainable int32 `Variable` of shape `[2]` (`[seed, counter]`), so
 * layers can track and save it like Keras does.
 *
 * ```ts
 * const gen = new keras.random.SeedGenerator(42);
 * const a = keras.random.normal([2, 3], 0, 1, "float32", gen);
 * const b = keras.random.normal([2, 3], 0, 1, "float32", gen); // differs from a
 * ```
 *
 * @param seed an integer; omitted or null draws one from the default-seed source
 *   (reproducible after `keras.utils.setRandomSeed(n)`).
 */
export class SeedGenerator {
  readonly name: string;
  /** The state variable `[seed, counter]` (int32, non-trainable). */
  readonly state: Variable;
  private readonly initialSeed: number;

  constructor(seed: number | null = null, options: SeedGeneratorOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new ValueError(`SeedGenerator: expected an options object as the second argument, but received ${formatValue(options)}.`);
    }
    for (const key of Object.keys(options)) {
      if (key !== "name") throw new ValueError(`SeedGenerator: unrecognized option '${key}'. Valid options: 'name'.`);
    }
    this.initialSeed = seed === null || seed === undefined ? makeDefaultSeed() : checkSeedInteger(seed, "SeedGenerator");
    this.name = options.name ?? uniqueName("seed_generator");
    const initial = Int32Array.of(seedWord(this.initialSeed) | 0, 0);
    this.state = new Variable(new Tensor(initial, [2], "int32"), {
      name: "seed_generator_state",
      path: `${this.name}/seed_generator_state`,
      trainable: false,
    });
  }

  /**
   * Returns the current state as a 64-bit key (two uint32 words) and advances the counter.
   * The random functions call this; users rarely need to.
   */
  next(): [number, number] {
    const s = this.state.value.values;
    const key: [number, number] = [s[0]! >>> 0, s[1]! >>> 0];
    this.state.assign(new Tensor(Int32Array.of(s[0]!, (s[1]! + 1) | 0), [2], "int32"));
    return key;
  }

  /**
   * Returns the current state tensor (`[seed, counter]`) and advances the counter with an op,
   * so that a traced step that draws from this generator records the advance (kernels that
   * draw take the returned state as an input: `dropoutMask`). Same sequence as `next()`.
   */
  nextState(): Tensor {
    const state = this.state.value;
    this.state.assign(add(state, makeTensor(Int32Array.of(0, 1), [2], "int32")));
    return state;
  }

  /** Keras's config: `{ seed }` (the seed the generator started from). */
  getConfig(): { seed: number } {
    return { seed: this.initialSeed };
  }

  static fromConfig(config: { seed?: number | null }): SeedGenerator {
    return new SeedGenerator(config.seed ?? null);
  }

  toString(): string {
    return `<SeedGenerator name=${this.name}, seed=${this.initialSeed}>`;
  }
}
