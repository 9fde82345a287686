import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

describe("elementwise arithmetic", () => {
  it("broadcasts like NumPy", () => {
    const a = ops.convertToTensor([[1, 2, 3], [4, 5, 6]]);
    const b = ops.convertToTensor([10, 20, 30]);
    expect(ops.add(a, b).arraySync()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(ops.multiply(a, ops.convertToTensor([[2], [3]])).arraySync()).toEqual([[2, 4, 6], [12, 15, 18]]);
    expect(ops.subtract(5, a).arraySync()).toEqual([[4, 3, 2], [1, 0, -1]]);
  });

  it("names the op and both shapes when broadcasting fails", () => {
    expect(() => ops.add(ops.convertToTensor([[1, 2, 3]]), ops.convertToTensor([1, 2]))).toThrow(
      "add: cannot broadcast shapes (1, 3) and (2,)",
    );
  });

  it("promotes dtypes like Keras (weak JS scalars)", () => {
    const i = ops.convertToTensor([1, 2], "int32");
    expect(ops.add(i, 1).dtype).toBe("int32");
    expect(ops.add(i, 1.5).dtype).toBe("float32");
    expect(ops.divide(i, 2).dtype).toBe("float32");
    expect(ops.divide(i, 2).arraySync()).toEqual([0.5, 1]);
  });

  it("gradients of binary ops sum over broadcast axes", () => {
    const a = randomTensor([2, 3], 1);
    const b = randomTensor([3], 2, 0.5, 2);
    for (const f of [ops.add, ops.subtract, ops.multiply, ops.divide, ops.maximum, ops.minimum]) {
      checkGradients((x, y) => f(x, y), [a, b]);
    }
    checkGradients((x, y) => ops.power(x, y), [randomTensor([2, 3], 3, 0.5, 2), b]);
  });

  it("gradients of unary ops match finite differences", () => {
    const x = randomTensor([2, 3], 5, 0.1, 0.9);
    const fns = [ops.exp, ops.log, ops.log1p, ops.sqrt, ops.rsqrt, ops.square, ops.sin, ops.cos, ops.tan, ops.tanh, ops.arcsin, ops.arccos, ops.arctan, ops.sinh, ops.cosh, ops.arcsinh, ops.arctanh, ops.abs, ops.negative, ops.expm1, ops.reciprocal];
    for (const f of fns) checkGradients((t) => f(t), [x]);
    checkGradients((t) => ops.arccosh(t), [randomTensor([4], 7, 1.5, 3)]);
  });
});
