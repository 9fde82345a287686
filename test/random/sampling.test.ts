import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { RandomStream } from "../../src/random/philox.js";
import { chiSquare } from "./stats.js";

const { random, ops } = keras;

describe("keras.random.dropout", () => {
  it("draws its mask as a kernel of the generator's state: the Philox stream keyed by [seed, counter], one uniform per entry", () => {
    const gen = new random.SeedGenerator(11);
    const [s0, s1] = Array.from(gen.state.value.values);
    const x = ops.convertToTensor(new Float32Array(1000).fill(1));
    const y = random.dropout(x, 0.3, null, gen).dataSync();
    // reference: the stream read directly (RandomStream is checked against Random123's vectors)
    const stream = new RandomStream([s0! >>> 0, s1! >>> 0]);
    const want = Array.from({ length: 1000 }, () => (stream.nextDouble() >= 0.3 ? Math.fround(1 / 0.7) : 0));
    expect(Array.from(y)).toEqual(want);
    expect(Array.from(gen.state.value.values)).toEqual([s0, s1! + 1]);
    // an integer seed keys [seedWord(seed), 0]: the same mask on every call
    expect(Array.from(random.dropout(x, 0.3, null, 5).dataSync())).toEqual(Array.from(random.dropout(x, 0.3, null, 5).dataSync()));
  });

  it("drops about `rate` of the entries and scales the rest by 1 / (1 - rate)", () => {
    const x = ops.convertToTensor(new Float32Array(100_000).fill(3));
    const y = random.dropout(x, 0.25, null, 5);
    expect(y.shape).toEqual([100_000]);
    expect(y.dtype).toBe("float32");
    let zeros = 0;
    let bad = 0;
    for (const v of y.dataSync()) {
      if (v === 0) zeros++;
      else if (Math.abs(v - 4) > 1e-6) bad++;
    }
    expect(bad).toBe(0);
    // binomial standard error: sqrt(0.25 * 0.75 / 1e5) ≈ 0.0014
    expect(Math.abs(zeros / 100_000 - 0.25)).toBeLessThan(0.007);
  });

  it("is differentiable: the gradient is the scaled mask", () => {
    const x = ops.convertToTensor([[1, 2, 3, 4], [5, 6, 7, 8]]);
    const y = random.dropout(x, 0.5, null, 9);
    const g = ops.grad((t: keras.Tensor) => ops.sum(random.dropout(t, 0.5, null, 9)))(x);
    const yv = y.dataSync();
    const xv = x.dataSync();
    expect(Array.from(g.dataSync())).toEqual(Array.from(yv, (v, i) => v / xv[i]!));
    expect(Array.from(g.dataSync()).every((v) => v === 0 || v === 2)).toBe(true);
  });

  it("shares one mask along axes where noiseShape is 1; null takes the input's size", () => {
    const x = ops.convertToTensor(new Float32Array(6 * 50).fill(1));
    const x2 = ops.reshape(x, [6, 50]);
    const y = random.dropout(x2, 0.5, [1, null], 4).arraySync() as number[][];
    for (const row of y) expect(row).toEqual(y[0]);
    expect(y[0]!.some((v) => v === 0) && y[0]!.some((v) => v === 2)).toBe(true);
    const z = random.dropout(x2, 0.5, [6, 1], 4).arraySync() as number[][];
    for (const row of z) expect(new Set(row).size).toBe(1);
  });

  it("keeps everything with rate 0, drops everything with rate 1, casts int inputs to float", () => {
    const x = ops.convertToTensor([1, 2, 3]);
    expect(random.dropout(x, 0, null, 1).arraySync()).toEqual([1, 2, 3]);
    expect(random.dropout(x, 1, null, 1).arraySync()).toEqual([0, 0, 0]);
    expect(random.dropout(ops.convertToTensor([1, 2], "int32"), 0, null, 1).dtype).toBe("float32");
  });

  it("works on symbolic tensors and rejects bad arguments", () => {
    const k = new keras.KerasTensor([null, 8]);
    const s = random.dropout(k, 0.3) as unknown as keras.KerasTensor;
    expect(s).toBeInstanceOf(keras.KerasTensor);
    expect(s.shape).toEqual([null, 8]);
    const x = ops.convertToTensor([[1, 2], [3, 4]]);
    expect(() => random.dropout(x, 1.5)).toThrow("rate must be a number between 0 and 1, but received 1.5");
    expect(() => random.dropout(x, 0.5, [3, 2])).toThrow("noiseShape (3, 2) must broadcast to the input shape (2, 2)");
  });

  it("with a SeedGenerator gives a new mask on each call", () => {
    const g = new random.SeedGenerator(1);
    const x = ops.convertToTensor(new Float32Array(64).fill(1));
    const a = Array.from(random.dropout(x, 0.5, null, g).dataSync());
    const b = Array.from(random.dropout(x, 0.5, null, g).dataSync());
    expect(a).not.toEqual(b);
  });
});

