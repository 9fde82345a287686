import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;
const T = (x: unknown, d?: string): Tensor => ops.convertToTensor(x as never, d as never);
const I = (x: unknown): Tensor => T(x, "int32");

/**
 * Symbolic shape == eager shape: `fn` on a fully known KerasTensor gives exactly the eager
 * shape; on one whose first dim is unknown, every other dim still matches.
 */
function expectSymbolicShape(fn: (x: Tensor) => Tensor, x: Tensor): void {
  const eager = fn(x).shape;
  const known = fn(new KerasTensor([...x.shape], x.dtype) as unknown as Tensor);
  expect(known).toBeInstanceOf(KerasTensor);
  expect(known.shape).toEqual(eager);
  const batch = fn(new KerasTensor([null, ...x.shape.slice(1)], x.dtype) as unknown as Tensor).shape as readonly (number | null)[];
  expect(batch.length).toBe(eager.length);
  batch.forEach((d, i) => {
    if (d !== null) expect(d).toBe(eager[i]);
  });
}

// Expected values: NumPy's documented examples (numpy.org/doc for each function) and hand
// computation; gradients: float64 central differences (checkGradients).
const x23 = T([[1, 2, 3], [4, 5, 6]]);

describe("reshaping: cast, expandDims, squeeze, ravel, swapaxes, moveaxis", () => {
  it("computes values and shapes", () => {
    expect(ops.cast(T([1.7, -1.7]), "int32").arraySync()).toEqual([1, -1]);
    expect(ops.cast(T([0, 2]), "bool").arraySync()).toEqual([false, true]);
    expect(ops.expandDims(x23, -1).shape).toEqual([2, 3, 1]);
    expect(ops.expandDims(x23, [0, 2]).shape).toEqual([1, 2, 1, 3]);
    expect(ops.expandDims(T([1, 2]), 0).arraySync()).toEqual([[1, 2]]);
    expect(ops.squeeze(T([[[0], [1], [2]]])).shape).toEqual([3]);
    expect(ops.squeeze(T([[[0], [1], [2]]]), 0).shape).toEqual([3, 1]);
    expect(ops.squeeze(T([[[0], [1], [2]]]), [0, 2]).arraySync()).toEqual([0, 1, 2]);
    expect(ops.ravel(x23).arraySync()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ops.swapaxes(T([[1, 2, 3]]), 0, 1).arraySync()).toEqual([[1], [2], [3]]);
    expect(ops.swapaxes(ops.zeros([3, 4, 5]), 0, 2).shape).toEqual([5, 4, 3]);
    expect(ops.moveaxis(ops.zeros([3, 4, 5]), 0, -1).shape).toEqual([4, 5, 3]);
    expect(ops.moveaxis(ops.zeros([3, 4, 5]), -1, 0).shape).toEqual([5, 3, 4]);
    expect(ops.moveaxis(ops.zeros([3, 4, 5]), [0, 1], [-1, -2]).shape).toEqual([5, 4, 3]);
  });

  it("works symbolically", () => {
    const x = randomTensor([2, 1, 3]);
    for (const fn of [(t: Tensor) => ops.expandDims(t, [1, -1]), (t: Tensor) => ops.squeeze(t, 1), (t: Tensor) => ops.squeeze(t), (t: Tensor) => ops.swapaxes(t, 0, 2), (t: Tensor) => ops.moveaxis(t, 0, -1), (t: Tensor) => ops.ravel(t), (t: Tensor) => ops.cast(t, "int32")]) {
      expectSymbolicShape(fn, x);
    }
  });

  it("raises clear errors", () => {
    expect(() => ops.squeeze(x23, 0)).toThrow("squeeze: cannot select an axis to squeeze out which has size not equal to one (axis 0 of shape (2, 3)).");
    expect(() => ops.expandDims(x23, 3)).toThrow("expandDims: axis 3 is out of bounds for a tensor of rank 3 (valid axes are -3 to 2).");
    expect(() => ops.moveaxis(x23, [0, 1], [0])).toThrow(/moveaxis: source and destination must have the same number of elements/);
    expect(() => ops.swapaxes(x23, 0, 2)).toThrow(/swapaxes: axis 2 is out of bounds/);
  });

  it("differentiates expandDims and squeeze (reshapes)", () => {
    checkGradients((p) => ops.expandDims(ops.squeeze(ops.expandDims(p, 0), 0), [1, 3]), [randomTensor([2, 3], 1)]);
    checkGradients((p) => ops.moveaxis(p, 0, -1), [randomTensor([2, 3, 4], 2)]);
  });
});

