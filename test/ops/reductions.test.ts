import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;
const T = (x: unknown, dtype?: "float32" | "float64" | "int32" | "bool") => ops.convertToTensor(x as number[], dtype);
type Axis = number | number[] | null;
type Reduction = (x: Tensor, axis?: Axis, keepdims?: boolean) => Tensor;

const reductions: Record<string, Reduction> = {
  sum: ops.sum,
  mean: ops.mean,
  max: ops.max,
  min: ops.min,
  prod: ops.prod,
  var: ops.var,
  std: ops.std,
  logsumexp: ops.logsumexp,
};

describe("reductions: values", () => {
  it("follow NumPy's documented examples", () => {
    expect(ops.sum(T([[0, 1], [0, 5]])).arraySync()).toBe(6);
    expect(ops.sum(T([[0, 1], [0, 5]]), 0).arraySync()).toEqual([0, 6]);
    expect(ops.sum(T([[0, 1], [0, 5]]), 1).arraySync()).toEqual([1, 5]);
    const a = T([[1, 2], [3, 4]]);
    expect(ops.mean(a).arraySync()).toBe(2.5);
    expect(ops.mean(a, 0).arraySync()).toEqual([2, 3]);
    expect(ops.mean(a, 1).arraySync()).toEqual([1.5, 3.5]);
    expect(ops.var(a).arraySync()).toBe(1.25);
    expect(ops.var(a, 0).arraySync()).toEqual([1, 1]);
    expect(ops.var(a, 1).arraySync()).toEqual([0.25, 0.25]);
    expect(ops.std(T([[1, 2], [3, 4]], "float64"))).toBeAllclose(1.118033988749895, { rtol: 1e-14 });
    expect(ops.std(a, 0).arraySync()).toEqual([1, 1]);
    expect(ops.std(a, 1).arraySync()).toEqual([0.5, 0.5]);
    expect(ops.prod(a).arraySync()).toBe(24);
    expect(ops.prod(a, 1).arraySync()).toEqual([2, 12]);
    const b = T([[0, 1], [2, 3]]);
    expect(ops.max(b).arraySync()).toBe(3);
    expect(ops.max(b, 0).arraySync()).toEqual([2, 3]);
    expect(ops.max(b, 1).arraySync()).toEqual([1, 3]);
    expect(ops.min(b, 0).arraySync()).toEqual([0, 1]);
    expect(ops.amax(T([NaN, 1])).arraySync()).toBeNaN();
    expect(ops.argmax(T([[10, 11, 12], [13, 14, 15]])).arraySync()).toBe(5);
    expect(ops.argmax(T([[10, 11, 12], [13, 14, 15]]), 0).arraySync()).toEqual([1, 1, 1]);
    expect(ops.argmin(T([[4, 2, 3], [1, 0, 3]]), 1).arraySync()).toEqual([1, 1]);
    expect(ops.argmax(T([0, 5, 5])).arraySync()).toBe(1); // the first occurrence
    expect(ops.any(T([[true, false], [false, false]], "bool"), 1).arraySync()).toEqual([true, false]);
    expect(ops.all(T([[true, false], [true, true]], "bool"), 1).arraySync()).toEqual([false, true]);
  });

  it("logsumexp matches the closed form and is stable", () => {
    expect(ops.logsumexp(T([1, 2, 3], "float64"))).toBeAllclose(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), { rtol: 1e-14 });
    expect(ops.logsumexp(T([[1000, 1000], [-1000, -1000]], "float64"), 1)).toBeAllclose([1000 + Math.LN2, -1000 + Math.LN2], { rtol: 1e-14 });
    expect(ops.logsumexp(T([[-Infinity, -Infinity], [0, -Infinity]]), -1).arraySync()).toEqual([-Infinity, 0]);
    expect(ops.logsumexp(T([Infinity, 1])).arraySync()).toBe(Infinity);
  });

  it("axis forms: negative, lists, null, keepdims", () => {
    const x = randomTensor([2, 3, 4], 1);
    for (const [name, f] of Object.entries(reductions)) {
      expect(f(x, -1).shape, name).toEqual([2, 3]);
      expect(f(x, [0, 2]).shape, name).toEqual([3]);
      expect(f(x, [2, 0], true).shape, name).toEqual([1, 3, 1]);
      expect(f(x, null, true).shape, name).toEqual([1, 1, 1]);
      expect(f(x).shape, name).toEqual([]);
      expect(f(x, -1), name).toBeAllclose(f(x, 2), { atol: 0 });
      expect(f(x, [0, 2], true), name).toBeAllclose(f(x, [0, 2]), { ignoreShape: true, atol: 0 });
    }
  });

  it("reduce over several axes equals reducing one axis at a time", () => {
    const x = randomTensor([2, 3, 4], 2);
    expect(ops.sum(x, [0, 2])).toBeAllclose(ops.sum(ops.sum(x, 2), 0), { atol: 1e-12 });
    expect(ops.max(x, [0, 2])).toBeAllclose(ops.max(ops.max(x, 2), 0), { atol: 0 });
    expect(ops.mean(x, [1, 2])).toBeAllclose(ops.divide(ops.sum(x, [1, 2]), 12), { atol: 1e-12 });
    const m = ops.mean(x, [0, 1], true);
    expect(ops.var(x, [0, 1])).toBeAllclose(ops.mean(ops.square(ops.subtract(x, m)), [0, 1]), { atol: 1e-12 });
  });

  it("dtypes: bool sums count, integer means become float32", () => {
    expect(ops.sum(T([true, true, false], "bool")).arraySync()).toBe(2);
    expect(ops.sum(T([true], "bool")).dtype).toBe("int32");
    expect(ops.sum(T([1, 2], "int32")).dtype).toBe("int32");
    expect(ops.mean(T([1, 2], "int32")).dtype).toBe("float32");
    expect(ops.mean(T([1, 2], "int32")).arraySync()).toBe(1.5);
    expect(ops.max(T([1, 2], "int32")).dtype).toBe("int32");
    expect(ops.argmax(T([1, 2])).dtype).toBe("int32");
    expect(ops.mean(T([1, 2], "float64")).dtype).toBe("float64");
  });
});

