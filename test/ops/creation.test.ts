import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;
const T = (x: unknown, d?: string): Tensor => ops.convertToTensor(x as never, d as never);

// Expected values: NumPy's documented examples (numpy.org/doc: zeros, full, arange, linspace,
// eye, tri, tril, triu) and hand computation.

describe("constant fills", () => {
  it("zeros, ones, full default to float32 and accept a dtype", () => {
    const z = ops.zeros([2, 2]);
    expect(z.dtype).toBe("float32");
    expect(z.arraySync()).toEqual([[0, 0], [0, 0]]);
    expect(ops.zeros(3).shape).toEqual([3]);
    expect(ops.ones([3], "int32").arraySync()).toEqual([1, 1, 1]);
    expect(ops.ones([3], "int32").dtype).toBe("int32");
    expect(ops.full([2, 2], 10).arraySync()).toEqual([[10, 10], [10, 10]]);
    expect(ops.full([2], 7).dtype).toBe("float32"); // Keras: dtype or floatx
    expect(ops.full([2], true, "bool").arraySync()).toEqual([true, true]);
    expect(ops.full([2], 2.7, "int32").arraySync()).toEqual([2, 2]);
    expect(ops.zeros([0, 3]).shape).toEqual([0, 3]);
  });

  it("zerosLike, onesLike, fullLike keep shape and dtype, also symbolically", () => {
    const x = T([[1, 2, 3], [4, 5, 6]], "int32");
    expect(ops.onesLike(x).arraySync()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(ops.onesLike(x).dtype).toBe("int32");
    expect(ops.zerosLike(x, "float32").dtype).toBe("float32");
    expect(ops.fullLike(x, 1.5, "float64").arraySync()).toEqual([[1.5, 1.5, 1.5], [1.5, 1.5, 1.5]]);
    expect(ops.fullLike(T([NaN, 1]), 2).arraySync()).toEqual([2, 2]);
    const s = ops.zerosLike(new KerasTensor([null, 3], "int32"));
    expect(s).toBeInstanceOf(KerasTensor);
    expect(s.shape).toEqual([null, 3]);
    expect(s.dtype).toBe("int32");
    expect(ops.fullLike(new KerasTensor([2, 3]), 4, "bool").dtype).toBe("bool");
  });

  it("rejects bad shapes and dtypes with clear errors", () => {
    expect(() => ops.zeros([2, -1])).toThrow(/zeros: every dimension of a shape must be a non-negative integer, but received shape \(2, -1\)/);
    expect(() => ops.full([1.5], 0)).toThrow(/full: .*\(1\.5,\)/);
    expect(() => ops.ones([2], "int8")).toThrow(/unsupported dtype 'int8'/);
  });
});

describe("ranges", () => {
  it("arange follows NumPy and infers int32 from integer arguments", () => {
    expect(ops.arange(3).arraySync()).toEqual([0, 1, 2]);
    expect(ops.arange(3).dtype).toBe("int32");
    expect(ops.arange(3.0, 7).dtype).toBe("int32"); // 3.0 is an integer in JS
    expect(ops.arange(3, 7).arraySync()).toEqual([3, 4, 5, 6]);
    expect(ops.arange(3, 7, 2).arraySync()).toEqual([3, 5]);
    expect(ops.arange(1, 2, 0.25).arraySync()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(ops.arange(1, 2, 0.25).dtype).toBe("float32");
    expect(ops.arange(5, 1, -2).arraySync()).toEqual([5, 3]);
    expect(ops.arange(5, 1).shape).toEqual([0]);
    expect(ops.arange(0, 3, 1, "float64").dtype).toBe("float64");
    expect(() => ops.arange(0, 3, 0)).toThrow("arange: `step` must not be zero.");
  });

  it("linspace matches NumPy's examples", () => {
    expect(ops.linspace(2.0, 3.0, 5)).toBeAllclose([2.0, 2.25, 2.5, 2.75, 3.0]);
    expect(ops.linspace(2.0, 3.0, 5, false)).toBeAllclose([2.0, 2.2, 2.4, 2.6, 2.8]);
    const [samples, step] = ops.linspace(2.0, 3.0, 5, true, true) as [Tensor, number];
    expect(samples).toBeAllclose([2.0, 2.25, 2.5, 2.75, 3.0]);
    expect(step).toBeCloseTo(0.25);
    expect((ops.linspace(0, 1) as Tensor).shape).toEqual([50]);
    expect((ops.linspace(0, 1, 1) as Tensor).arraySync()).toEqual([0]);
    expect((ops.linspace(0, 1, 0) as Tensor).shape).toEqual([0]);
    // np.linspace(0, 10, 4, dtype=int) == [0, 3, 6, 10]
    expect((ops.linspace(0, 10, 4, true, false, "int32") as Tensor).arraySync()).toEqual([0, 3, 6, 10]);
    expect(() => ops.linspace(0, 1, -1)).toThrow("linspace: `num` must be a non-negative integer, but received -1.");
  });

  it("linspace with tensor endpoints puts the samples on `axis`", () => {
    const out = ops.linspace([0, 10], [1, 20], 3) as Tensor;
    expect(out).toBeAllclose([[0, 10], [0.5, 15], [1, 20]]);
    const byCol = ops.linspace([0, 10], [1, 20], 3, true, false, null, 1) as Tensor;
    expect(byCol).toBeAllclose([[0, 0.5, 1], [10, 15, 20]]);
    const [, step] = ops.linspace([0, 10], [1, 20], 2, false, true) as [Tensor, Tensor];
    expect(step).toBeAllclose([0.5, 5]);
    checkGradients((a, b) => ops.linspace(a, b, 4) as Tensor, [randomTensor([2], 1), randomTensor([2], 2)]);
  });
});

describe("matrices", () => {
  it("eye, identity and tri", () => {
    expect(ops.eye(2).arraySync()).toEqual([[1, 0], [0, 1]]);
    expect(ops.eye(3, null, 1).arraySync()).toEqual([[0, 1, 0], [0, 0, 1], [0, 0, 0]]);
    expect(ops.eye(2, 3, 1).arraySync()).toEqual([[0, 1, 0], [0, 0, 1]]);
    expect(ops.eye(3, 2, -1).arraySync()).toEqual([[0, 0], [1, 0], [0, 1]]);
    expect(ops.eye(2, 2, 0, "int32").dtype).toBe("int32");
    expect(ops.identity(3).arraySync()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(ops.identity(2).dtype).toBe("float32");
    expect(ops.tri(3, 5, 2, "int32").arraySync()).toEqual([
      [1, 1, 1, 0, 0],
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 1],
    ]);
    expect(ops.tri(3, 5, -1).arraySync()).toEqual([
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [1, 1, 0, 0, 0],
    ]);
    expect(() => ops.eye(-2)).toThrow("eye: `N` must be a non-negative integer, but received -2.");
    expect(() => ops.tri(2, 2, 0.5)).toThrow("tri: `k` must be an integer, but received 0.5.");
  });

  it("tril and triu match NumPy's examples, batched and symbolic", () => {
    const m = T([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]);
    expect(ops.tril(m, -1).arraySync()).toEqual([[0, 0, 0], [4, 0, 0], [7, 8, 0], [10, 11, 12]]);
    expect(ops.triu(m, -1).arraySync()).toEqual([[1, 2, 3], [4, 5, 6], [0, 8, 9], [0, 0, 12]]);
    expect(ops.triu(T([[1, 2], [3, 4]])).arraySync()).toEqual([[1, 2], [0, 4]]);
    const batch = ops.tril(ops.ones([2, 2, 2]));
    expect(batch.arraySync()).toEqual([[[1, 0], [1, 1]], [[1, 0], [1, 1]]]);
    expect(ops.tril(T([1, 2])).arraySync()).toEqual([[1, 0], [1, 2]]);
    expect(ops.tril(new KerasTensor([null, null, 4])).shape).toEqual([null, null, 4]);
    expect(() => ops.tril(T(3))).toThrow("tril: the input must have at least 1 dimension, but received a scalar.");
    checkGradients((x) => ops.tril(x, 1), [randomTensor([2, 3, 4], 3)]);
    checkGradients((x) => ops.triu(x), [randomTensor([3, 3], 4)]);
  });
});
