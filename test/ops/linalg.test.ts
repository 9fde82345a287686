import { describe, expect, it } from "vitest";
import { run1 } from "../../src/autodiff/engine.js";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;
const T = (x: unknown, dtype?: "float32" | "float64" | "int32") => ops.convertToTensor(x as number[], dtype);
/** NumPy's arange(n).reshape(shape) as float64. */
const arange = (shape: number[], reverse = false): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Float64Array.from({ length: n }, (_, i) => (reverse ? n - 1 - i : i));
  return ops.reshape(ops.convertToTensor(v), shape);
};

/**
 * A brute-force einsum for explicit subscripts without ellipses: loops over every assignment
 * of every label (the independent reference for the einsum tests).
 */
function naiveEinsum(spec: string, ...xs: Tensor[]): number[] {
  const [lhs, rhs] = spec.split("->") as [string, string];
  const terms = lhs.split(",");
  const size = new Map<string, number>();
  terms.forEach((t, k) => [...t].forEach((l, i) => size.set(l, xs[k]!.shape[i]!)));
  const labels = [...size.keys()];
  const outLabels = [...rhs];
  const outSize = outLabels.reduce((a, l) => a * size.get(l)!, 1);
  const out = new Array<number>(outSize).fill(0);
  const assign = new Map<string, number>();
  const flat = (t: Tensor, ls: string) => [...ls].reduce((off, l, i) => off * t.shape[i]! + assign.get(l)!, 0);
  const visit = (d: number): void => {
    if (d === labels.length) {
      let p = 1;
      terms.forEach((t, k) => (p *= Number(xs[k]!.values[flat(xs[k]!, t)])));
      const o = outLabels.reduce((off, l) => off * size.get(l)! + assign.get(l)!, 0);
      out[o]! += p;
      return;
    }
    for (let i = 0; i < size.get(labels[d]!)!; i++) {
      assign.set(labels[d]!, i);
      visit(d + 1);
    }
  };
  visit(0);
  return out;
}

/** Applies `fn` to KerasTensors and to concrete tensors (batch 2 for null dims); the shapes must agree. */
function expectSymbolicMatchesEager(fn: (...xs: Tensor[]) => Tensor, shapes: (number | null)[][]): void {
  const sym = fn(...(shapes.map((s) => new KerasTensor(s)) as unknown as Tensor[]));
  const eager = fn(...shapes.map((s, i) => randomTensor(s.map((d) => d ?? 2), i + 1)));
  expect(sym).toBeInstanceOf(KerasTensor);
  const expected = [...eager.shape];
  sym.shape.forEach((d, i) => {
    if (d === null) expected[i] = null as unknown as number;
  });
  expect(sym.shape).toEqual(expected);
  expect(sym.shape.length).toBe(eager.shape.length);
}