describe("reductions: gradients", () => {
  const x = randomTensor([2, 3, 4], 3, 0.2, 1.5);
  const axes: [Axis, boolean][] = [
    [null, false],
    [null, true],
    [0, false],
    [-1, true],
    [[0, 2], false],
    [[1, 2], true],
  ];
  for (const [name, f] of Object.entries(reductions)) {
    it.each(axes)(`${name} with axis %j, keepdims %s`, (axis, keepdims) => {
      checkGradients((t) => f(t, axis, keepdims), [x]);
    });
  }

  it("max/min share the gradient among ties", () => {
    const g = ops.grad((t: Tensor) => ops.max(t))(T([1, 3, 3, 2], "float64")) as Tensor;
    expect(g.arraySync()).toEqual([0, 0.5, 0.5, 0]);
    const h = ops.grad((t: Tensor) => ops.sum(ops.min(t, 1)))(T([[1, 1], [0, 2]], "float64")) as Tensor;
    expect(h.arraySync()).toEqual([[0.5, 0.5], [1, 0]]);
  });

  it("prod's gradient is exact when entries are zero", () => {
    const g = ops.grad((t: Tensor) => ops.sum(ops.prod(t, 1)))(T([[0, 2, 3], [0, 0, 5], [1, 2, 4]], "float64")) as Tensor;
    expect(g.arraySync()).toEqual([[6, 0, 0], [0, 0, 0], [8, 4, 2]]);
    checkGradients((t) => ops.prod(t, 0), [T([[0, 2], [3, -1], [2, 0.5]], "float64")]);
  });

  it("second-order gradients of reductions", () => {
    const g = ops.grad((t: Tensor) => ops.logsumexp(t));
    checkGradients((t) => g(t) as Tensor, [randomTensor([4], 4)]);
    const v = ops.grad((t: Tensor) => ops.var(t));
    checkGradients((t) => v(t) as Tensor, [randomTensor([5], 5)]);
  });
});

describe("reductions: symbolic shapes and errors", () => {
  it("symbolic shapes equal eager shapes", () => {
    const s = new KerasTensor([null, 3]) as unknown as Tensor;
    const e = randomTensor([2, 3], 1);
    const variants: [Axis, boolean][] = [
      [-1, false],
      [1, true],
      [0, false],
      [0, true],
      [null, true],
      [[0, 1], false],
    ];
    for (const [name, f] of Object.entries({ ...reductions, argmax: ops.argmax, argmin: ops.argmin, any: ops.any, all: ops.all })) {
      for (const [axis, keepdims] of variants) {
        if ((name === "argmax" || name === "argmin") && Array.isArray(axis)) continue;
        const out = (f as Reduction)(s, axis, keepdims);
        const eager = (f as Reduction)(e, axis, keepdims);
        expect(out, name).toBeInstanceOf(KerasTensor);
        expect(out.shape.map((d) => d ?? 2), `${name} ${JSON.stringify(axis)} ${keepdims}`).toEqual(eager.shape);
      }
    }
    expect(ops.mean(s, 0).shape).toEqual([3]);
    expect(ops.sum(s, -1).shape).toEqual([null]);
  });

  it("an axis out of range names the op and the rank", () => {
    const x = T([[1, 2], [3, 4]]);
    expect(() => ops.sum(x, 2)).toThrow("sum: axis 2 is out of bounds for a tensor of rank 2 (valid axes are -2 to 1).");
    expect(() => ops.mean(x, -3)).toThrow("mean: axis -3 is out of bounds for a tensor of rank 2");
    expect(() => ops.logsumexp(x, 5)).toThrow("logsumexp: axis 5 is out of bounds for a tensor of rank 2");
    expect(() => ops.argmax(x, 2)).toThrow("argmax: axis 2 is out of bounds for a tensor of rank 2");
    expect(() => ops.max(x, [0, 0])).toThrow("max: repeated axis in [0,0].");
    expect(() => ops.var(new KerasTensor([null, 3]) as unknown as Tensor, 2)).toThrow("axis 2 is out of bounds for a tensor of rank 2");
  });
});
