import { describe, expect, it, vi } from "vitest";
import * as keras from "../../src/index.js";

function regressionData(n: number, seed = 1): { x: number[][]; y: number[][] } {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = rnd() * 2;
    const b = rnd() * 2;
    x.push([a, b]);
    y.push([3 * a - 2 * b + 0.5]);
  }
  return { x, y };
}

function silence() {
  return vi.spyOn(process.stdout, "write").mockImplementation(() => true);
}

describe("fit", () => {
  it("fits a linear regression to a low loss", async () => {
    keras.utils.setRandomSeed(1);
    const { x, y } = regressionData(256);
    const model = new keras.Sequential([new keras.layers.Dense(1, { inputShape: [2] })]);
    model.compile({ optimizer: new keras.optimizers.Adam({ learningRate: 0.05 }), loss: "mse", metrics: ["mae"] });
    const history = await model.fit(x, y, { epochs: 30, batchSize: 32, verbose: 0 });
    const losses = history.history.loss!;
    expect(losses.length).toBe(30);
    expect(losses[29]!).toBeLessThan(1e-3);
    expect(Object.keys(history.history)).toEqual(["loss", "mae"]);
    expect(history.epoch).toEqual([...Array(30).keys()]);
    const ev = (await model.evaluate(x, y, { verbose: 0 })) as number[];
    expect(ev.length).toBe(2);
    expect(ev[0]!).toBeLessThan(1e-3);
  });

  it("classifies with sparse labels and accuracy", async () => {
    keras.utils.setRandomSeed(2);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 300; i++) {
      const a = Math.cos(i * 1.7) * 2;
      const b = Math.sin(i * 2.3) * 2;
      x.push([a, b]);
      y.push(a + b > 0 ? (a > 0 ? 2 : 1) : 0);
    }
    const model = new keras.Sequential([new keras.layers.Dense(16, { inputShape: [2], activation: "relu" }), new keras.layers.Dense(3, { activation: "softmax" })]);
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const spy = silence();
    const h = await model.fit(x, y, { epochs: 40, batchSize: 32, verbose: 1 });
    spy.mockRestore();
    expect(Object.keys(h.history)).toEqual(["accuracy", "loss"]);
    expect(h.history.accuracy!.at(-1)!).toBeGreaterThan(0.85);
    const logs = (await model.evaluate(x, y, { verbose: 0, returnDict: true })) as Record<string, number>;
    expect(Object.keys(logs)).toEqual(["accuracy", "loss"]);
  });
});
