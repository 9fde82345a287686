import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;
const T = (x: unknown, d?: string) => ops.convertToTensor(x as never, d as never);

describe("creation", () => {
  it("zeros, ones, full, *Like, arange, linspace, eye, tri", () => {
    expect(ops.zeros([2, 2]).arraySync()).toEqual([[0, 0], [0, 0]]);
    expect(ops.ones([3], "int32").dtype).toBe("int32");
    expect(ops.full([2], 7).arraySync()).toEqual([7, 7]);
    expect(ops.onesLike(T([[1, 2]])).arraySync()).toEqual([[1, 1]]);
    expect(ops.zerosLike(new KerasTensor([null, 3])).shape).toEqual([null, 3]);
    expect(ops.arange(5).arraySync()).toEqual([0, 1, 2, 3, 4]);
    expect(ops.arange(5).dtype).toBe("int32");
    expect(ops.arange(1, 2, 0.25).arraySync()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(ops.linspace(2, 3, 5)).toBeAllclose([2, 2.25, 2.5, 2.75, 3]);
    expect(ops.linspace(2, 3, 5, false)).toBeAllclose([2, 2.2, 2.4, 2.6, 2.8]);
    expect(ops.eye(2, 3, 1).arraySync()).toEqual([[0, 1, 0], [0, 0, 1]]);
    expect(ops.tri(3).arraySync()).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
    expect(ops.triu(T([[1, 2, 3], [4, 5, 6], [7, 8, 9]])).arraySync()).toEqual([[1, 2, 3], [0, 5, 6], [0, 0, 9]]);
    expect(ops.tril(T([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), -1).arraySync()).toEqual([[0, 0, 0], [4, 0, 0], [7, 8, 0]]);
    expect(() => ops.zeros([2, -1])).toThrow(/non-negative integer/);
  });
});

describe("manipulation", () => {
  const x = T([[1, 2, 3], [4, 5, 6]]);
  it("expandDims, squeeze, concatenate, stack, split", () => {
    expect(ops.expandDims(x, -1).shape).toEqual([2, 3, 1]);
    expect(ops.expandDims(x, [0, 2]).shape).toEqual([1, 2, 1, 3]);
    expect(ops.squeeze(T([[[1], [2]]])).shape).toEqual([2]);
    expect(() => ops.squeeze(x, 0)).toThrow(/size not equal to one/);
    expect(ops.concatenate([x, x], 1).arraySync()).toEqual([[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]);
    expect(() => ops.concatenate([x, T([[1, 2]])], 0)).toThrow("concatenate: all input dimensions except the concatenation axis (0) must match, but received shapes (2, 3), (1, 2).");
    expect(ops.stack([T([1, 2]), T([3, 4])], 1).arraySync()).toEqual([[1, 3], [2, 4]]);
    expect(ops.split(x, 3, 1).map((t) => t.arraySync())).toEqual([[[1], [4]], [[2], [5]], [[3], [6]]]);
    expect(ops.split(T([0, 1, 2, 3, 4]), [1, 3]).map((t) => t.arraySync())).toEqual([[0], [1, 2], [3, 4]]);
    expect(() => ops.split(x, 2, 1)).toThrow(/cannot be split into 2 equal sections/);
    expect(ops.concatenate([new KerasTensor([null, 3]), new KerasTensor([null, 2])], -1).shape).toEqual([null, 5]);
  });

  it("slice, sliceUpdate, take (negative indices), takeAlongAxis", () => {
    expect(ops.slice(x, [0, 1], [2, 2]).arraySync()).toEqual([[2, 3], [5, 6]]);
    expect(ops.sliceUpdate(x, [1, 0], T([[9, 9]])).arraySync()).toEqual([[1, 2, 3], [9, 9, 6]]);
    expect(ops.take(x, T([2, -3], "int32"), 1).arraySync()).toEqual([[3, 1], [6, 4]]);
    expect(ops.take(x, T([[0, 5]], "int32")).arraySync()).toEqual([[1, 6]]);
    expect(() => ops.take(x, T([3], "int32"), 1)).toThrow("take: index 3 is out of bounds for axis 1 with size 3.");
    expect(ops.takeAlongAxis(x, T([[2], [0]], "int32"), 1).arraySync()).toEqual([[3], [4]]);
  });

  it("scatter adds duplicates; scatterUpdate replaces", () => {
    expect(ops.scatter(T([[0, 1], [0, 1], [1, 0]], "int32"), T([1, 2, 5]), [2, 2]).arraySync()).toEqual([[0, 3], [5, 0]]);
    expect(ops.scatterUpdate(x, T([[0, 0], [1, 2]], "int32"), T([-1, -2])).arraySync()).toEqual([[-1, 2, 3], [4, 5, -2]]);
  });

  it("tile, repeat, pad, flip, roll, where, moveaxis, swapaxes", () => {
    expect(ops.tile(T([1, 2]), [2, 2]).arraySync()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
    expect(ops.repeat(T([[1, 2], [3, 4]]), 2, 1).arraySync()).toEqual([[1, 1, 2, 2], [3, 3, 4, 4]]);
    expect(ops.repeat(T([1, 2]), [1, 3]).arraySync()).toEqual([1, 2, 2, 2]);
    expect(ops.pad(T([1, 2, 3]), [[1, 2]], "constant", 9).arraySync()).toEqual([9, 1, 2, 3, 9, 9]);
    expect(ops.pad(T([1, 2, 3]), [[2, 2]], "reflect").arraySync()).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(ops.pad(T([1, 2, 3]), [[2, 2]], "symmetric").arraySync()).toEqual([2, 1, 1, 2, 3, 3, 2]);
    expect(ops.flip(x, 1).arraySync()).toEqual([[3, 2, 1], [6, 5, 4]]);
    expect(ops.roll(T([1, 2, 3, 4]), 1).arraySync()).toEqual([4, 1, 2, 3]);
    expect(ops.where(T([true, false]), T([1, 2]), 0).arraySync()).toEqual([1, 0]);
    expect(ops.moveaxis(ops.zeros([3, 4, 5]), 0, -1).shape).toEqual([4, 5, 3]);
    expect(ops.swapaxes(ops.zeros([3, 4, 5]), 0, 2).shape).toEqual([5, 4, 3]);
    expect(ops.cast(T([1.7, -1.7]), "int32").arraySync()).toEqual([1, -1]);
  });

  it("gradients match finite differences", () => {
    const a = randomTensor([2, 3], 1);
    const b = randomTensor([2, 2], 2);
    checkGradients((p, q) => ops.concatenate([p, q], 1), [a, b]);
    checkGradients((p) => ops.stack([p, p], 0), [a]);
    checkGradients((p) => ops.slice(p, [1, 1], [1, 2]), [a]);
    checkGradients((p) => ops.split(p, [1], 1)[1]!, [a]);
    checkGradients((p) => ops.take(p, ops.convertToTensor([2, 0, 2], "int32"), 1), [a]);
    checkGradients((p) => ops.takeAlongAxis(p, ops.convertToTensor([[1], [0]], "int32"), 1), [a]);
    checkGradients((p) => ops.tile(p, [2, 1]), [a]);
    checkGradients((p) => ops.repeat(p, 2, 0), [a]);
    checkGradients((p) => ops.pad(p, [[1, 0], [0, 2]]), [a]);
    checkGradients((p) => ops.pad(p, [[0, 0], [2, 2]], "reflect"), [a]);
    checkGradients((p) => ops.flip(p), [a]);
    checkGradients((p, q) => ops.sliceUpdate(p, [0, 1], q), [a, b]);
    checkGradients((p) => ops.scatter(ops.convertToTensor([[0], [2], [0]], "int32"), p, [3, 3]), [randomTensor([3, 3], 5)]);
    checkGradients((p) => ops.expandDims(ops.squeeze(ops.expandDims(p, 0), 0), 1), [a]);
  });
});
