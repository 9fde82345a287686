import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

/** keras.utils.setRandomSeed(n) makes a whole fit (init, shuffling, dropout) bit-identical. */
async function run(seed: number): Promise<number[][]> {
  keras.utils.setRandomSeed(seed);
  const x = keras.random.normal([96, 5]);
  const y = keras.random.randint([96], 0, 3);
  const model = new keras.Sequential([
    keras.Input([5]),
    new keras.layers.Dense(8, { activation: "relu" }),
    new keras.layers.Dropout(0.3),
    new keras.layers.Dense(3, { activation: "softmax" }),
  ]);
  model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  await model.fit(x, y, { epochs: 3, batchSize: 16, shuffle: true, validationSplit: 0.25, verbose: 0 });
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe("reproducibility", () => {
  it("the same seed gives bit-identical weights after fit; another seed differs", async () => {
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
