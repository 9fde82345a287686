import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

const sym = (shape: (number | null)[], dtype: "float32" | "int32" = "float32") => new KerasTensor(shape, dtype) as unknown as Tensor;

/** Keras's clip of probabilities, in float32 like Keras's default dtype. */
const EPS = Math.fround(1e-7);
const clipP = (p: number) => Math.min(Math.max(p, EPS), Math.fround(1 - 1e-7));

describe("oneHot and multiHot", () => {
  it("encodes along the last axis (Keras docstring example)", () => {
    const y = ops.oneHot([1, 3, 2, 0], 4);
    expect(y.dtype).toBe("float32");
    expect(y.arraySync()).toEqual([
      [0, 1, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      [1, 0, 0, 0],
    ]);
  });

  it("inserts the class axis where asked, with the requested dtype", () => {
    const y = ops.oneHot(ops.convertToTensor([[0, 2], [1, 1]], "int32"), 3, 0, "int32");
    expect(y.dtype).toBe("int32");
    expect(y.shape).toEqual([3, 2, 2]);
    expect(y.arraySync()).toEqual([
      [[1, 0], [0, 0]],
      [[0, 0], [1, 1]],
      [[0, 1], [0, 0]],
    ]);
    expect(ops.oneHot([[0, 2]], 3, 1).arraySync()).toEqual([[[1, 0], [0, 0], [0, 1]]]);
  });

  it("out-of-range indices give zero vectors", () => {
    expect(ops.oneHot(ops.convertToTensor([-1, 3, 1], "int32"), 3).arraySync()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 1, 0],
    ]);
  });

  it("integral floats are accepted; non-integer classes are a clear error", () => {
    expect(ops.oneHot([2.0, 0.0], 3).arraySync()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(() => ops.oneHot([1, 1.5], 3)).toThrow("oneHot: class indices must be integers, but received the value 1.5 (at flat index 1) in a float32 tensor of shape (2,)");
    expect(() => ops.oneHot([1, 2], 2.5)).toThrow("oneHot: numClasses must be a positive integer, but received 2.5");
    expect(() => ops.oneHot([1, 2], 3, 0, "float32", true)).toThrow("sparse=true is not supported");
  });

  it("symbolic shapes equal eager shapes", () => {
    expect(ops.oneHot(sym([null, 3], "int32"), 5).shape).toEqual([null, 3, 5]);
    expect(ops.oneHot(sym([null, 3], "int32"), 5, 1).shape).toEqual([null, 5, 3]);
    expect(ops.oneHot(ops.convertToTensor([[1, 2, 0]], "int32"), 5, 1).shape).toEqual([1, 5, 3]);
    expect(ops.multiHot(sym([null, 3], "int32"), 5).shape).toEqual([null, 5]);
  });

  it("multiHot marks every class present in a row (Keras docstring example)", () => {
    expect(ops.multiHot([0, 4], 5).arraySync()).toEqual([1, 0, 0, 0, 1]);
    expect(ops.multiHot(ops.convertToTensor([[0, 1, 1], [2, 2, 2]], "int32"), 4).arraySync()).toEqual([
      [1, 1, 0, 0],
      [0, 0, 1, 0],
    ]);
    expect(ops.multiHot([1, 3], 4, -1, "int32").dtype).toBe("int32");
  });
});

