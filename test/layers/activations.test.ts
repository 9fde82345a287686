import { describe, expect, it } from "vitest";
import { ELU, LeakyReLU, PReLU, ReLU, Softmax } from "../../src/layers/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { randomTensor } from "../helpers/gradcheck.js";
import { fromFn, runLayerTest, view } from "../helpers/layerTest.js";

const x = new Tensor(Float32Array.from([-3, -1, -0.25, 0, 0.5, 2, 5, 8]), [2, 4], "float32");
const X = view(x);
const map = (f: (v: number) => number) => fromFn([2, 4], ([i, j]) => f(X.at(i!, j!)));

describe("activation layers", () => {
  it("ReLU with maxValue, negativeSlope, threshold", () => {
    runLayerTest({ cls: ReLU, inputShape: [2, 3] });
    expect(new ReLU().apply(x)).toBeAllclose(map((v) => Math.max(v, 0)));
    expect(new ReLU(6).apply(x)).toBeAllclose(map((v) => Math.min(Math.max(v, 0), 6)));
    const general = new ReLU({ maxValue: 4, negativeSlope: 0.1, threshold: 1 });
    expect(general.apply(x)).toBeAllclose(map((v) => (v >= 4 ? 4 : v >= 1 ? v : 0.1 * (v - 1))), { atol: 1e-6 });
    expect(general.getConfig()).toMatchObject({ max_value: 4, negative_slope: 0.1, threshold: 1 });
    expect(() => new ReLU(-1)).toThrow(/ReLU.*maxValue.*negative.*-1/);
    expect(() => new ReLU({ negativeSlope: -0.1 })).toThrow(/negativeSlope/);
  });

  it("LeakyReLU defaults to slope 0.3", () => {
    runLayerTest({ cls: LeakyReLU, inputShape: [2, 3] });
    expect(new LeakyReLU().apply(x)).toBeAllclose(map((v) => (v >= 0 ? v : 0.3 * v)), { atol: 1e-6 });
    expect(new LeakyReLU(0.1).getConfig()).toMatchObject({ negative_slope: 0.1 });
    expect(() => new LeakyReLU(-1)).toThrow(/LeakyReLU.*negativeSlope/);
    // Keras 2 configs spell it `alpha`
    expect(new LeakyReLU({ alpha: 0.2 }).getConfig()).toMatchObject({ negative_slope: 0.2 });
  });

  it("ELU", () => {
    runLayerTest({ cls: ELU, args: [0.5], inputShape: [2, 3] });
    expect(new ELU(0.5).apply(x)).toBeAllclose(map((v) => (v > 0 ? v : 0.5 * Math.expm1(v))), { atol: 1e-6 });
  });

  it("PReLU: learned alpha per position, shared axes, trains", () => {
    runLayerTest({ cls: PReLU, inputShape: [2, 3, 4], expectedWeights: [["alpha", [3, 4]]] });
    const { layer } = runLayerTest({ cls: PReLU, args: [{ sharedAxes: [1, 2] }], inputShape: [2, 3, 4, 5], expectedWeights: [["alpha", [1, 1, 5]]] });
    expect(layer.getConfig()).toMatchObject({ shared_axes: [1, 2], alpha_initializer: { class_name: "Zeros" } });
    const p = new PReLU();
    p.apply(x);
    p.setWeights([[0.1, 0.2, 0.3, 0.4]]);
    expect(p.apply(x)).toBeAllclose(fromFn([2, 4], ([i, j]) => (X.at(i!, j!) >= 0 ? X.at(i!, j!) : [0.1, 0.2, 0.3, 0.4][j!]! * X.at(i!, j!))), { atol: 1e-6 });
    expect(() => new PReLU().apply(new KerasTensor([null, null, 3]))).toThrow(/PReLU.*must be known.*sharedAxes/);
  });

  it("Softmax with axis and mask", () => {
    const { output } = runLayerTest({ cls: Softmax, inputShape: [2, 5] });
    const O = view(output);
    for (let i = 0; i < 2; i++) expect([0, 1, 2, 3, 4].reduce((s, j) => s + O.at(i, j), 0)).toBeCloseTo(1, 5);
    const s = new Softmax(0).apply(x) as Tensor;
    const S = view(s);
    for (let j = 0; j < 4; j++) expect(S.at(0, j) + S.at(1, j)).toBeCloseTo(1, 5);
    const logits = new Tensor(Float32Array.from([1, 2, 3, 1, 2, 3]), [2, 3], "float32");
    const mask = new Tensor(Uint8Array.from([1, 1, 0, 0, 1, 1]), [2, 3], "bool");
    const e = (v: number) => Math.exp(v);
    expect(new Softmax().apply(logits, { mask })).toBeAllclose(
      [
        [e(1) / (e(1) + e(2)), e(2) / (e(1) + e(2)), 0],
        [0, e(2) / (e(2) + e(3)), e(3) / (e(2) + e(3))],
      ],
      { atol: 1e-6 },
    );
    expect(() => new Softmax().apply(logits, { mask: new Tensor(Uint8Array.from([1, 1]), [2], "bool") })).toThrow(/Softmax.*mask must be broadcastable/);
    expect(new Softmax([1, 2]).getConfig()).toMatchObject({ axis: [1, 2] });
  });

  it("gradients flow through the parameter-free activations", () => {
    const inp = randomTensor([2, 3], 3);
    for (const layer of [new ReLU(), new LeakyReLU(), new ELU(), new Softmax()]) expect((layer.apply(inp) as Tensor).shape).toEqual([2, 3]);
  });
});
