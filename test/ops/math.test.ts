import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;
const T = (x: unknown, dtype?: "float32" | "float64" | "int32" | "bool") => ops.convertToTensor(x as number[], dtype);
const sym = (shape: (number | null)[]) => new KerasTensor(shape) as unknown as Tensor;

/** Applies `fn` to KerasTensors and to concrete tensors (batch 2 for null dims); the shapes must agree. */
function expectSymbolicMatchesEager(fn: (...xs: Tensor[]) => Tensor, shapes: (number | null)[][]): void {
  const s = fn(...shapes.map(sym));
  const e = fn(...shapes.map((sh, i) => randomTensor(sh.map((d) => d ?? 2), i + 1)));
  expect(s).toBeInstanceOf(KerasTensor);
  expect(s.shape).toEqual(e.shape.map((d, i) => (s.shape[i] === null ? null : d)));
  expect(s.shape.length).toBe(e.shape.length);
}

describe("cumsum and cumprod", () => {
  const a = [[1, 2, 3], [4, 5, 6]];
  it("follow NumPy's documented examples", () => {
    expect(ops.cumsum(T(a)).arraySync()).toEqual([1, 3, 6, 10, 15, 21]);
    expect(ops.cumsum(T(a), 0).arraySync()).toEqual([[1, 2, 3], [5, 7, 9]]);
    expect(ops.cumsum(T(a), 1).arraySync()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect(ops.cumsum(T(a), -1).arraySync()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect(ops.cumsum(T(a, "int32"), null, "float64").dtype).toBe("float64");
    expect(ops.cumsum(T([true, false, true], "bool")).arraySync()).toEqual([1, 1, 2]);
    expect(ops.cumsum(T([true], "bool")).dtype).toBe("int32");
    expect(ops.cumprod(T([1, 2, 3])).arraySync()).toEqual([1, 2, 6]);
    expect(ops.cumprod(T(a)).arraySync()).toEqual([1, 2, 6, 24, 120, 720]);
    expect(ops.cumprod(T(a), 0).arraySync()).toEqual([[1, 2, 3], [4, 10, 18]]);
    expect(ops.cumprod(T(a), 1).arraySync()).toEqual([[1, 2, 6], [4, 20, 120]]);
  });

  it("gradients (including second order of cumsum)", () => {
    checkGradients((x) => ops.cumsum(x, 1), [randomTensor([2, 3, 2], 1)]);
    checkGradients((x) => ops.cumsum(x, 0), [randomTensor([3, 2], 2)]);
    checkGradients((x) => ops.cumsum(x), [randomTensor([2, 3], 3)]);
    checkGradients((x) => ops.cumprod(x, -1), [randomTensor([2, 4], 4, 0.5, 2)]);
    checkGradients((x) => ops.cumprod(x, 0), [randomTensor([3, 2], 5, -2, -0.5)]);
    const g = ops.grad((x: Tensor) => ops.sum(ops.square(ops.cumsum(x))));
    checkGradients((x) => g(x) as Tensor, [randomTensor([4], 6)]);
  });

  it("errors and symbolic shapes", () => {
    expect(() => ops.cumsum(T(a), 2)).toThrow("cumsum: axis 2 is out of bounds for a tensor of rank 2 (valid axes are -2 to 1).");
    expectSymbolicMatchesEager((x) => ops.cumsum(x, 1), [[null, 3]]);
    expectSymbolicMatchesEager((x) => ops.cumprod(x, 0), [[null, 3]]);
    expect(ops.cumsum(sym([2, 3])).shape).toEqual([6]);
    expect(ops.cumsum(sym([null, 3])).shape).toEqual([null]);
  });
});

describe("sort, argsort, topK", () => {
  it("follow NumPy's documented examples", () => {
    const a = T([[1, 4], [3, 1]]);
    expect(ops.sort(a).arraySync()).toEqual([[1, 4], [1, 3]]);
    expect(ops.sort(a, null).arraySync()).toEqual([1, 1, 3, 4]);
    expect(ops.sort(a, 0).arraySync()).toEqual([[1, 1], [3, 4]]);
    expect(ops.argsort(T([3, 1, 2])).arraySync()).toEqual([1, 2, 0]);
    const x = T([[0, 3], [2, 2]]);
    expect(ops.argsort(x, 0).arraySync()).toEqual([[0, 1], [1, 0]]);
    expect(ops.argsort(x, 1).arraySync()).toEqual([[0, 1], [0, 1]]);
    expect(ops.argsort(x).dtype).toBe("int32");
    // stable, NaN last
    expect(ops.argsort(T([2, 1, 2, 1])).arraySync()).toEqual([1, 3, 0, 2]);
    expect(ops.sort(T([3, NaN, -Infinity, 1])).arraySync()).toEqual([-Infinity, 1, 3, NaN]);
  });

  it("topK returns the largest values first and their indices", () => {
    const [v, i] = ops.topK(T([1, 5, 3, 5, 2]), 2);
    expect(v.arraySync()).toEqual([5, 5]);
    expect(i.arraySync()).toEqual([1, 3]);
    expect(i.dtype).toBe("int32");
    const [v2, i2] = ops.topK(T([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]], "float64"), 2);
    expect(v2.arraySync()).toEqual([[0.7, 0.2], [0.9, 0.05]]);
    expect(i2.arraySync()).toEqual([[1, 2], [0, 1]]);
    expect(ops.topK(T([[1, 2]]), 0)[0].shape).toEqual([1, 0]);
  });

  it("gradients flow to the selected entries", () => {
    checkGradients((x) => ops.sort(x, 0), [randomTensor([4, 3], 1)]);
    checkGradients((x) => ops.sort(x), [randomTensor([3, 4], 2)]);
    checkGradients((x) => ops.topK(x, 2)[0], [randomTensor([3, 5], 3)]);
  });

  it("errors and symbolic shapes", () => {
    expect(() => ops.topK(T([[1, 2, 3]]), 4)).toThrow("topK: k=4 is larger than the last axis (3) of the input shape (1, 3).");
    expect(() => ops.sort(T([1, 2]), 1)).toThrow("sort: axis 1 is out of bounds for a tensor of rank 1");
    expectSymbolicMatchesEager((x) => ops.sort(x, -1), [[null, 3]]);
    expectSymbolicMatchesEager((x) => ops.argsort(x, 0), [[null, 3]]);
    expectSymbolicMatchesEager((x) => ops.topK(x, 2)[0], [[null, 3]]);
    expectSymbolicMatchesEager((x) => ops.topK(x, 2)[1], [[null, 3]]);
  });
});

describe("erf, erfinv, logaddexp", () => {
  // Abramowitz & Stegun, table 7.1 (erf x to 15 places)
  const table: [number, number][] = [
    [0.1, 0.112462916018285],
    [0.2, 0.222702589210478],
    [0.3, 0.328626759459127],
    [0.5, 0.520499877813047],
    [0.8, 0.742100964707661],
    [1.0, 0.842700792949715],
    [1.2, 0.910313978229635],
    [1.5, 0.966105146475311],
    [1.8, 0.989090501635731],
    [2.0, 0.995322265018953],
  ];

  it("erf matches tabulated values to 1e-9 in float64 and is odd", () => {
    const x = T(table.map(([v]) => v), "float64");
    expect(ops.erf(x)).toBeAllclose(table.map(([, e]) => e), { atol: 1e-9, rtol: 0 });
    expect(ops.erf(ops.negative(x))).toBeAllclose(table.map(([, e]) => -e), { atol: 1e-9, rtol: 0 });
    expect(ops.erf(T([0, Infinity, -Infinity])).arraySync()).toEqual([0, 1, -1]);
    expect(ops.erf(T([1], "int32")).dtype).toBe("float32");
  });

  it("erfinv inverts the tabulated values", () => {
    expect(ops.erfinv(T(table.map(([, e]) => e), "float64"))).toBeAllclose(table.map(([v]) => v), { atol: 1e-9, rtol: 0 });
    expect(ops.erfinv(T([0.5], "float64"))).toBeAllclose([0.4769362762044699], { rtol: 1e-12 });
    expect(ops.erfinv(T([1, -1, 0, 1.5])).arraySync()).toEqual([Infinity, -Infinity, 0, NaN]);
  });

  it("logaddexp follows NumPy's example and handles infinities", () => {
    const p1 = Math.log(1e-50);
    const p2 = Math.log(2.5e-50);
    expect(ops.logaddexp(T([p1], "float64"), T([p2], "float64"))).toBeAllclose([-113.87649168120691], { rtol: 1e-12 });
    expect(ops.logaddexp(T([1000, -Infinity, Infinity, -Infinity], "float64"), T([1000, -Infinity, Infinity, 2], "float64"))).toBeAllclose(
      [1000 + Math.LN2, -Infinity, Infinity, 2],
      { rtol: 1e-12 },
    );
    expect(ops.logaddexp(T([[0], [1]]), T([0, 1])).shape).toEqual([2, 2]);
  });

  it("gradients", () => {
    checkGradients((x) => ops.erf(x), [randomTensor([5], 1, -2, 2)]);
    checkGradients((x) => ops.erfinv(x), [randomTensor([5], 2, -0.9, 0.9)]);
    checkGradients((a, b) => ops.logaddexp(a, b), [randomTensor([2, 3], 3, -3, 3), randomTensor([3], 4, -3, 3)]);
    // at a tie each side gets half
    const g = ops.grad((a: Tensor) => ops.sum(ops.logaddexp(a, T([1, 2], "float64"))))(T([1, 2], "float64")) as Tensor;
    expect(g).toBeAllclose([0.5, 0.5], { rtol: 1e-12 });
  });

  it("symbolic shapes", () => {
    expectSymbolicMatchesEager((x) => ops.erf(x), [[null, 3]]);
    expectSymbolicMatchesEager((x) => ops.erfinv(x), [[null, 3]]);
    expectSymbolicMatchesEager((a, b) => ops.logaddexp(a, b), [[null, 3], [3]]);
  });
});

describe("countNonzero, segment reductions, nanToNum, isclose", () => {
  it("countNonzero follows NumPy's examples", () => {
    expect(ops.countNonzero(T([[1, 0, 0], [0, 1, 0], [0, 0, 1]])).arraySync()).toBe(3);
    const a = T([[0, 1, 7, 0], [3, 0, 2, 19]]);
    expect(ops.countNonzero(a).arraySync()).toBe(5);
    expect(ops.countNonzero(a, 0).arraySync()).toEqual([1, 1, 2, 1]);
    expect(ops.countNonzero(a, 1).arraySync()).toEqual([2, 3]);
    expect(ops.countNonzero(a).dtype).toBe("int32");
    expectSymbolicMatchesEager((x) => ops.countNonzero(x, 1), [[null, 3]]);
  });

  it("segmentSum and segmentMax follow Keras's examples", () => {
    const data = T([1, 2, 10, 20, 100, 200]);
    const ids = T([0, 0, 1, 1, 2, 2], "int32");
    expect(ops.segmentSum(data, ids, 3).arraySync()).toEqual([3, 30, 300]);
    expect(ops.segmentMax(data, ids, 3).arraySync()).toEqual([2, 20, 200]);
    expect(ops.segmentSum(data, ids).arraySync()).toEqual([3, 30, 300]);
    // unsorted ids, rows of a matrix, an empty segment, and a dropped id
    const m = T([[1, 2], [3, 4], [5, 6]]);
    const u = T([2, 0, 2], "int32");
    expect(ops.segmentSum(m, u, 4).arraySync()).toEqual([[3, 4], [0, 0], [6, 8], [0, 0]]);
    expect(ops.segmentMax(m, u, 3).arraySync()).toEqual([[3, 4], [-Infinity, -Infinity], [5, 6]]);
    expect(ops.segmentSum(m, T([0, 5, 1], "int32"), 2).arraySync()).toEqual([[1, 2], [5, 6]]);
  });

  it("segment gradients", () => {
    const ids = T([1, 0, 1, 1, 3], "int32");
    checkGradients((d) => ops.segmentSum(d, ids, 4), [randomTensor([5, 2], 1)]);
    checkGradients((d) => ops.segmentMax(d, T([1, 0, 1, 2, 1], "int32"), 3), [randomTensor([5, 2], 2)]);
    // ties share the gradient
    const g = ops.grad((d: Tensor) => ops.sum(ops.segmentMax(d, T([0, 0, 0], "int32"), 1)))(T([2, 1, 2], "float64")) as Tensor;
    expect(g.arraySync()).toEqual([0.5, 0, 0.5]);
  });

  it("segment errors and symbolic shapes", () => {
    expect(() => ops.segmentSum(T([1, 2, 3]), T([0, 1], "int32"))).toThrow("segmentSum: segmentIds has 2 entries, but data has 3 rows (data shape (3,)).");
    expect(() => ops.segmentMax(T([1, 2]), T([[0, 1]], "int32"))).toThrow("segmentMax: segmentIds must be 1-D, but received shape (1, 2).");
    expect(ops.segmentSum(sym([null, 3]), new KerasTensor([null], "int32") as unknown as Tensor, 5).shape).toEqual([5, 3]);
    expect(ops.segmentMax(sym([null, 3]), new KerasTensor([null], "int32") as unknown as Tensor).shape).toEqual([null, 3]);
  });

  it("nanToNum follows NumPy's examples", () => {
    const x = T([Infinity, -Infinity, NaN, -128, 128], "float64");
    expect(ops.nanToNum(x).arraySync()).toEqual([Number.MAX_VALUE, -Number.MAX_VALUE, 0, -128, 128]);
    expect(ops.nanToNum(x, -9999, 33333333, 33333333).arraySync()).toEqual([33333333, 33333333, -9999, -128, 128]);
    expect(ops.nanToNum(T([Infinity])).arraySync()).toEqual([3.4028234663852886e38]);
    expect(ops.nanToNum(T([1, 2], "int32")).arraySync()).toEqual([1, 2]);
    expectSymbolicMatchesEager((t) => ops.nanToNum(t), [[null, 3]]);
  });

  it("isclose and allclose follow NumPy's examples", () => {
    expect(ops.isclose(T([1e10, 1e-7], "float64"), T([1.00001e10, 1e-8], "float64")).arraySync()).toEqual([true, false]);
    expect(ops.isclose(T([1e10, 1e-8], "float64"), T([1.00001e10, 1e-9], "float64")).arraySync()).toEqual([true, true]);
    expect(ops.isclose(T([1, NaN]), T([1, NaN])).arraySync()).toEqual([true, false]);
    expect(ops.isclose(T([1, NaN]), T([1, NaN]), 1e-5, 1e-8, true).arraySync()).toEqual([true, true]);
    expect(ops.isclose(T([Infinity, Infinity]), T([Infinity, -Infinity])).arraySync()).toEqual([true, false]);
    expect(ops.allclose(T([1e10, 1e-7], "float64"), T([1.00001e10, 1e-8], "float64")).arraySync()).toBe(false);
    expect(ops.allclose(T([1e10, 1e-8], "float64"), T([1.00001e10, 1e-9], "float64")).arraySync()).toBe(true);
    expect(ops.isclose(sym([null, 3]), sym([3])).shape).toEqual([null, 3]);
  });
});

describe("median and quantile", () => {
  const a = T([[10, 7, 4], [3, 2, 1]]);
  it("follow NumPy's documented examples", () => {
    expect(ops.median(a).arraySync()).toBe(3.5);
    expect(ops.median(a, 0).arraySync()).toEqual([6.5, 4.5, 2.5]);
    expect(ops.median(a, 1).arraySync()).toEqual([7, 2]);
    expect(ops.median(a, 1, true).arraySync()).toEqual([[7], [2]]);
    expect(ops.quantile(a, 0.5).arraySync()).toBe(3.5);
    expect(ops.quantile(a, 0.5, 0).arraySync()).toEqual([6.5, 4.5, 2.5]);
    expect(ops.quantile(a, [0, 0.5, 1], 1).arraySync()).toEqual([[4, 1], [7, 2], [10, 3]]);
    expect(ops.quantile(a, [0.5], null, "linear", true).shape).toEqual([1, 1, 1]);
  });

  it("interpolation methods pick like NumPy's", () => {
    const x = T([4, 1, 3, 2], "float64"); // sorted 1 2 3 4; q = 0.4 sits at position 1.2
    const q = (m: "linear" | "lower" | "higher" | "midpoint" | "nearest") => ops.quantile(x, 0.4, null, m).arraySync() as number;
    expect(q("linear")).toBeCloseTo(2.2, 12);
    expect(q("lower")).toBe(2);
    expect(q("higher")).toBe(3);
    expect(q("midpoint")).toBe(2.5);
    expect(q("nearest")).toBe(2);
    expect(() => ops.quantile(x, 1.5)).toThrow("quantile: q must be in [0, 1], but received 1.5.");
  });

  it("gradients and symbolic shapes", () => {
    checkGradients((x) => ops.median(x, 1), [randomTensor([3, 4], 1)]);
    checkGradients((x) => ops.quantile(x, [0.1, 0.9], 0), [randomTensor([5, 2], 2)]);
    expectSymbolicMatchesEager((x) => ops.median(x, -1), [[null, 3]]);
    expectSymbolicMatchesEager((x) => ops.quantile(x, [0.25, 0.75], 1, "linear", true), [[null, 3]]);
  });
});