describe("categoricalCrossentropy", () => {
  const target = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const probs = [
    [0.9, 0.05, 0.05],
    [0.1, 0.8, 0.1],
    [0.2, 0.3, 0.5],
  ];

  it("reproduces the Keras docstring example", () => {
    expect(ops.categoricalCrossentropy(target, probs)).toBeAllclose([0.10536054, 0.22314355, 0.6931472]);
  });

  it("rescales probabilities to sum to 1 and clips them to [1e-7, 1 - 1e-7]", () => {
    const t = [
      [0, 1, 0],
      [0.2, 0.3, 0.5],
    ];
    const o = [
      [2, 0, 2],
      [1, 2, 5],
    ];
    const ref = o.map((row, i) => {
      const s = row.reduce((a, b) => a + b, 0);
      return -row.reduce((acc, v, j) => acc + t[i]![j]! * Math.log(clipP(v / s)), 0);
    });
    expect(ops.categoricalCrossentropy(t, o)).toBeAllclose(ref, { rtol: 1e-5 });
    expect(ops.categoricalCrossentropy(t, o)).toBeAllclose([-Math.log(EPS), ref[1]!], { rtol: 1e-5 });
  });

  it("from logits uses a stable logSoftmax, along any axis", () => {
    const logits = [
      [2, -1, 0.5],
      [0, 0, 0],
    ];
    const t = [
      [0, 0, 1],
      [0.5, 0.5, 0],
    ];
    const ref = logits.map((row, i) => {
      const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
      return -row.reduce((acc, v, j) => acc + t[i]![j]! * (v - lse), 0);
    });
    expect(ops.categoricalCrossentropy(t, logits, true)).toBeAllclose(ref);
    expect(ops.categoricalCrossentropy(ops.transpose(t), ops.transpose(logits), true, 0)).toBeAllclose(ref);
    expect(ops.categoricalCrossentropy([[0, 1, 0]], [[1000, 0, -1000]], true)).toBeAllclose([1000]);
    expect(ops.categoricalCrossentropy([[1, 0, 0]], [[1000, 0, -1000]], true)).toBeAllclose([0]);
    const g = ops.grad((o: Tensor) => ops.sum(ops.categoricalCrossentropy([[0, 1, 0]], o, true)))(ops.convertToTensor([[1000, 0, -1000]], "float64"));
    expect(g).toBeAllclose([[1, -1, 0]]);
  });

  it("gradients match finite differences (target and output)", () => {
    const t = randomTensor([2, 4], 1, 0, 1);
    checkGradients((a, b) => ops.categoricalCrossentropy(a, b), [t, randomTensor([2, 4], 2, 0.1, 1)]);
    checkGradients((a, b) => ops.categoricalCrossentropy(a, b, true), [t, randomTensor([2, 4], 3, -3, 3)]);
    checkGradients((a, b) => ops.categoricalCrossentropy(a, b, true, 0), [t, randomTensor([2, 4], 4, -3, 3)]);
  });

  it("symbolic shapes and shape errors naming both shapes", () => {
    expect(ops.categoricalCrossentropy(sym([null, 3]), sym([null, 3])).shape).toEqual([null]);
    expect(() => ops.categoricalCrossentropy([[0, 1, 0], [1, 0, 0]], [[0.5, 0.5], [0.5, 0.5]])).toThrow(
      "categoricalCrossentropy: arguments `target` and `output` must have the same shape. Received: target.shape=(2, 3), output.shape=(2, 2).",
    );
    expect(() => ops.categoricalCrossentropy(sym([null, 3]), sym([null, 4]))).toThrow("target.shape=(None, 3), output.shape=(None, 4)");
  });
});

describe("sparseCategoricalCrossentropy", () => {
  const probs = [
    [0.9, 0.05, 0.05],
    [0.1, 0.8, 0.1],
    [0.2, 0.3, 0.5],
  ];

  it("reproduces the Keras docstring example; a trailing axis of 1 is accepted", () => {
    const labels = ops.convertToTensor([0, 1, 2], "int32");
    expect(ops.sparseCategoricalCrossentropy(labels, probs)).toBeAllclose([0.10536056, 0.22314355, 0.6931472]);
    expect(ops.sparseCategoricalCrossentropy([[0], [1], [2]], probs)).toBeAllclose([0.10536056, 0.22314355, 0.6931472]);
  });

  it("agrees with categoricalCrossentropy of the one-hot targets, from logits and along axis 0", () => {
    const logits = randomTensor([4, 5], 7, -3, 3);
    const labels = ops.convertToTensor([4, 0, 2, 2], "int32");
    const dense = ops.categoricalCrossentropy(ops.oneHot(labels, 5, -1, "float64"), logits, true);
    expect(ops.sparseCategoricalCrossentropy(labels, logits, true)).toBeAllclose(dense, { rtol: 1e-12 });
    expect(ops.sparseCategoricalCrossentropy(labels, ops.transpose(logits), true, 0)).toBeAllclose(dense, { rtol: 1e-12 });
    const rows = logits.arraySync() as number[][];
    const ref = rows.map((r, i) => {
      const m = Math.max(...r);
      const lse = m + Math.log(r.reduce((a, v) => a + Math.exp(v - m), 0));
      return lse - r[[4, 0, 2, 2][i]!]!;
    });
    expect(ops.sparseCategoricalCrossentropy(labels, logits, true)).toBeAllclose(ref, { rtol: 1e-12 });
    expect(ops.sparseCategoricalCrossentropy([1], [[1000, 0, -1000]], true)).toBeAllclose([1000]);
  });

  it("gradients match finite differences", () => {
    const labels = ops.convertToTensor([[1, 0], [2, 2]], "int32");
    checkGradients((o) => ops.sparseCategoricalCrossentropy(labels, o), [randomTensor([2, 2, 3], 8, 0.1, 1)]);
    checkGradients((o) => ops.sparseCategoricalCrossentropy(labels, o, true), [randomTensor([2, 2, 3], 9, -3, 3)]);
  });

  it("symbolic shapes and clear errors", () => {
    expect(ops.sparseCategoricalCrossentropy(sym([null], "int32"), sym([null, 3])).shape).toEqual([null]);
    expect(ops.sparseCategoricalCrossentropy(sym([null, 1], "int32"), sym([null, 3])).shape).toEqual([null]);
    expect(ops.sparseCategoricalCrossentropy(sym([null], "int32"), sym([null, null])).shape).toEqual([null]);
    expect(() => ops.sparseCategoricalCrossentropy([0, 1, 2], [[0.5, 0.5], [0.5, 0.5]])).toThrow(
      "sparseCategoricalCrossentropy: arguments `target` and `output` must have the same shape apart from the class axis -1 of output. Received: target.shape=(3,), output.shape=(2, 2).",
    );
    expect(() => ops.sparseCategoricalCrossentropy([0, 3], [[0.5, 0.5], [0.5, 0.5]])).toThrow("target class 3 (at flat index 1) is out of range for output with 2 classes");
    expect(() => ops.sparseCategoricalCrossentropy([0, 0.5], [[0.5, 0.5], [0.5, 0.5]])).toThrow("class indices must be integers");
  });
});

