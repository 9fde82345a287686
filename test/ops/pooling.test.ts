import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

// An independent reference: loops over each window of the (TensorFlow-padded) input.

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

function* indices(shape: readonly number[]): Generator<number[]> {
  const n = prod(shape);
  for (let f = 0; f < n; f++) {
    const idx = new Array<number>(shape.length);
    let rem = f;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = rem % shape[i]!;
      rem = Math.floor(rem / shape[i]!);
    }
    yield idx;
  }
}

function flat(shape: readonly number[], idx: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < shape.length; i++) f = f * shape[i]! + idx[i]!;
  return f;
}

/** channels_last pooling; "same": total = max((ceil(in/s)-1)*s + k - in, 0), before = floor(total/2); padded cells are skipped. */
function refPool(x: Tensor, kind: "max" | "avg", k: number[], s: number[], padding: "valid" | "same"): { values: number[]; shape: number[] } {
  const nd = x.shape.length - 2;
  const sp = x.shape.slice(1, nd + 1);
  const before = sp.map((size, i) => (padding === "valid" ? 0 : Math.floor(Math.max((Math.ceil(size / s[i]!) - 1) * s[i]! + k[i]! - size, 0) / 2)));
  const out = sp.map((size, i) => (padding === "valid" ? Math.floor((size - k[i]!) / s[i]!) + 1 : Math.ceil(size / s[i]!)));
  const shape = [x.shape[0]!, ...out, x.shape[nd + 1]!];
  const values: number[] = [];
  for (const o of indices(shape)) {
    const cells: number[] = [];
    for (const t of indices(k)) {
      const pos = t.map((tt, i) => o[i + 1]! * s[i]! + tt - before[i]!);
      if (pos.some((p, i) => p < 0 || p >= sp[i]!)) continue;
      cells.push(Number(x.values[flat(x.shape, [o[0]!, ...pos, o[nd + 1]!])]));
    }
    values.push(kind === "max" ? Math.max(...cells) : cells.reduce((a, b) => a + b, 0) / cells.length);
  }
  return { values, shape };
}

function moveAxis(x: Tensor, from: number, to: number): Tensor {
  const perm = x.shape.map((_, i) => i);
  perm.splice(from, 1);
  perm.splice(to, 0, from);
  const shape = perm.map((p) => x.shape[p]!);
  const out = new Float64Array(x.size);
  for (const idx of indices(shape)) {
    const src = new Array<number>(idx.length);
    perm.forEach((p, i) => (src[p] = idx[i]!));
    out[flat(shape, idx)] = Number(x.values[flat(x.shape, src)]);
  }
  return new Tensor(out, shape, "float64");
}
const lastToFirst = (x: Tensor): Tensor => moveAxis(x, x.shape.length - 1, 1);

const expectRef = (y: Tensor, ref: { values: number[]; shape: number[] }, tol = 1e-12): void => {
  expect(y.shape).toEqual(ref.shape);
  expect(y).toBeAllclose(ref.values, { ignoreShape: true, rtol: tol, atol: tol });
};

