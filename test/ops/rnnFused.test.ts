import { describe, expect, it } from "vitest";
import { grad } from "../../src/autodiff/grad.js";
import { getReferenceKernel } from "../../src/backend/registry.js";
import type { TensorData } from "../../src/backend/types.js";
import { features } from "../../src/backend/wasm/features.js";
import { lstmStepGradKernel, lstmStepKernel } from "../../src/backend/wasm/kernels/rnn.js";
import * as keras from "../../src/index.js";
import { lstmStep } from "../../src/ops/nn/rnn.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

/** The step as plain loops in double (an independent reference). */
function plainStep(zx: Tensor, hu: Tensor, bias: Tensor, cPrev: Tensor): [number[], number[]] {
  const [batch, units] = cPrev.shape as [number, number];
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const h: number[] = [];
  const c: number[] = [];
  for (let r = 0; r < batch; r++) {
    for (let j = 0; j < units; j++) {
      const z = (k: number) => Number(zx.values[r * 4 * units + k * units + j]) + Number(hu.values[r * 4 * units + k * units + j]) + Number(bias.values[k * units + j]);
      const cv = sig(z(1)) * Number(cPrev.values[r * units + j]) + sig(z(0)) * Math.tanh(z(2));
      c.push(cv);
      h.push(sig(z(3)) * Math.tanh(cv));
    }
  }
  return [h, c];
}

/** The step composed from unfused ops (what LSTMCell computes for other activations). */
function composedStep(zx: Tensor, hu: Tensor, bias: Tensor, cPrev: Tensor): [Tensor, Tensor] {
  const [zi, zf, zc, zo] = ops.split(ops.add(ops.add(zx, hu), bias), 4, -1) as [Tensor, Tensor, Tensor, Tensor];
  const c = ops.add(ops.multiply(ops.sigmoid(zf), cPrev), ops.multiply(ops.sigmoid(zi), ops.tanh(zc)));
  return [ops.multiply(ops.sigmoid(zo), ops.tanh(c)), c];
}

function stepInputs(batch: number, units: number, scale = 2): [Tensor, Tensor, Tensor, Tensor] {
  return [
    randomTensor([batch, 4 * units], 1, -scale, scale),
    randomTensor([batch, 4 * units], 2, -scale, scale),
    randomTensor([4 * units], 3, -1, 1),
    randomTensor([batch, units], 4, -scale, scale),
  ];
}

const f32 = (t: Tensor): Tensor => ops.cast(t, "float32") as Tensor;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe("lstmStep (fused LSTM step)", () => {
  it("matches a plain-loop reference and the unfused composition (float64)", () => {
    const xs = stepInputs(3, 5);
    const [h, c] = lstmStep(...xs);
    const [hRef, cRef] = plainStep(...xs);
    expectClose(h.values as Float64Array, hRef, 1e-14);
    expectClose(c.values as Float64Array, cRef, 1e-14);
    const [hc, cc] = composedStep(...xs);
    expectClose(h.values as Float64Array, hc.values as Float64Array, 1e-14);
    expectClose(c.values as Float64Array, cc.values as Float64Array, 1e-14);
  });

  it("matches the reference in float32 on the active backend, with large pre-activations", () => {
    const xs = stepInputs(7, 12, 30);
    const [zx, hu, b, cp] = xs.map(f32) as [Tensor, Tensor, Tensor, Tensor];
    const [h, c] = lstmStep(zx, hu, b, cp);
    const [hRef, cRef] = plainStep(zx, hu, b, cp);
    expectClose(h.values as Float32Array, hRef, 1e-5);
    expectClose(c.values as Float32Array, cRef, 1e-5);
    expect(h.dtype).toBe("float32");
  });

  it("has float64 gradients matching finite differences (zx, hu, bias, cPrev; h and c used)", () => {
    const xs = stepInputs(2, 3);
    checkGradients((zx, hu, b, cp) => {
      const [h, c] = lstmStep(zx!, hu!, b!, cp!);
      return ops.concatenate([h, ops.multiply(c, 0.7)], -1) as Tensor;
    }, xs);
  });

  it("differentiates through several chained steps (the recurrence)", () => {
    const [zx, hu, b, c0] = stepInputs(2, 4);
    checkGradients(
      (z, cp) => {
        let c = cp!;
        let h = c;
        for (let t = 0; t < 3; t++) [h, c] = lstmStep(z!, hu!, b!, c);
        return ops.add(h, c) as Tensor;
      },
      [zx, c0],
    );
  });

  it("has correct second derivatives (the rule is written with ops under an outer tape)", () => {
    const [zx, hu, b, cp] = stepInputs(2, 3);
    const loss = (z: Tensor) => ops.sum(lstmStep(z, hu, b, cp)[0]) as Tensor;
    const lossComposed = (z: Tensor) => ops.sum(composedStep(z, hu, b, cp)[0]) as Tensor;
    // d/dz of sum(g ⊙ ∂loss/∂z) for a fixed g: a Hessian-vector product
    const g = randomTensor([2, 12], 5);
    const hvp = (f: (z: Tensor) => Tensor) => grad((z: Tensor) => ops.sum(ops.multiply(grad(f)(z), g)) as Tensor)(zx);
    expectClose(hvp(loss).values as Float64Array, hvp(lossComposed).values as Float64Array, 1e-12);
  });

  it("gives symbolic shapes and clear shape errors", () => {
    const [h, c] = lstmStep(new KerasTensor([null, 8]), new KerasTensor([null, 8]), new KerasTensor([8]), new KerasTensor([null, 2]));
    expect(h.shape).toEqual([null, 2]);
    expect(c.shape).toEqual([null, 2]);
    const [zx, hu, b, cp] = stepInputs(2, 3);
    expect(() => lstmStep(zx, hu, ops.ones([8]), cp)).toThrow(/lstmStep: expected gate inputs of shape \(batch, 4·units\), a bias of shape \(4·units,\).*\(2, 12\), \(2, 12\), \(8,\), \(2, 3\)/);
    expect(() => lstmStep(zx, hu, b, randomTensor([3, 3]))).toThrow(/lstmStep/);
    expect(() => lstmStep(ops.ones([2, 12], "int32"), hu, b, cp)).not.toThrow();
  });
});