describe("keras.random.shuffle", () => {
  it("permutes slices along axis 0, keeping each row intact", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [i, 10 * i, 100 * i]);
    const y = random.shuffle(ops.convertToTensor(rows, "int32"), 0, 3);
    expect(y.dtype).toBe("int32");
    const out = y.arraySync() as number[][];
    expect(out).not.toEqual(rows);
    expect([...out].sort((a, b) => a[0]! - b[0]!)).toEqual(rows);
  });

  it("permutes along another axis (negative axes too)", () => {
    const x = ops.convertToTensor([[[1, 2, 3, 4]], [[5, 6, 7, 8]]]);
    const y = random.shuffle(x, -1, 11).arraySync() as number[][][];
    const perm = y[0]![0]!.map((v) => v - 1);
    expect([...perm].sort()).toEqual([0, 1, 2, 3]);
    expect(y[1]![0]).toEqual(perm.map((p) => p + 5));
  });

  it("makes all permutations equally likely", () => {
    const counts = new Map<string, number>();
    const gen = new random.SeedGenerator(2);
    const x = ops.convertToTensor([0, 1, 2]);
    const n = 6000;
    for (let i = 0; i < n; i++) {
      const key = (random.shuffle(x, 0, gen).arraySync() as number[]).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // chi-square, 5 degrees of freedom: 0.1% critical value 20.52
    expect(chiSquare([...counts.values()], new Array<number>(6).fill(n / 6))).toBeLessThan(20.52);
  });

  it("rejects scalars and bad axes", () => {
    expect(() => random.shuffle(ops.convertToTensor(1))).toThrow("cannot shuffle a scalar");
    expect(() => random.shuffle(ops.convertToTensor([1, 2]), 1)).toThrow("axis 1 is out of bounds");
  });
});

describe("keras.random.categorical", () => {
  it("draws classes with the softmax probabilities of each row", () => {
    const probs = [0.1, 0.2, 0.3, 0.4];
    const n = 40_000;
    const s = random.categorical([probs.map(Math.log), [0, -Infinity, 0, -Infinity]], n, "int32", 6);
    expect(s.shape).toEqual([2, n]);
    expect(s.dtype).toBe("int32");
    const v = s.dataSync();
    const c0 = [0, 0, 0, 0];
    const c1 = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      c0[v[i]!]!++;
      c1[v[n + i]!]!++;
    }
    // chi-square, 3 degrees of freedom: 0.1% critical value 16.27
    expect(chiSquare(c0, probs.map((p) => p * n))).toBeLessThan(16.27);
    expect(c1[1]).toBe(0);
    expect(c1[3]).toBe(0);
    expect(Math.abs(c1[0]! / n - 0.5)).toBeLessThan(0.02);
  });

  it("checks its arguments", () => {
    expect(() => random.categorical([1, 2], 3)).toThrow("logits must be 2-D with shape (batch_size, num_classes), but received shape (2,)");
    expect(() => random.categorical([[1, 2]], 1.5)).toThrow("numSamples must be a non-negative integer");
  });
});