describe("maxPool and averagePool", () => {
  const cases: { x: number[]; k: number[]; s: number[] | null; p: "valid" | "same" }[] = [
    { x: [2, 7, 6, 3], k: [2, 2], s: null, p: "valid" },
    { x: [2, 7, 6, 3], k: [2, 2], s: null, p: "same" },
    { x: [1, 7, 8, 2], k: [3, 2], s: [2, 3], p: "same" },
    { x: [1, 9, 5, 2], k: [3, 3], s: [1, 1], p: "same" },
    { x: [1, 9, 5, 2], k: [4, 2], s: [3, 1], p: "valid" },
    { x: [2, 5, 5, 1], k: [5, 5], s: [2, 2], p: "same" },
  ];

  it.each(cases)("2D matches the definition (padding excluded): %o", (c) => {
    const x = randomTensor(c.x, 1);
    const strides = c.s ?? c.k;
    expectRef(ops.maxPool(x, c.k, c.s, c.p), refPool(x, "max", c.k, strides, c.p));
    expectRef(ops.averagePool(x, c.k, c.s, c.p), refPool(x, "avg", c.k, strides, c.p));
  });

  it("1D, 3D and channels_first", () => {
    const x1 = randomTensor([2, 11, 3], 2);
    expectRef(ops.maxPool(x1, 3, 2, "same"), refPool(x1, "max", [3], [2], "same"));
    expectRef(ops.averagePool(x1, 4, 3, "same"), refPool(x1, "avg", [4], [3], "same"));
    expectRef(ops.averagePool(x1, 2), refPool(x1, "avg", [2], [2], "valid"));
    const x3 = randomTensor([1, 5, 4, 6, 2], 3);
    expectRef(ops.maxPool(x3, [2, 2, 3], [2, 1, 2], "same"), refPool(x3, "max", [2, 2, 3], [2, 1, 2], "same"));
    expectRef(ops.averagePool(x3, 2, 1, "valid"), refPool(x3, "avg", [2, 2, 2], [1, 1, 1], "valid"));
    const x = randomTensor([2, 7, 6, 3], 4);
    const refMax = refPool(x, "max", [3, 2], [2, 2], "same");
    const yMax = ops.maxPool(lastToFirst(x), [3, 2], 2, "same", "channels_first");
    expect(yMax).toBeAllclose(lastToFirst(new Tensor(Float64Array.from(refMax.values), refMax.shape, "float64")), { rtol: 1e-12, atol: 1e-12 });
    const refAvg = refPool(x, "avg", [3, 2], [2, 2], "same");
    const yAvg = ops.averagePool(lastToFirst(x), [3, 2], 2, "same", "channels_first");
    expect(yAvg).toBeAllclose(lastToFirst(new Tensor(Float64Array.from(refAvg.values), refAvg.shape, "float64")), { rtol: 1e-12, atol: 1e-12 });
  });

  it("same-padded averages count only real cells (TensorFlow/Keras)", () => {
    const x = ops.reshape(ops.convertToTensor([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 3, 3, 1]);
    // windows: {1,2,4,5} {3,6} {7,8} {9}
    expect(ops.averagePool(x, 2, 2, "same").arraySync()).toEqual([[[[3], [4.5]], [[7.5], [9]]]]);
    expect(ops.maxPool(x, 2, 2, "same").arraySync()).toEqual([[[[5], [6]], [[8], [9]]]]);
    // padded cells never win a max, even when every value is negative
    const neg = ops.reshape(ops.convertToTensor([-5, -3, -4]), [1, 3, 1]);
    expect(ops.maxPool(neg, 3, 1, "same").arraySync()).toEqual([[[-3], [-3], [-3]]]);
    expect(ops.averagePool(neg, 3, 1, "same").arraySync()).toEqual([[[-4], [-4], [-3.5]]]);
  });

  it("averagePool of integers is float32; maxPool keeps the dtype", () => {
    const xi = ops.reshape(ops.convertToTensor(new Int32Array([1, 2, 4, 7])), [1, 4, 1]);
    const a = ops.averagePool(xi, 2);
    expect(a.dtype).toBe("float32");
    expect(a.arraySync()).toEqual([[[1.5], [5.5]]]);
    const m = ops.maxPool(xi, 2);
    expect(m.dtype).toBe("int32");
    expect(m.arraySync()).toEqual([[[2], [7]]]);
  });
});

describe("pooling gradients (float64 finite differences)", () => {
  it("maxPool routes the gradient to each window's maximum", () => {
    // distinct values so that no tie sits within finite-difference reach
    checkGradients((x) => ops.maxPool(x, [3, 2], [2, 1], "same"), [randomTensor([2, 5, 4, 3], 5)]);
    checkGradients((x) => ops.maxPool(x, 2, null, "valid"), [randomTensor([1, 6, 5, 2], 6)]);
    checkGradients((x) => ops.maxPool(x, 2, 1, "same", "channels_first"), [randomTensor([1, 2, 4, 3], 7)]);
    checkGradients((x) => ops.maxPool(x, 3, 2, "same"), [randomTensor([2, 7, 2], 8)]);
    checkGradients((x) => ops.maxPool(x, 2, 1, "valid"), [randomTensor([1, 3, 3, 3, 2], 9)]);
  });

  it("averagePool, including same padding that excludes padded cells", () => {
    checkGradients((x) => ops.averagePool(x, [3, 2], [2, 1], "same"), [randomTensor([2, 5, 4, 3], 10)]);
    checkGradients((x) => ops.averagePool(x, 2, null, "valid", "channels_first"), [randomTensor([1, 2, 5, 4], 11)]);
    checkGradients((x) => ops.averagePool(x, 3, 2, "same"), [randomTensor([1, 3, 4, 3, 1], 12)]);
  });

  it("second order: gradients of the pooling gradients", () => {
    const x = randomTensor([1, 5, 4, 2], 13);
    const gMax = (t: Tensor): Tensor => ops.grad((u: Tensor) => ops.sum(ops.square(ops.maxPool(u, 2, 1, "same"))))(t) as Tensor;
    checkGradients(gMax, [x]);
    const gAvg = (t: Tensor): Tensor => ops.grad((u: Tensor) => ops.sum(ops.square(ops.averagePool(u, 3, 2, "same"))))(t) as Tensor;
    checkGradients(gAvg, [x]);
  });
});

describe("pooling shapes and errors", () => {
  it("symbolic shapes equal eager shapes", () => {
    const configs: [number[], number | number[], number | number[] | null, string, string | null][] = [
      [[2, 28, 28, 3], 2, null, "valid", null],
      [[2, 27, 25, 3], 3, 2, "same", null],
      [[2, 3, 13, 11], [3, 2], [2, 3], "same", "channels_first"],
      [[2, 13, 3], 4, 3, "valid", null],
      [[2, 5, 6, 7, 3], 2, null, "same", null],
    ];
    for (const [xs, k, s, p, f] of configs) {
      for (const op of [ops.maxPool, ops.averagePool]) {
        const eager = op(randomTensor(xs, 1), k, s, p, f);
        const sym = op(new KerasTensor([null, ...xs.slice(1)]), k, s, p, f);
        expect(sym).toBeInstanceOf(KerasTensor);
        expect(sym.shape).toEqual([null, ...eager.shape.slice(1)]);
        const chan = f === "channels_first" ? 1 : xs.length - 1;
        const allNull = op(new KerasTensor(xs.map((v, i) => (i === chan ? v : null))), k, s, p, f);
        expect(allNull.shape).toEqual(eager.shape.map((v, i) => (i === chan ? v : null)));
      }
    }
  });

  it("explains errors", () => {
    expect(() => ops.maxPool(new KerasTensor([null, 3, 3, 2]), 4)).toThrow(/pool size \(4, 4\) is larger than the input.*\(None, 3, 3, 2\).*padding='same'/);
    expect(() => ops.averagePool(new KerasTensor([null, 3]), 2)).toThrow(/rank 3, 4 or 5.*\(None, 3\)/);
    expect(() => ops.maxPool(new KerasTensor([null, 8, 8, 2]), 2, null, "causal")).toThrow(/'valid', 'same'.*'causal'/);
    expect(() => ops.maxPool(new KerasTensor([null, 8, 8, 2]), [2, 2, 2])).toThrow(/poolSize.*2 integers/);
    expect(() => ops.maxPool(new KerasTensor([null, 8, 8, 2]), 2, 0)).toThrow(/strides/);
    expect(() => ops.averagePool(new KerasTensor([null, 8, 8, 2]), 2, null, "valid", "NHWC")).toThrow(/dataFormat/);
  });
});