describe("joining and splitting: concatenate, stack, hstack, vstack, split", () => {
  it("computes values", () => {
    expect(ops.concatenate([T([[1, 2], [3, 4]]), T([[5, 6]])], 0).arraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(ops.concatenate([x23, x23], 1).arraySync()).toEqual([[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]);
    expect(ops.concatenate([I([1]), T([0.5])]).dtype).toBe("float32");
    expect(ops.stack([T([1, 2, 3]), T([4, 5, 6])]).arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(ops.stack([T([1, 2, 3]), T([4, 5, 6])], -1).arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(ops.hstack([T([1, 2, 3]), T([4, 5, 6])]).arraySync()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ops.hstack([T([[1], [2], [3]]), T([[4], [5], [6]])]).arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(ops.vstack([T([1, 2, 3]), T([4, 5, 6])]).arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(ops.vstack([T([[1], [2]]), T([[4], [5]])]).arraySync()).toEqual([[1], [2], [4], [5]]);
    // np.split(np.arange(9.0), 3) and np.split(np.arange(8.0), [3, 5, 6, 10])
    expect(ops.split(ops.arange(9), 3).map((t) => t.arraySync())).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
    expect(ops.split(ops.arange(8), [3, 5, 6, 10]).map((t) => t.arraySync())).toEqual([[0, 1, 2], [3, 4], [5], [6, 7], []]);
    expect(ops.split(x23, 3, 1).map((t) => t.arraySync())).toEqual([[[1], [4]], [[2], [5]], [[3], [6]]]);
    expect(ops.split(ops.arange(5), [-2]).map((t) => t.arraySync())).toEqual([[0, 1, 2], [3, 4]]);
  });

  it("works symbolically, keeping unknown dims unknown", () => {
    expect(ops.concatenate([new KerasTensor([null, 3]), new KerasTensor([null, 2])], -1).shape).toEqual([null, 5]);
    expect(ops.concatenate([new KerasTensor([null, 3]), new KerasTensor([2, 3])], 0).shape).toEqual([null, 3]);
    expect(ops.stack([new KerasTensor([null, 3]), new KerasTensor([null, 3])], 1).shape).toEqual([null, 2, 3]);
    const parts = ops.split(new KerasTensor([null, 6]), 3, 1);
    expect(parts.map((p) => p.shape)).toEqual([[null, 2], [null, 2], [null, 2]]);
    expect(ops.split(new KerasTensor([null, 6]), 2, 0).map((p) => p.shape)).toEqual([[null, 6], [null, 6]]);
    expect(ops.split(new KerasTensor([null, 6]), [2], 0).map((p) => p.shape)).toEqual([[2, 6], [null, 6]]);
    const x = randomTensor([4, 6]);
    expectSymbolicShape((t) => ops.concatenate([t, t], 1), x);
    expectSymbolicShape((t) => ops.stack([t, t], 2), x);
    expectSymbolicShape((t) => ops.split(t, [1, 4], 1)[1]!, x);
    expectSymbolicShape((t) => ops.hstack([t, t]), x);
    expectSymbolicShape((t) => ops.vstack([t, t]), x);
  });

  it("raises clear errors", () => {
    expect(() => ops.concatenate([x23, T([[1, 2]])], 0)).toThrow("concatenate: all input dimensions except the concatenation axis (0) must match, but received shapes (2, 3), (1, 2).");
    expect(() => ops.concatenate([x23, T([1, 2, 3])])).toThrow("concatenate: all inputs must have the same rank, but received shapes (2, 3), (3,).");
    expect(() => ops.concatenate([x23], 2)).toThrow("concatenate: axis 2 is out of bounds for a tensor of rank 2 (valid axes are -2 to 1).");
    expect(() => ops.concatenate([new KerasTensor([null, 3]), new KerasTensor([null, 2])], 0)).toThrow(/must match, but received shapes \(None, 3\), \(None, 2\)/);
    expect(() => ops.concatenate([])).toThrow("concatenate: expected a non-empty list of tensors.");
    expect(() => ops.stack([x23, T([1, 2])])).toThrow("stack: all input tensors must have the same shape, but received shapes (2, 3), (2,).");
    expect(() => ops.split(x23, 2, 1)).toThrow("split: an axis of size 3 cannot be split into 2 equal sections (axis 1 of shape (2, 3)).");
    expect(() => ops.split(x23, 0)).toThrow("split: the number of sections must be a positive integer, but received 0.");
    expect(() => ops.split(x23, 2, -3)).toThrow(/split: axis -3 is out of bounds/);
    expect(() => ops.split(ops.arange(5), [3, 1])).toThrow("split: split indices must be sorted in increasing order, but received [3,1].");
  });

  it("differentiates", () => {
    const a = randomTensor([2, 3], 1);
    const b = randomTensor([2, 2], 2);
    checkGradients((p, q) => ops.concatenate([p, q], 1), [a, b]);
    checkGradients((p, q) => ops.concatenate([q, p, q], -1), [a, b]);
    checkGradients((p) => ops.stack([p, ops.multiply(p, 2)], 1), [a]);
    checkGradients((p) => ops.split(p, [1], 1)[1]!, [a]);
    checkGradients((p) => ops.multiply(ops.split(p, 2)[0]!, ops.split(p, 2)[1]!), [a]);
    checkGradients((p, q) => ops.vstack([p, q]), [randomTensor([3], 3), randomTensor([2, 3], 4)]);
  });
});

describe("indexing: slice, sliceUpdate, take, takeAlongAxis, scatter, scatterUpdate", () => {
  it("slice and sliceUpdate", () => {
    expect(ops.slice(x23, [0, 1], [2, 2]).arraySync()).toEqual([[2, 3], [5, 6]]);
    expect(ops.slice(x23, [1, 0], [1, -1]).arraySync()).toEqual([[4, 5, 6]]);
    expect(ops.sliceUpdate(x23, [1, 0], T([[9, 9]])).arraySync()).toEqual([[1, 2, 3], [9, 9, 6]]);
    expect(ops.sliceUpdate(ops.zeros([2, 3], "int32"), [0, 1], T([[1.9, 2], [3, 4]])).arraySync()).toEqual([[0, 1, 2], [0, 3, 4]]);
    expect(x23.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]); // inputs are never mutated
    expect(() => ops.slice(x23, [1, 1], [2, 2])).toThrow("slice: the block starting at (1, 1) with shape (2, 2) does not fit in the input shape (2, 3).");
    expect(() => ops.slice(x23, [0], [1])).toThrow(/slice: startIndices and shape must have one entry per axis of the input shape \(2, 3\)/);
    expect(() => ops.sliceUpdate(x23, [1, 2], T([[1, 1]]))).toThrow("sliceUpdate: updates of shape (1, 2) at (1, 2) do not fit in the inputs of shape (2, 3).");
    expectSymbolicShape((t) => ops.slice(t, [1, 0], [2, 2]), randomTensor([3, 3]));
    expect(ops.slice(new KerasTensor([null, 5]), [0, 1], [-1, 3]).shape).toEqual([null, 3]);
    expectSymbolicShape((t) => ops.sliceUpdate(t, [1, 0], ops.ones([1, 2], "float64")), randomTensor([3, 3]));
  });

  it("take gathers like np.take, negative indices wrapping", () => {
    // np.take([4, 3, 5, 7, 6, 8], [0, 1, 4]) == [4, 3, 6]; with [[0, 1], [2, 3]] → [[4, 3], [5, 7]]
    const a = T([4, 3, 5, 7, 6, 8]);
    expect(ops.take(a, I([0, 1, 4])).arraySync()).toEqual([4, 3, 6]);
    expect(ops.take(a, I([[0, 1], [2, 3]])).arraySync()).toEqual([[4, 3], [5, 7]]);
    expect(ops.take(a, I([-1, -6])).arraySync()).toEqual([8, 4]);
    expect(ops.take(x23, I([2, -3]), 1).arraySync()).toEqual([[3, 1], [6, 4]]);
    expect(ops.take(x23, I([[0, 5]])).arraySync()).toEqual([[1, 6]]);
    expect(ops.take(x23, I(1), 0).arraySync()).toEqual([4, 5, 6]);
    expect(ops.take(x23, [1, 0], 0).arraySync()).toEqual([[4, 5, 6], [1, 2, 3]]);
    expect(() => ops.take(x23, I([3]), 1)).toThrow("take: index 3 is out of bounds for axis 1 with size 3.");
    expect(() => ops.take(x23, I([-4]), 1)).toThrow("take: index -4 is out of bounds for axis 1 with size 3.");
    expect(() => ops.take(x23, I([0]), 2)).toThrow(/take: axis 2 is out of bounds/);
    expectSymbolicShape((t) => ops.take(t, I([[0, 2], [1, 1]]), 1), randomTensor([2, 3, 4]));
    expect(ops.take(new KerasTensor([null, 3]), new KerasTensor([5, null], "int32"), 1).shape).toEqual([null, 5, null]);
    expect(ops.take(new KerasTensor([null, 3]), I([1, 2])).shape).toEqual([2]);
  });

  it("takeAlongAxis follows np.take_along_axis", () => {
    const a = T([[10, 30, 20], [60, 40, 50]]);
    // indices of the max per row, from np.argmax(a, axis=1, keepdims=True)
    expect(ops.takeAlongAxis(a, I([[1], [0]]), 1).arraySync()).toEqual([[30], [60]]);
    expect(ops.takeAlongAxis(a, I([[0, 2, 1], [1, 2, 0]]), 1).arraySync()).toEqual([[10, 20, 30], [40, 50, 60]]);
    expect(ops.takeAlongAxis(a, I([[-1], [-3]]), 1).arraySync()).toEqual([[20], [60]]);
    expect(ops.takeAlongAxis(a, I([5, 0])).arraySync()).toEqual([50, 10]);
    expect(() => ops.takeAlongAxis(a, I([1, 0]), 1)).toThrow("takeAlongAxis: indices must have the same rank as x, but received shapes (2, 3) and (2,).");
    expect(() => ops.takeAlongAxis(a, I([[3]]), 1)).toThrow("takeAlongAxis: index 3 is out of bounds for axis 1 with size 3.");
    expectSymbolicShape((t) => ops.takeAlongAxis(t, I([[[1]], [[0]]]), 2), randomTensor([2, 3, 4]));
  });

  it("scatter adds duplicates; scatterUpdate replaces", () => {
    expect(ops.scatter(I([[0, 1], [0, 1], [1, 0]]), T([1, 2, 5]), [2, 2]).arraySync()).toEqual([[0, 3], [5, 0]]);
    // Keras docstring: scatter([[1], [3], [5]] rows of a (6, 2) tensor)
    expect(ops.scatter(I([[1], [3]]), T([[1, 2], [3, 4]]), [4, 2]).arraySync()).toEqual([[0, 0], [1, 2], [0, 0], [3, 4]]);
    expect(ops.scatter(I([[0, -1]]), T([7]), [2, 2]).arraySync()).toEqual([[0, 7], [0, 0]]);
    expect(ops.scatterUpdate(x23, I([[0, 0], [1, 2]]), T([-1, -2])).arraySync()).toEqual([[-1, 2, 3], [4, 5, -2]]);
    expect(ops.scatterUpdate(x23, I([[1]]), T([[7, 8, 9]])).arraySync()).toEqual([[1, 2, 3], [7, 8, 9]]);
    expect(() => ops.scatter(I([[2, 0]]), T([1]), [2, 2])).toThrow("scatter: index 2 is out of bounds for axis 0 with size 2 (target shape (2, 2)).");
    expect(() => ops.scatter(I([[0, 0]]), T([1, 2]), [2, 2])).toThrow("scatter: expected values that reshape to (1,), but received shape (2,).");
    expect(() => ops.scatterUpdate(x23, I([[0, 0, 0]]), T([1]))).toThrow("scatterUpdate: index rows have 3 entries, but the target shape (2, 3) has only 2 axes.");
    expect(ops.scatter(new KerasTensor([null, 2], "int32"), new KerasTensor([null]), [4, 5]).shape).toEqual([4, 5]);
    expect(ops.scatterUpdate(new KerasTensor([null, 3]), I([[0, 1]]), T([1])).shape).toEqual([null, 3]);
    expectSymbolicShape((t) => ops.scatterUpdate(t, I([[1]]), ops.ones([1, 3], "float64")), randomTensor([3, 3]));
  });

  it("differentiates", () => {
    const a = randomTensor([2, 3], 1);
    const b = randomTensor([2, 2], 2);
    checkGradients((p) => ops.slice(p, [1, 1], [1, 2]), [a]);
    checkGradients((p, q) => ops.sliceUpdate(p, [0, 1], q), [a, b]);
    checkGradients((p) => ops.take(p, I([2, 0, 2, -1]), 1), [a]);
    checkGradients((p) => ops.take(p, I([[5, 0], [5, 5]])), [a]);
    checkGradients((p) => ops.takeAlongAxis(p, I([[1], [0]]), 1), [a]);
    checkGradients((p) => ops.scatter(I([[0], [2], [0]]), p, [3, 3]), [randomTensor([3, 3], 5)]);
    checkGradients((p) => ops.scatter(I([[0, 1], [1, 1], [0, 1]]), p, [2, 2]), [randomTensor([3], 6)]);
    checkGradients((p, q) => ops.scatterUpdate(p, I([[0, 2], [1, 0]]), q), [a, randomTensor([2], 7)]);
  });
});

describe("reordering: tile, repeat, pad, flip, roll, diag", () => {
  it("tile and repeat follow NumPy's examples", () => {
    const a = T([0, 1, 2]);
    expect(ops.tile(a, 2).arraySync()).toEqual([0, 1, 2, 0, 1, 2]);
    expect(ops.tile(a, [2, 2]).arraySync()).toEqual([[0, 1, 2, 0, 1, 2], [0, 1, 2, 0, 1, 2]]);
    expect(ops.tile(a, [2, 1, 2]).shape).toEqual([2, 1, 6]);
    expect(ops.tile(T([[1, 2], [3, 4]]), 2).arraySync()).toEqual([[1, 2, 1, 2], [3, 4, 3, 4]]);
    expect(ops.tile(a, 0).shape).toEqual([0]);
    expect(ops.repeat(T(3), 4).arraySync()).toEqual([3, 3, 3, 3]);
    const m = T([[1, 2], [3, 4]]);
    expect(ops.repeat(m, 2).arraySync()).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(ops.repeat(m, 3, 1).arraySync()).toEqual([[1, 1, 1, 2, 2, 2], [3, 3, 3, 4, 4, 4]]);
    expect(ops.repeat(m, [1, 2], 0).arraySync()).toEqual([[1, 2], [3, 4], [3, 4]]);
    expect(() => ops.repeat(m, [1, 2, 3], 0)).toThrow("repeat: repeats has 3 entries, but axis 0 of shape (2, 2) has size 2.");
    expect(() => ops.tile(m, [-1])).toThrow("tile: repeats must be non-negative integers, but received [-1].");
    const x = randomTensor([2, 3]);
    expectSymbolicShape((t) => ops.tile(t, [2, 3]), x);
    expectSymbolicShape((t) => ops.tile(t, [2, 1, 3]), x);
    expectSymbolicShape((t) => ops.repeat(t, 2, 1), x);
    expectSymbolicShape((t) => ops.repeat(t, 2, 0), x);
    expectSymbolicShape((t) => ops.repeat(t, [1, 0, 2], 1), x);
    expect(ops.repeat(new KerasTensor([null, 3]), 2).shape).toEqual([null]);
  });

  it("pad: constant, reflect, symmetric (NumPy's examples)", () => {
    const a = T([1, 2, 3, 4, 5]);
    expect(ops.pad(a, [2, 3], "constant", 4).arraySync()).toEqual([4, 4, 1, 2, 3, 4, 5, 4, 4, 4]);
    expect(ops.pad(a, [2, 3], "reflect").arraySync()).toEqual([3, 2, 1, 2, 3, 4, 5, 4, 3, 2]);
    expect(ops.pad(a, [2, 3], "symmetric").arraySync()).toEqual([2, 1, 1, 2, 3, 4, 5, 5, 4, 3]);
    expect(ops.pad(T([1, 2, 3]), 5, "reflect").arraySync()).toEqual([2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2]);
    expect(ops.pad(T([1, 2, 3]), 5, "symmetric").arraySync()).toEqual([2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2]);
    expect(ops.pad(T([[1, 2], [3, 4]]), 1).arraySync()).toEqual([[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]]);
    expect(ops.pad(T([[1, 2], [3, 4]]), [[0, 1], [1, 0]], "reflect").arraySync()).toEqual([[2, 1, 2], [4, 3, 4], [2, 1, 2]]);
    expect(ops.pad(I([[1, 2]]), [[1]], "constant", 7).arraySync()).toEqual([[7, 7, 7, 7], [7, 1, 2, 7], [7, 7, 7, 7]]);
    expect(() => ops.pad(a, [[1, 2], [3, 4]])).toThrow(/pad: padWidth must be a number, a \[before, after\] pair, or one pair per axis \(1\)/);
    expect(() => ops.pad(a, [-1, 2])).toThrow(/pad: pad widths must be non-negative integers/);
    expect(() => ops.pad(a, 1, "reflect", 0)).toThrow("pad: argument `constantValues` can only be provided when mode is 'constant', but received mode='reflect'.");
    expect(() => ops.pad(a, 1, "edge" as never)).toThrow("pad: mode must be 'constant', 'reflect' or 'symmetric', but received 'edge'.");
    const x = randomTensor([3, 4]);
    expectSymbolicShape((t) => ops.pad(t, [[1, 2], [0, 3]]), x);
    expectSymbolicShape((t) => ops.pad(t, [[0, 0], [2, 1]], "reflect"), x);
  });

  it("flip, roll and diag", () => {
    const a = T([[[0, 1], [2, 3]], [[4, 5], [6, 7]]]);
    expect(ops.flip(a, 0).arraySync()).toEqual([[[4, 5], [6, 7]], [[0, 1], [2, 3]]]);
    expect(ops.flip(a, 1).arraySync()).toEqual([[[2, 3], [0, 1]], [[6, 7], [4, 5]]]);
    expect(ops.flip(a).arraySync()).toEqual([[[7, 6], [5, 4]], [[3, 2], [1, 0]]]);
    expect(ops.flip(a, [0, 2]).arraySync()).toEqual([[[5, 4], [7, 6]], [[1, 0], [3, 2]]]);
    const r = ops.arange(10);
    expect(ops.roll(r, 2).arraySync()).toEqual([8, 9, 0, 1, 2, 3, 4, 5, 6, 7]);
    expect(ops.roll(r, -2).arraySync()).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    const r2 = ops.reshape(r, [2, 5]);
    expect(ops.roll(r2, 1).arraySync()).toEqual([[9, 0, 1, 2, 3], [4, 5, 6, 7, 8]]);
    expect(ops.roll(r2, 1, 0).arraySync()).toEqual([[5, 6, 7, 8, 9], [0, 1, 2, 3, 4]]);
    expect(ops.roll(r2, -1, 1).arraySync()).toEqual([[1, 2, 3, 4, 0], [6, 7, 8, 9, 5]]);
    expect(ops.roll(r2, [1, 1], [1, 0]).arraySync()).toEqual([[9, 5, 6, 7, 8], [4, 0, 1, 2, 3]]);
    expect(ops.diag(T([1, 2]), 1).arraySync()).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(ops.diag(T([1, 2]), -1).arraySync()).toEqual([[0, 0, 0], [1, 0, 0], [0, 2, 0]]);
    const m = ops.reshape(ops.arange(9), [3, 3]);
    expect(ops.diag(m).arraySync()).toEqual([0, 4, 8]);
    expect(ops.diag(m, 1).arraySync()).toEqual([1, 5]);
    expect(ops.diag(m, -1).arraySync()).toEqual([3, 7]);
    expect(() => ops.flip(a, 3)).toThrow("flip: axis 3 is out of bounds for a tensor of rank 3 (valid axes are -3 to 2).");
    expect(() => ops.roll(r2, [1, 2, 3], [0, 1])).toThrow(/roll: shift and axis must have the same length/);
    expect(() => ops.diag(ops.zeros([2, 2, 2]))).toThrow("diag: the input must be 1-D or 2-D, but received shape (2, 2, 2).");
    const x = randomTensor([3, 4]);
    expectSymbolicShape((t) => ops.flip(t, 1), x);
    expectSymbolicShape((t) => ops.roll(t, 2, 1), x);
    expectSymbolicShape((t) => ops.roll(t, 2), x);
  });

  it("differentiates", () => {
    const a = randomTensor([2, 3], 1);
    checkGradients((p) => ops.tile(p, [2, 1]), [a]);
    checkGradients((p) => ops.tile(p, [2, 1, 3]), [a]);
    checkGradients((p) => ops.repeat(p, 2, 0), [a]);
    checkGradients((p) => ops.repeat(p, [2, 0, 3], 1), [a]);
    checkGradients((p) => ops.repeat(p, 3), [a]);
    checkGradients((p) => ops.pad(p, [[1, 0], [0, 2]]), [a]);
    checkGradients((p) => ops.pad(p, [[0, 0], [2, 2]], "reflect"), [a]);
    checkGradients((p) => ops.pad(p, [[1, 2], [4, 1]], "symmetric"), [a]);
    checkGradients((p) => ops.flip(p), [a]);
    checkGradients((p) => ops.flip(p, 1), [a]);
    checkGradients((p) => ops.roll(p, 4, 1), [a]);
    checkGradients((p) => ops.roll(p, -1), [a]);
    checkGradients((p) => ops.diag(p, 1), [randomTensor([3], 8)]);
    checkGradients((p) => ops.diag(p), [randomTensor([3, 3], 9)]);
  });
});

describe("where", () => {
  it("chooses elementwise with broadcasting and promotes dtypes", () => {
    // np.where(a < 5, a, 10 * a) for a = arange(10)
    const a = ops.arange(10);
    expect(ops.where(ops.less(a, 5), a, ops.multiply(a, 10)).arraySync()).toEqual([0, 1, 2, 3, 4, 50, 60, 70, 80, 90]);
    expect(ops.where(T([true, false]), T([1, 2]), 0).arraySync()).toEqual([1, 0]);
    expect(ops.where(T([[true], [false]]), T([1, 2]), T([9]), ).arraySync()).toEqual([[1, 2], [9, 9]]);
    expect(ops.where(T([1, 0]), I([1, 2]), T([0.5, 0.5])).dtype).toBe("float32");
    expect(ops.where(new KerasTensor([null, 1], "bool"), new KerasTensor([3]), 0).shape).toEqual([null, 3]);
    checkGradients((p, q) => ops.where(T([[true, false, true], [false, false, true]]), p, q), [randomTensor([2, 3], 1), randomTensor([3], 2)]);
  });

  it("with only a condition returns the nonzero coordinates, like NumPy", () => {
    const [rows, cols] = ops.where(T([[1, 0, 0], [0, 2, 3]]));
    expect(rows!.arraySync()).toEqual([0, 1, 1]);
    expect(cols!.arraySync()).toEqual([0, 1, 2]);
    expect(rows!.dtype).toBe("int32");
    expect(ops.where(T([false, false])).map((t) => t.shape)).toEqual([[0]]);
    expect(ops.where(new KerasTensor([null, 4])).map((t) => t.shape)).toEqual([[null], [null]]);
    expect(() => ops.where(T([true]), T([1]), null)).toThrow("where: `x1` and `x2` either both should be None (null) or both should have non-None value.");
  });
});
