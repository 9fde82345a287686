import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { chiSquare, correlation, ksCritical, ksStatistic, moments, normalCdf } from "./stats.js";

const { random } = keras;
const N = 100_000;
const range = (x: ArrayLike<number>): { min: number; max: number } => {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    min = Math.min(min, x[i]!);
    max = Math.max(max, x[i]!);
  }
  return { min, max };
};
const asNumbers = (t: keras.Tensor): Float64Array => Float64Array.from(t.dataSync(), Number);

describe("keras.random.normal", () => {
  it("has the requested mean, standard deviation and a Gaussian shape", () => {
    const x = asNumbers(random.normal([N], 3, 2, "float64", 11));
    const m = moments(x);
    // standard errors: mean 2/sqrt(N) ≈ 0.0063, std ≈ 2/sqrt(2N) ≈ 0.0045
    expect(Math.abs(m.mean - 3)).toBeLessThan(0.03);
    expect(Math.abs(m.std - 2)).toBeLessThan(0.02);
    expect(Math.abs(m.skew)).toBeLessThan(0.05);
    expect(Math.abs(m.kurtosis - 3)).toBeLessThan(0.1);
    expect(ksStatistic(x, (v) => normalCdf((v - 3) / 2))).toBeLessThan(ksCritical(N));
  });

  it("defaults to float32, shape [N] from a number, float64 on request", () => {
    const a = random.normal([2, 3], undefined, undefined, undefined, 1);
    expect(a.dtype).toBe("float32");
    expect(a.shape).toEqual([2, 3]);
    expect(a.values).toBeInstanceOf(Float32Array);
    expect(random.normal(4, 0, 1, null, 1).shape).toEqual([4]);
    expect(random.normal([2], 0, 1, "float64", 1).values).toBeInstanceOf(Float64Array);
    expect(random.normal([0, 3], 0, 1, "float32", 1).shape).toEqual([0, 3]);
  });

  it("stores the float64 draw rounded to float32", () => {
    const d = random.normal([50], 0, 1, "float64", 5).dataSync();
    const f = random.normal([50], 0, 1, "float32", 5).dataSync();
    for (let i = 0; i < 50; i++) expect(f[i]).toBe(Math.fround(d[i]!));
  });

  it("rejects integer dtypes, bad shapes and bad parameters with clear errors", () => {
    expect(() => random.normal([2], 0, 1, "int32", 1)).toThrow("keras.random.normal requires a floating point dtype, but received dtype='int32'");
    expect(() => random.normal([2, -1])).toThrow("non-negative integer");
    expect(() => random.normal([2], Number.NaN)).toThrow("mean must be a finite number");
    expect(() => random.normal([2], 0, 1, "float16")).toThrow("unsupported dtype 'float16'");
  });
});

describe("keras.random.uniform", () => {
  it("is uniform on [minval, maxval)", () => {
    const x = asNumbers(random.uniform([N], -2, 3, "float64", 21));
    const m = moments(x);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(m.std - 5 / Math.sqrt(12))).toBeLessThan(0.01);
    expect(range(x).min).toBeGreaterThanOrEqual(-2);
    expect(range(x).max).toBeLessThan(3);
    expect(ksStatistic(x, (v) => Math.min(1, Math.max(0, (v + 2) / 5)))).toBeLessThan(ksCritical(N));
  });

  it("never reaches maxval after float32 rounding", () => {
    expect(range(random.uniform([N], 0, 1e-30, "float32", 3).dataSync()).max).toBeLessThan(1e-30);
    expect(range(random.uniform([N], 1, 1.0000001, "float32", 4).dataSync()).max).toBeLessThan(1.0000001);
  });

  it("requires a float dtype and maxval > minval", () => {
    expect(() => random.uniform([2], 0, 1, "int32")).toThrow("floating point dtype");
    expect(() => random.uniform([2], 1, 1)).toThrow("maxval must be greater than minval");
  });
});

