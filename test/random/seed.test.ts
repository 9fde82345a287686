import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

const { random } = keras;
const vals = (t: keras.Tensor): number[] => Array.from(t.dataSync(), Number);

describe("seeds", () => {
  it("the same integer seed gives the same values on every call", () => {
    expect(vals(random.normal([20], 0, 1, "float32", 42))).toEqual(vals(random.normal([20], 0, 1, "float32", 42)));
    expect(vals(random.uniform([20], 0, 1, "float32", 42))).toEqual(vals(random.uniform([20], 0, 1, "float32", 42)));
    expect(vals(random.randint([20], 0, 100, "int32", 42))).toEqual(vals(random.randint([20], 0, 100, "int32", 42)));
  });

  it("different seeds give different values", () => {
    const a = vals(random.normal([20], 0, 1, "float32", 1));
    const b = vals(random.normal([20], 0, 1, "float32", 2));
    expect(a.some((v, i) => v !== b[i])).toBe(true);
    const c = vals(random.normal([20], 0, 1, "float32", 2 ** 40 + 1));
    expect(a.some((v, i) => v !== c[i])).toBe(true);
  });

  it("a SeedGenerator advances on each draw; equal seeds give equal sequences", () => {
    const g1 = new random.SeedGenerator(7);
    const g2 = new random.SeedGenerator(7);
    const a1 = vals(random.normal([10], 0, 1, "float32", g1));
    const a2 = vals(random.normal([10], 0, 1, "float32", g1));
    expect(a1.some((v, i) => v !== a2[i])).toBe(true);
    expect(vals(random.normal([10], 0, 1, "float32", g2))).toEqual(a1);
    expect(vals(random.normal([10], 0, 1, "float32", g2))).toEqual(a2);
    // Keras: an integer seed s draws like the first draw of SeedGenerator(s)
    expect(vals(random.normal([10], 0, 1, "float32", 7))).toEqual(a1);
  });

  it("keeps its state in a non-trainable int32 Variable and round-trips its config", () => {
    const g = new random.SeedGenerator(3, { name: "my_gen" });
    expect(g.state).toBeInstanceOf(keras.Variable);
    expect(g.state.dtype).toBe("int32");
    expect(g.state.shape).toEqual([2]);
    expect(g.state.trainable).toBe(false);
    expect(g.state.path).toBe("my_gen/seed_generator_state");
    expect(g.state.arraySync()).toEqual([3, 0]);
    random.uniform([2], 0, 1, "float32", g);
    expect(g.state.arraySync()).toEqual([3, 1]);
    expect(g.getConfig()).toEqual({ seed: 3 });
    const h = random.SeedGenerator.fromConfig(g.getConfig());
    expect(vals(random.uniform([5], 0, 1, "float32", h))).toEqual(vals(random.uniform([5], 0, 1, "float32", 3)));
  });

  it("setRandomSeed makes unseeded draws and unseeded generators reproducible", () => {
    random.setRandomSeed(1337);
    const a = vals(random.normal([8]));
    const b = vals(random.normal([8]));
    const g = new random.SeedGenerator();
    const c = vals(random.uniform([8], 0, 1, "float32", g));
    random.setRandomSeed(1337);
    expect(vals(random.normal([8]))).toEqual(a);
    expect(vals(random.normal([8]))).toEqual(b);
    expect(vals(random.uniform([8], 0, 1, "float32", new random.SeedGenerator()))).toEqual(c);
    expect(a.some((v, i) => v !== b[i])).toBe(true);
    random.setRandomSeed(1338);
    expect(vals(random.normal([8])).some((v, i) => v !== a[i])).toBe(true);
  });

  it("rejects seeds that are not integers or generators", () => {
    expect(() => random.normal([2], 0, 1, "float32", 1.5)).toThrow("keras.random.normal: a seed must be an integer, but received 1.5");
    expect(() => random.normal([2], 0, 1, "float32", "7" as unknown as number)).toThrow("seed must be an integer, a keras.random.SeedGenerator or null");
    expect(() => new random.SeedGenerator(0.5)).toThrow("SeedGenerator: a seed must be an integer");
    expect(() => new random.SeedGenerator(1, { seed: 2 } as never)).toThrow("unrecognized option 'seed'");
    expect(() => random.setRandomSeed(Number.NaN)).toThrow("setRandomSeed: a seed must be an integer");
  });
});