describe("matmul", () => {
  it("multiplies matrices, promotes 1-D operands and broadcasts batches", () => {
    const a = T([[1, 2, 3], [4, 5, 6]]);
    const b = T([[7, 8], [9, 10], [11, 12]]);
    expect(ops.matmul(a, b).arraySync()).toEqual([[58, 64], [139, 154]]);
    expect(ops.matmul(T([1, 2, 3]), b).arraySync()).toEqual([58, 64]);
    expect(ops.matmul(a, T([1, 0, -1])).arraySync()).toEqual([-2, -2]);
    expect(ops.matmul(T([1, 2, 3]), T([4, 5, 6])).arraySync()).toBe(32);
    const batch = ops.matmul(arange([2, 1, 2, 3]), arange([3, 3, 4]));
    expect(batch.shape).toEqual([2, 3, 2, 4]);
    // each batch entry is the plain product of the matching (broadcast) slices
    const A = arange([2, 1, 2, 3]).arraySync() as number[][][][];
    const B = arange([3, 3, 4]).arraySync() as number[][][];
    const naive = (p: number[][], q: number[][]) => p.map((row) => q[0]!.map((_, j) => row.reduce((s, v, k) => s + v * q[k]![j]!, 0)));
    expect(batch.arraySync()).toEqual([0, 1].map((i) => [0, 1, 2].map((j) => naive(A[i]![0]!, B[j]!))));
  });

  it("the primitive's transpose flags equal explicit transposes, with gradients", () => {
    const a = randomTensor([2, 3, 4], 1);
    const b = randomTensor([2, 5, 4], 2);
    const viaFlag = run1("matmul", [a, b], { transposeB: true });
    expect(viaFlag).toBeAllclose(ops.matmul(a, ops.transpose(b, [0, 2, 1])), { atol: 1e-12 });
    const at = randomTensor([4, 3], 3);
    for (const [x, y, attrs] of [
      [at, randomTensor([4, 5], 4), { transposeA: true }],
      [randomTensor([3, 4], 5), randomTensor([5, 4], 6), { transposeB: true }],
      [at, randomTensor([5, 4], 7), { transposeA: true, transposeB: true }],
    ] as const) {
      checkGradients((p, q) => run1("matmul", [p, q], attrs), [x, y]);
    }
  });

  it("gradients with broadcast batches and vector operands", () => {
    checkGradients((a, b) => ops.matmul(a, b), [randomTensor([2, 3], 1), randomTensor([3, 4], 2)]);
    checkGradients((a, b) => ops.matmul(a, b), [randomTensor([2, 1, 2, 3], 3), randomTensor([3, 3, 2], 4)]);
    checkGradients((a, b) => ops.matmul(a, b), [randomTensor([3], 5), randomTensor([2, 3, 4], 6)]);
    checkGradients((a, b) => ops.matmul(a, b), [randomTensor([2, 3, 4], 7), randomTensor([4], 8)]);
  });

  it("prints both shapes when the inner dimensions differ", () => {
    expect(() => ops.matmul(T([[1, 2, 3], [4, 5, 6]]), T([[1, 2], [3, 4]]))).toThrow(/matmul: incompatible shapes \(2, 3\) and \(2, 2\)/);
    expect(() => ops.matmul(new KerasTensor([null, 3]) as unknown as Tensor, new KerasTensor([4, 5]) as unknown as Tensor)).toThrow(/\(None, 3\) and \(4, 5\)/);
    expect(() => ops.matmul(3, T([1, 2]))).toThrow(/matmul: operands must have at least one dimension/);
  });

  it("symbolic shapes equal eager shapes", () => {
    expectSymbolicMatchesEager((x, w) => ops.matmul(x, w), [[null, 3], [3, 4]]);
    expectSymbolicMatchesEager((x, w) => ops.matmul(x, w), [[null, 2, 3], [3]]);
    expectSymbolicMatchesEager((x, w) => ops.matmul(x, w), [[null, 1, 2, 3], [5, 3, 4]]);
  });
});