describe("keras.random.truncatedNormal", () => {
  it("stays within two standard deviations and has the truncated moments", () => {
    const x = asNumbers(random.truncatedNormal([N], 1, 0.5, "float64", 8));
    expect(range(x).min).toBeGreaterThanOrEqual(0);
    expect(range(x).max).toBeLessThanOrEqual(2);
    const m = moments(x);
    // N(0,1) truncated to [-2, 2]: variance 1 - 4 φ(2) / (Φ(2) - Φ(-2)) ≈ 0.773741
    const phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
    const sd = Math.sqrt(1 - (4 * phi2) / (normalCdf(2) - normalCdf(-2)));
    expect(Math.abs(m.mean - 1)).toBeLessThan(0.01);
    expect(Math.abs(m.std - 0.5 * sd)).toBeLessThan(0.005);
    const cdf = (v: number): number => {
      const z = Math.min(2, Math.max(-2, (v - 1) / 0.5));
      return (normalCdf(z) - normalCdf(-2)) / (normalCdf(2) - normalCdf(-2));
    };
    expect(ksStatistic(x, cdf)).toBeLessThan(ksCritical(N));
  });

  it("holds the bounds in float32 too", () => {
    const r = range(random.truncatedNormal([N], 0, 1, "float32", 9).dataSync());
    expect(r.min).toBeGreaterThanOrEqual(-2);
    expect(r.max).toBeLessThanOrEqual(2);
  });
});

describe("keras.random.randint", () => {
  it("draws every integer of [minval, maxval) equally often", () => {
    const x = random.randint([N], -3, 7, "int32", 13);
    expect(x.dtype).toBe("int32");
    const counts = new Array<number>(10).fill(0);
    const r = range(x.dataSync());
    expect([r.min, r.max]).toEqual([-3, 6]);
    for (const v of x.dataSync()) counts[v + 3]!++;
    // chi-square, 9 degrees of freedom: 0.1% critical value 27.88
    expect(chiSquare(counts, new Array<number>(10).fill(N / 10))).toBeLessThan(27.88);
  });

  it("handles the full int32 range and rejects bad arguments", () => {
    const x = random.randint([1000], -2147483648, 2147483647, "int32", 1).dataSync();
    expect(moments(Float64Array.from(x)).std).toBeGreaterThan(1e9);
    expect(() => random.randint([2], 0, 10, "float32")).toThrow("requires an integer dtype");
    expect(() => random.randint([2], 5, 5)).toThrow("maxval must be greater than minval");
    expect(() => random.randint([2], 0.5, 5)).toThrow("minval must be an integer");
  });
});

describe("keras.random.gamma, beta, binomial", () => {
  it("gamma has mean and variance alpha (alpha above and below 1)", () => {
    for (const alpha of [0.5, 3]) {
      const m = moments(asNumbers(random.gamma([N], alpha, "float64", 17)));
      expect(Math.abs(m.mean - alpha) / alpha).toBeLessThan(0.02);
      expect(Math.abs(m.std ** 2 - alpha) / alpha).toBeLessThan(0.05);
    }
    expect(() => random.gamma([2], 0)).toThrow("alpha must be positive");
  });

  it("beta lies in [0, 1] with mean a / (a + b) and the beta variance", () => {
    const x = asNumbers(random.beta([N], 2, 5, "float64", 19));
    expect(range(x).min).toBeGreaterThanOrEqual(0);
    expect(range(x).max).toBeLessThanOrEqual(1);
    const m = moments(x);
    expect(Math.abs(m.mean - 2 / 7)).toBeLessThan(0.005);
    expect(Math.abs(m.std ** 2 - 10 / (49 * 8)) / (10 / (49 * 8))).toBeLessThan(0.05);
  });

  it("binomial has mean n p and variance n p (1 - p)", () => {
    for (const p of [0.2, 0.9]) {
      const x = asNumbers(random.binomial([N], 20, p, "float32", 23));
      expect(x.every((v) => Number.isInteger(v) && v >= 0 && v <= 20)).toBe(true);
      const m = moments(x);
      expect(Math.abs(m.mean - 20 * p)).toBeLessThan(0.05);
      expect(Math.abs(m.std ** 2 - 20 * p * (1 - p)) / (20 * p * (1 - p))).toBeLessThan(0.05);
    }
    expect(random.binomial([3], 7, 1, "float32", 1).arraySync()).toEqual([7, 7, 7]);
    expect(random.binomial([3], 7, 0, "float32", 1).arraySync()).toEqual([0, 0, 0]);
  });
});

describe("stream independence", () => {
  it("neighbouring seeds and successive draws are uncorrelated", () => {
    const a = asNumbers(random.normal([N], 0, 1, "float64", 1));
    const b = asNumbers(random.normal([N], 0, 1, "float64", 2));
    expect(Math.abs(correlation(a, b))).toBeLessThan(0.015);
    const gen = new random.SeedGenerator(1);
    const c = asNumbers(random.normal([N], 0, 1, "float64", gen));
    const d = asNumbers(random.normal([N], 0, 1, "float64", gen));
    expect(Math.abs(correlation(c, d))).toBeLessThan(0.015);
    // lag-1 autocorrelation within one stream
    expect(Math.abs(correlation(a.subarray(0, N - 1), a.subarray(1)))).toBeLessThan(0.015);
  });
});
