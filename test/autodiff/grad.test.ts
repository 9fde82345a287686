import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { withoutGradient } from "../../src/autodiff/engine.js";

const { ops } = keras;
type T = keras.Tensor;

const t = (v: unknown, dtype?: string): T => ops.convertToTensor(v, dtype as never);

describe("grad / valueAndGrad", () => {
  it("differentiates with respect to a tensor", () => {
    const f = (x: T): T => ops.sum(ops.square(x));
    const [value, g] = ops.valueAndGrad(f)(t([1, 2, -3]));
    expect(value.item()).toBe(14);
    expect(g.arraySync()).toEqual([2, 4, -6]);
    expect(g.dtype).toBe("float32");
    expect(ops.grad(f)(t([[1, 2], [3, 4]])).arraySync()).toEqual([[2, 4], [6, 8]]);
  });

  it("accepts plain data as the argument and passes extra arguments through", () => {
    const f = (x: T, k: number): T => ops.sum(ops.multiply(x, k));
    expect((ops.grad(f)([1, 2] as never, 3) as T).arraySync()).toEqual([3, 3]);
    expect((ops.grad(f)(2 as never, 5) as T).item()).toBe(5);
  });

  it("differentiates with respect to a Variable, read through the ops", () => {
    const v = new keras.Variable(t([1, 2, 3]));
    const f = (w: keras.Variable): T => ops.sum(ops.multiply(w, w));
    const [value, g] = ops.valueAndGrad(f)(v);
    expect(value.item()).toBe(14);
    expect((g as T).arraySync()).toEqual([2, 4, 6]);
  });

  it("returns one gradient per element of an array of variables and tensors", () => {
    const w = new keras.Variable(t([[1, 2], [3, 4]]));
    const b = new keras.Variable(t([10, 20]));
    const x = t([[1, 1]]);
    const loss = ([W, B]: keras.Variable[]): T => ops.sum(ops.add(ops.matmul(x, W!), B!));
    const [value, grads] = ops.valueAndGrad(loss)([w, b]);
    expect(value.item()).toBe(4 + 6 + 30);
    expect(grads).toHaveLength(2);
    expect(grads[0]!.arraySync()).toEqual([[1, 1], [1, 1]]);
    expect(grads[1]!.arraySync()).toEqual([1, 1]);
    // mixed: a tensor next to a variable
    const gs = ops.grad(([a, B]: (T | keras.Variable)[]) => ops.sum(ops.multiply(a!, B!)))([t([2, 3]), b]);
    expect(gs.map((g) => g.arraySync())).toEqual([[10, 20], [2, 3]]);
  });

  it("passes an auxiliary output through with hasAux", () => {
    const f = (x: T): [T, { squares: T; note: string }] => {
      const sq = ops.square(x);
      return [ops.sum(sq), { squares: sq, note: "aux" }];
    };
    const [[value, aux], g] = ops.valueAndGrad(f, { hasAux: true })(t([1, 2]));
    expect(value.item()).toBe(5);
    expect(aux.squares.arraySync()).toEqual([1, 4]);
    expect(aux.note).toBe("aux");
    expect(g.arraySync()).toEqual([2, 4]);
    const [g3, aux3] = ops.grad(f, { hasAux: true })(t([3]));
    expect(g3.arraySync()).toEqual([6]);
    expect(aux3.squares.arraySync()).toEqual([9]);
    expect(() => ops.grad((x: T) => ops.sum(x), { hasAux: true })(t([1]))).toThrow("with hasAux: true the function must return [value, aux]");
  });

  it("gives zeros when the output does not depend on the input", () => {
    const c = t(7);
    const g = ops.grad((_x: T) => ops.multiply(c, 2))(t([[1, 2, 3]]));
    expect(g.shape).toEqual([1, 3]);
    expect(g.arraySync()).toEqual([[0, 0, 0]]);
    expect((ops.grad(() => 3)(t([1, 2])) as T).arraySync()).toEqual([0, 0]);
    const gs = ops.grad(([a]: T[]) => ops.sum(a!))([t([1, 2]), t([5, 6, 7])]);
    expect(gs[1]!.arraySync()).toEqual([0, 0, 0]);
  });

  it("differentiates the identity of a scalar", () => {
    expect((ops.grad((x: T) => x)(t(4)) as T).item()).toBe(1);
  });

  it("supports higher-order gradients: d²/dx² x³ = 6x, d³/dx³ x³ = 6", () => {
    const cube = (x: T): T => ops.multiply(ops.multiply(x, x), x);
    const d1 = ops.grad(cube);
    const d2 = ops.grad((x: T) => d1(x));
    const d3 = ops.grad((x: T) => d2(x));
    expect(d1(t(2, "float64")).item()).toBeCloseTo(12, 12);
    expect(d2(t(2, "float64")).item()).toBeCloseTo(12, 12);
    expect(d2(t(-1.5, "float64")).item()).toBeCloseTo(-9, 12);
    expect(d3(t(0.3, "float64")).item()).toBeCloseTo(6, 12);
    // with power, sums and an elementwise input
    const d2p = ops.grad((x: T) => ops.sum(ops.grad((y: T) => ops.sum(ops.power(y, 3)))(x)));
    expect(d2p(t([1, 2, 3])).arraySync()).toEqual([6, 12, 18]);
  });

  it("sums gradients over broadcast axes and over repeated uses", () => {
    const x = t([[1, 2, 3], [4, 5, 6]]);
    const gb = ops.grad((b: T) => ops.sum(ops.multiply(ops.add(x, b), 2)))(t([0, 0, 0]));
    expect(gb.arraySync()).toEqual([4, 4, 4]);
    const gc = ops.grad((c: T) => ops.sum(ops.multiply(x, c)))(t([[1], [1]]));
    expect(gc.arraySync()).toEqual([[6], [15]]);
    const gs = ops.grad((s: T) => ops.sum(ops.add(x, s)))(t(0));
    expect(gs.shape).toEqual([]);
    expect(gs.item()).toBe(6);
    // x used three times: d/dx (x + x*x) = 1 + 2x
    expect(ops.grad((y: T) => ops.sum(ops.add(y, ops.multiply(y, y))))(t([1, 2])).arraySync()).toEqual([3, 5]);
  });

  it("stops gradients at stopGradient", () => {
    const f = (x: T): T => ops.sum(ops.multiply(ops.stopGradient(x), x));
    expect(ops.grad(f)(t([2, 3])).arraySync()).toEqual([2, 3]);
    expect(ops.grad((x: T) => ops.sum(ops.stopGradient(ops.square(x))))(t([2, 3])).arraySync()).toEqual([0, 0]);
  });

  it("records nothing inside withoutGradient", () => {
    const g = ops.grad((x: T) => ops.sum(withoutGradient(() => ops.square(x))))(t([2, 3]));
    expect(g.arraySync()).toEqual([0, 0]);
  });

  it("rejects a non-scalar output, naming its shape", () => {
    expect(() => ops.grad((x: T) => ops.square(x))(t([1, 2]))).toThrow(
      "grad: the function must return a scalar, but it returned a tensor of shape (2,).",
    );
    expect(() => ops.valueAndGrad((x: T) => ops.reshape(x, [2, 1]))(t([1, 2]))).toThrow("shape (2, 1)");
  });

  it("leaves the tape stack clean when the function throws", () => {
    expect(() =>
      ops.grad((_x: T) => {
        throw new Error("boom");
      })(t([1])),
    ).toThrow("boom");
    expect(ops.grad((x: T) => ops.sum(ops.square(x)))(t([5])).arraySync()).toEqual([10]);
  });

  it("gives float gradients for integer inputs", () => {
    const g = ops.grad((x: T) => ops.sum(ops.square(x)))(t([1, 2], "int32"));
    expect(g.dtype).toBe("float32");
    expect(g.arraySync()).toEqual([2, 4]);
  });
});