describe("binaryCrossentropy", () => {
  it("reproduces the Keras docstring example", () => {
    expect(ops.binaryCrossentropy([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.2])).toBeAllclose([0.10536054, 0.10536054, 0.22314355, 0.22314355]);
  });

  it("clips probabilities to [1e-7, 1 - 1e-7]", () => {
    const t = [1, 0, 1, 0, 0.3];
    const p = [0, 1, 1, 0, 0.4];
    const ref = t.map((ti, i) => {
      const q = clipP(p[i]!);
      return -(ti * Math.log(q) + (1 - ti) * Math.log(1 - q));
    });
    const y = ops.binaryCrossentropy(t, p);
    expect(y).toBeAllclose(ref, { rtol: 1e-4 });
    for (const v of y.dataSync()) expect(Number.isFinite(v)).toBe(true);
  });

  it("from logits is stable for huge logits", () => {
    const t = [1, 0, 1, 0, 1, 0.25];
    const x = [-1000, 1000, 1000, -1000, 0, 2];
    const softplusRef = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    // -(t log sigmoid(x) + (1 - t) log sigmoid(-x)) = t softplus(-x) + (1 - t) softplus(x)
    const ref = t.map((ti, i) => ti * softplusRef(-x[i]!) + (1 - ti) * softplusRef(x[i]!));
    expect(ops.binaryCrossentropy(t, x, true)).toBeAllclose(ref);
    expect(ref.slice(0, 4)).toEqual([1000, 1000, 0, 0]);
    const g = ops.grad((o: Tensor) => ops.sum(ops.binaryCrossentropy(t, o, true)))(ops.convertToTensor(x, "float64"));
    // d/dx = sigmoid(x) - t
    expect(g).toBeAllclose(x.map((v, i) => 1 / (1 + Math.exp(-v)) - t[i]!));
  });

  it("gradients match finite differences (target and output)", () => {
    const t = randomTensor([3, 2], 11, 0, 1);
    checkGradients((a, b) => ops.binaryCrossentropy(a, b), [t, randomTensor([3, 2], 12, 0.05, 0.95)]);
    checkGradients((a, b) => ops.binaryCrossentropy(a, b, true), [t, randomTensor([3, 2], 13, -4, 4)]);
  });

  it("symbolic shapes and a shape error naming both shapes", () => {
    expect(ops.binaryCrossentropy(sym([null, 3]), sym([null, 3])).shape).toEqual([null, 3]);
    expect(() => ops.binaryCrossentropy([[0, 1, 1], [1, 0, 0]], [[0.5], [0.5]])).toThrow(
      "binaryCrossentropy: arguments `target` and `output` must have the same shape. Received: target.shape=(2, 3), output.shape=(2, 1).",
    );
  });
});