describe("dot, tensordot, inner, outer, vdot", () => {
  it("dot follows NumPy for every rank combination", () => {
    expect(ops.dot(3, 4).arraySync()).toBe(12);
    expect(ops.dot(T([1, 2, 3]), T([4, 5, 6])).arraySync()).toBe(32);
    expect(ops.dot(T([[1, 0], [0, 1]]), T([[4, 1], [2, 2]])).arraySync()).toEqual([[4, 1], [2, 2]]);
    expect(ops.dot(T([[1, 2], [3, 4]]), T([10, 100])).arraySync()).toEqual([210, 430]);
    expect(ops.dot(T([10, 100]), T([[1, 2], [3, 4]])).arraySync()).toEqual([310, 420]);
    // NumPy's documented example: dot(a, b)[2,3,2,1,2,2] == sum(a[2,3,2,:] * b[1,2,:,2]) == 499128
    const a = arange([3, 4, 5, 6]);
    const b = ops.reshape(arange([360], true), [5, 4, 6, 3]);
    const c = ops.dot(a, b);
    expect(c.shape).toEqual([3, 4, 5, 5, 4, 3]);
    expect((c.arraySync() as number[][][][][][])[2]![3]![2]![1]![2]![2]).toBe(499128);
  });

  it("tensordot matches NumPy's documented example and the integer forms", () => {
    const a = arange([3, 4, 5]);
    const b = arange([4, 3, 2]);
    const c = ops.tensordot(a, b, [[1, 0], [0, 1]]);
    expect(c.arraySync()).toEqual([[4400, 4730], [4532, 4874], [4664, 5018], [4796, 5162], [4928, 5306]]);
    expect(ops.tensordot(T([1, 2]), T([3, 4, 5]), 0).arraySync()).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(ops.tensordot(T([[1, 2], [3, 4]]), T([[1, 2], [3, 4]])).arraySync()).toBe(30);
    expect(ops.tensordot(T([[1, 2], [3, 4]]), T([[1, 2], [3, 4]]), 1).arraySync()).toEqual([[7, 10], [15, 22]]);
    expect(ops.tensordot(a, b, [-2, 0]).shape).toEqual([3, 5, 3, 2]);
  });

  it("inner, outer and vdot", () => {
    expect(ops.inner(T([1, 2, 3]), T([0, 1, 0])).arraySync()).toBe(2);
    // NumPy: inner(arange(24).reshape(2,3,4), arange(4)) = [[14, 38, 62], [86, 110, 134]]
    expect(ops.inner(arange([2, 3, 4]), arange([4])).arraySync()).toEqual([[14, 38, 62], [86, 110, 134]]);
    expect(ops.inner(T([[1, 2], [3, 4]]), T([[1, 0], [0, 1]])).arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(ops.outer(T([1, 2, 3]), T([[1], [10]])).arraySync()).toEqual([[1, 10], [2, 20], [3, 30]]);
    expect(ops.vdot(T([[1, 4], [5, 6]]), T([[4, 1], [2, 2]])).arraySync()).toBe(30);
  });

  it("int inputs stay int", () => {
    expect(ops.dot(T([1, 2], "int32"), T([3, 4], "int32")).dtype).toBe("int32");
    expect(ops.tensordot(T([[1, 2]], "int32"), T([[3], [4]], "int32"), 1).arraySync()).toEqual([[11]]);
  });

  it("gradients", () => {
    checkGradients((a, b) => ops.dot(a, b), [randomTensor([3], 1), randomTensor([3], 2)]);
    checkGradients((a, b) => ops.dot(a, b), [randomTensor([2, 3], 3), randomTensor([3, 4], 4)]);
    checkGradients((a, b) => ops.dot(a, b), [randomTensor([2, 2, 3], 5), randomTensor([2, 3, 2], 6)]);
    checkGradients((a, b) => ops.dot(a, b), [randomTensor([2, 3], 7), randomTensor([3], 8)]);
    checkGradients((a, b) => ops.tensordot(a, b, [[1, 0], [0, 1]]), [randomTensor([3, 2, 4], 9), randomTensor([2, 3, 2], 10)]);
    checkGradients((a, b) => ops.tensordot(a, b, 0), [randomTensor([2], 11), randomTensor([3], 12)]);
    checkGradients((a, b) => ops.tensordot(a, b), [randomTensor([2, 3, 4], 13), randomTensor([3, 4, 2], 14)]);
    checkGradients((a, b) => ops.inner(a, b), [randomTensor([2, 3], 15), randomTensor([4, 3], 16)]);
    checkGradients((a, b) => ops.outer(a, b), [randomTensor([2, 2], 17), randomTensor([3], 18)]);
    checkGradients((a, b) => ops.vdot(a, b), [randomTensor([2, 2], 19), randomTensor([4], 20)]);
  });

  it("errors name the op and the shapes", () => {
    expect(() => ops.tensordot(arange([2, 3]), arange([4, 5]), 1)).toThrow(
      "tensordot: shape mismatch: axis 1 of the first operand (shape (2, 3)) has size 3, but axis 0 of the second operand (shape (4, 5)) has size 4.",
    );
    expect(() => ops.dot(arange([2, 3]), arange([2, 3]))).toThrow(/dot: shape mismatch.*\(2, 3\)/);
    expect(() => ops.tensordot(arange([2, 3]), arange([3, 2]), [[2], [0]])).toThrow("tensordot: axis 2 is out of bounds for a tensor of rank 2");
    expect(() => ops.tensordot(arange([2, 3]), arange([3, 2]), 3)).toThrow(/tensordot: axes=3/);
  });

  it("symbolic shapes equal eager shapes", () => {
    expectSymbolicMatchesEager((a, b) => ops.dot(a, b), [[null, 3], [3, 4]]);
    expectSymbolicMatchesEager((a, b) => ops.dot(a, b), [[null, 3], [3]]);
    expectSymbolicMatchesEager((a, b) => ops.tensordot(a, b, [[1], [0]]), [[null, 3, 2], [3, 5]]);
    expectSymbolicMatchesEager((a, b) => ops.inner(a, b), [[null, 3], [4, 3]]);
    expectSymbolicMatchesEager((a, b) => ops.outer(a, b), [[3], [4]]);
  });
});

describe("einsum", () => {
  const cases: [string, number[][]][] = [
    ["ij,jk->ik", [[2, 3], [3, 4]]],
    ["bij,bjk->bik", [[2, 2, 3], [2, 3, 4]]],
    ["ij->ji", [[2, 3]]],
    ["ij->i", [[2, 3]]],
    ["ij->", [[2, 3]]],
    ["i,j->ij", [[2], [3]]],
    ["i,i->", [[4], [4]]],
    ["ii->i", [[3, 3]]],
    ["ii->", [[3, 3]]],
    ["ij,ij->ij", [[2, 3], [2, 3]]],
    ["ijk,kj->i", [[2, 3, 4], [4, 3]]],
    ["ab,bc,cd->ad", [[2, 3], [3, 2], [2, 4]]],
    ["bhqd,bhkd->bhqk", [[2, 2, 3, 2], [2, 2, 4, 2]]],
    ["iij->ij", [[2, 2, 3]]],
    ["ij,jk->ki", [[2, 3], [3, 2]]],
  ];

  it.each(cases)("%s matches a brute-force reference", (spec, shapes) => {
    const xs = shapes.map((s, i) => randomTensor(s, i + 3));
    const got = ops.einsum(spec, ...xs);
    expect(Array.from(got.values)).toBeAllclose(naiveEinsum(spec, ...xs), { atol: 1e-12 });
  });

  it.each(cases)("%s has correct gradients", (spec, shapes) => {
    checkGradients((...xs) => ops.einsum(spec, ...xs), shapes.map((s, i) => randomTensor(s, i + 7)));
  });

  it("implicit output: labels that appear once, in alphabetical order", () => {
    const a = randomTensor([2, 3], 1);
    const b = randomTensor([3, 4], 2);
    expect(ops.einsum("ij,jk", a, b)).toBeAllclose(ops.matmul(a, b), { atol: 1e-12 });
    expect(ops.einsum("ji", a)).toBeAllclose(ops.transpose(a), { atol: 0 });
    expect(ops.einsum("ii", T([[1, 2], [3, 4]])).arraySync()).toBe(5);
  });

  it("ellipses broadcast like NumPy", () => {
    const a = randomTensor([2, 1, 2, 3], 1);
    const b = randomTensor([4, 3, 5], 2);
    expect(ops.einsum("...ij,...jk->...ik", a, b)).toBeAllclose(ops.matmul(a, b), { atol: 1e-12 });
    expect(ops.einsum("...ij->...ji", a)).toBeAllclose(ops.transpose(a, [0, 1, 3, 2]), { atol: 0 });
    expect(ops.einsum("i...->...", randomTensor([3, 2], 3))).toBeAllclose(ops.sum(randomTensor([3, 2], 3), 0), { atol: 1e-12 });
    checkGradients((x, y) => ops.einsum("...ij,...jk->...ik", x, y), [a, b]);
  });

  it("clear errors", () => {
    expect(() => ops.einsum("ij,jk->ik", arange([2, 3]), arange([4, 5]))).toThrow("einsum: 'ij,jk->ik': label 'j' has size 3 in one operand and 4 in another.");
    expect(() => ops.einsum("ijk->i", arange([2, 3]))).toThrow("einsum: term 'ijk' of 'ijk->i' names 3 axes, but operand 0 has shape (2, 3).");
    expect(() => ops.einsum("ij,jk->ik", arange([2, 3]))).toThrow(/name 2 operand\(s\), but 1 were given/);
    expect(() => ops.einsum("ij->iz", arange([2, 3]))).toThrow("einsum: output label 'z' of 'ij->iz' appears in no input.");
    expect(() => ops.einsum("i$->i", arange([2, 3]))).toThrow(/unexpected '\$'/);
  });

  it("symbolic shapes equal eager shapes", () => {
    expectSymbolicMatchesEager((x, w) => ops.einsum("bi,ij->bj", x, w), [[null, 3], [3, 4]]);
    expectSymbolicMatchesEager((x, y) => ops.einsum("bij,bjk->bik", x, y), [[null, 2, 3], [null, 3, 4]]);
    expectSymbolicMatchesEager((x) => ops.einsum("bij->bji", x), [[null, 2, 3]]);
    expectSymbolicMatchesEager((x) => ops.einsum("bij->b", x), [[null, 2, 3]]);
  });
});

describe("diagonal, trace, norm", () => {
  it("diagonal and trace follow NumPy's documented examples", () => {
    const a = arange([2, 2]);
    expect(ops.diagonal(a).arraySync()).toEqual([0, 3]);
    expect(ops.diagonal(a, 1).arraySync()).toEqual([1]);
    expect(ops.diagonal(a, -1).arraySync()).toEqual([2]);
    expect(ops.diagonal(arange([2, 2, 2]), 0, 0, 1).arraySync()).toEqual([[0, 6], [1, 7]]);
    expect(ops.diagonal(arange([3, 4]), 2).arraySync()).toEqual([2, 7]);
    expect(ops.diagonal(arange([3, 4]), 5).shape).toEqual([0]);
    expect(ops.trace(T([[1, 0, 0], [0, 1, 0], [0, 0, 1]])).arraySync()).toBe(3);
    expect(ops.trace(arange([2, 2, 2])).arraySync()).toEqual([6, 8]);
    expect(ops.trace(arange([2, 3]), 1).arraySync()).toBe(1 + 5);
    expect(ops.trace(T([[1, 2], [3, 4]], "int32")).dtype).toBe("int32");
  });

  it("diagonal and trace gradients", () => {
    checkGradients((x) => ops.diagonal(x, 1, 2, 0), [randomTensor([3, 2, 4], 1)]);
    checkGradients((x) => ops.trace(x, -1), [randomTensor([3, 3], 2)]);
  });

  it("norm follows numpy.linalg.norm's documented examples", () => {
    const a = ops.subtract(arange([9]), 4);
    const b = ops.reshape(a, [3, 3]);
    const r = 7.745966692414834;
    expect(ops.norm(a)).toBeAllclose(r, { rtol: 1e-12 });
    expect(ops.norm(b)).toBeAllclose(r, { rtol: 1e-12 });
    expect(ops.norm(b, "fro")).toBeAllclose(r, { rtol: 1e-12 });
    expect(ops.norm(a, Infinity).arraySync()).toBe(4);
    expect(ops.norm(b, Infinity).arraySync()).toBe(9);
    expect(ops.norm(a, -Infinity).arraySync()).toBe(0);
    expect(ops.norm(b, -Infinity).arraySync()).toBe(2);
    expect(ops.norm(a, 1).arraySync()).toBe(20);
    expect(ops.norm(b, 1).arraySync()).toBe(7);
    expect(ops.norm(a, -1).arraySync()).toBe(0);
    expect(ops.norm(b, -1).arraySync()).toBe(6);
    expect(ops.norm(a, 3)).toBeAllclose(5.848035476425731, { rtol: 1e-12 });
    expect(ops.norm(a, 0).arraySync()).toBe(8);
    const c = T([[1, 2, 3], [-1, 1, 4]], "float64");
    expect(ops.norm(c, null, 0)).toBeAllclose([Math.SQRT2, Math.sqrt(5), 5], { rtol: 1e-12 });
    expect(ops.norm(c, null, 1)).toBeAllclose([Math.sqrt(14), Math.sqrt(18)], { rtol: 1e-12 });
    expect(ops.norm(c, 1, 1).arraySync()).toEqual([6, 6]);
    const m = arange([2, 2, 2]);
    expect(ops.norm(m, null, [1, 2])).toBeAllclose([Math.sqrt(14), Math.sqrt(126)], { rtol: 1e-12 });
    expect(ops.norm(m, null, [1, 2], true).shape).toEqual([2, 1, 1]);
    expect(ops.norm(m, 1, [1, 2], true).shape).toEqual([2, 1, 1]);
    expect(ops.norm(m, Infinity, [2, 1]).shape).toEqual([2]);
    expect(ops.norm(T([3, 4], "int32")).dtype).toBe("float32");
  });

  it("norm gradients (vector and matrix norms)", () => {
    const x = randomTensor([3, 4], 5);
    checkGradients((t) => ops.norm(t), [x]);
    checkGradients((t) => ops.norm(t, null, -1, true), [x]);
    checkGradients((t) => ops.norm(t, 1, 0), [x]);
    checkGradients((t) => ops.norm(t, Infinity, 1), [x]);
    checkGradients((t) => ops.norm(t, 3, 1), [x]);
    checkGradients((t) => ops.norm(t, "fro", [0, 1]), [x]);
    checkGradients((t) => ops.norm(t, 1, [0, 1]), [x]);
    checkGradients((t) => ops.norm(t, -Infinity, [0, 1]), [x]);
  });

  it("norm errors", () => {
    expect(() => ops.norm(arange([3]), "fro")).toThrow("norm: invalid ord 'fro' for a vector norm");
    expect(() => ops.norm(arange([3, 3]), 2)).toThrow(/norm: ord=2 for matrices needs singular values/);
    expect(() => ops.norm(arange([2, 2, 2]), 1)).toThrow("norm: ord=1 needs an input of rank 1 or 2 when axis is None, but received shape (2, 2, 2).");
    expect(() => ops.norm(arange([2, 2]), null, 2)).toThrow("norm: axis 2 is out of bounds for a tensor of rank 2");
    expect(() => ops.diagonal(arange([3]))).toThrow("diagonal: the input must have rank >= 2, but received shape (3,).");
  });

  it("symbolic shapes equal eager shapes", () => {
    expectSymbolicMatchesEager((x) => ops.norm(x, null, -1), [[null, 3]]);
    expectSymbolicMatchesEager((x) => ops.norm(x, 1, -1, true), [[null, 3]]);
    expectSymbolicMatchesEager((x) => ops.norm(x, "fro", [1, 2]), [[null, 3, 3]]);
    expectSymbolicMatchesEager((x) => ops.norm(x, Infinity, [1, 2]), [[null, 3, 3]]);
    expectSymbolicMatchesEager((x) => ops.trace(x, 0, 1, 2), [[null, 3, 3]]);
    expectSymbolicMatchesEager((x) => ops.diagonal(x, 0, 1, 2), [[null, 3, 4]]);
  });
});