function data(t: Tensor): TensorData {
  return { values: new Float32Array(t.values as Float64Array), shape: t.shape, dtype: "float32" };
}

describe.runIf(features.simd)("wasm lstmStep kernels", () => {
  // units 4, 8, 64 run the SIMD module, 6 the reference fallback; scale 30 saturates the gates
  for (const [batch, units, scale] of [
    [1, 4, 1],
    [5, 8, 0.2],
    [64, 64, 3],
    [3, 64, 30],
    [4, 6, 2],
  ] as const) {
    it(`agree with the reference kernels (batch ${batch}, units ${units}, |z| ≤ ${scale})`, () => {
      const ins = stepInputs(batch, units, scale).map(data);
      const out = lstmStepKernel(ins, {});
      const ref = getReferenceKernel("lstmStep")(ins, {});
      for (let k = 0; k < 2; k++) expectClose(out[k]!.values as Float32Array, ref[k]!.values as Float32Array, 1e-5);
      const gradIns = [...ins, ref[1]!, data(randomTensor([batch, units], 6, -scale, scale)), data(randomTensor([batch, units], 7))];
      const dOut = lstmStepGradKernel(gradIns, {});
      const dRef = getReferenceKernel("lstmStepGrad")(gradIns, {});
      expect(dOut).toHaveLength(3);
      for (let k = 0; k < 3; k++) {
        expect(dOut[k]!.shape).toEqual(dRef[k]!.shape);
        expectClose(dOut[k]!.values as Float32Array, dRef[k]!.values as Float32Array, 1e-5);
      }
    });
  }

  it("keep the activations' tails: σ and tanh saturate without NaN or overflow", () => {
    const z = new Float32Array(4 * 4).fill(0);
    z.set([-200, -90, -20, 0], 0);
    z.set([200, 90, 20, 1e-6], 8);
    const ins: TensorData[] = [
      { values: z, shape: [1, 16], dtype: "float32" },
      { values: new Float32Array(16), shape: [1, 16], dtype: "float32" },
      { values: new Float32Array(16), shape: [16], dtype: "float32" },
      { values: Float32Array.from([1, -1, 0.5, 3]), shape: [1, 4], dtype: "float32" },
    ];
    const out = lstmStepKernel(ins, {});
    const ref = getReferenceKernel("lstmStep")(ins, {});
    for (let k = 0; k < 2; k++) {
      for (const v of out[k]!.values) expect(Number.isFinite(v)).toBe(true);
      expectClose(out[k]!.values as Float32Array, ref[k]!.values as Float32Array, 1e-6);
    }
  });
});

describe("LSTM layer on the fused step", () => {
  it("gives the same outputs and gradients as an LSTM with an equivalent unfused activation", () => {
    // "sigmoid" and a user function computing sigmoid are the same math; only the first fuses
    const sigmoidFn = (x: Tensor) => ops.divide(1, ops.add(1, ops.exp(ops.negative(x)))) as Tensor;
    const x = randomTensor([3, 4, 5], 11);
    const make = (recurrentActivation: string | ((x: Tensor) => Tensor)) => {
      keras.utils.setRandomSeed(3);
      const layer = new keras.layers.LSTM(6, { recurrentActivation, returnSequences: true, dtype: "float64" });
      layer.apply(x);
      return layer;
    };
    const fused = make("sigmoid");
    const plain = make(sigmoidFn);
    expectClose((fused.apply(x) as Tensor).values as Float64Array, (plain.apply(x) as Tensor).values as Float64Array, 1e-12);
    const gradOf = (layer: keras.layers.LSTM) =>
      grad((w: Tensor[]) => {
        layer.cell.kernel!.assign(w[0]!);
        return ops.sum(ops.square(layer.apply(x) as Tensor)) as Tensor;
      });
    const w = [fused.cell.kernel!.value];
    const g = gradOf(fused)(w)[0]!.values as Float64Array;
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(1e-3);
    expectClose(g, gradOf(plain)(w)[0]!.values as Float64Array, 1e-10);
  });
});
