import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { run1, runPrimitive } from "../../src/autodiff/engine.js";
import { adamUpdate, biasActivation, convBiasActivation } from "../../src/ops/nn/fused.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

/**
 * The fused primitives (reluGrad, biasActivation, fusedConv) must equal the compositions they
 * replace exactly, and have correct gradients (float64 central differences).
 */

const f32 = (t: Tensor): Tensor => ops.convertToTensor(t, "float32") as Tensor;
const bits = (t: Tensor): number[] => Array.from(t.values as Float32Array);

describe("reluGrad", () => {
  it("passes dy where y > 0 and zero elsewhere", () => {
    const dy = ops.convertToTensor([1.5, -2, 3, 4, -5]) as Tensor;
    const y = ops.convertToTensor([0, 0.5, 0, 2, -0]) as Tensor;
    expect(run1("reluGrad", [dy, y])).toBeAllclose([0, -2, 0, 4, 0]);
  });

  it("makes relu's gradient, and relu's second derivative through it", () => {
    const x = ops.convertToTensor([-2, -0.5, 0.25, 3]) as Tensor;
    const g = ops.grad((t: Tensor) => ops.sum(ops.multiply(ops.relu(t), t)))(x) as Tensor;
    // d/dx (relu(x)·x) = 2x for x > 0, 0 for x < 0
    expect(g).toBeAllclose([0, 0, 0.5, 6]);
    checkGradients((t) => ops.relu(ops.multiply(t, t)), [randomTensor([3, 4], 3)]);
    // the gradient itself is differentiable in dy (grad of grad)
    // d/dt Σ grad_u(Σ relu(u)·t)(c) = d/dt Σ t·relu'(c) = relu'(c), c a separate constant
    const c = ops.add(x, 0) as Tensor;
    const gg = ops.grad((t: Tensor) => ops.sum(ops.grad((u: Tensor) => ops.sum(ops.multiply(ops.relu(u), t)))(c) as Tensor))(x) as Tensor;
    expect(gg).toBeAllclose([0, 0, 1, 1]);
  });
});

describe("biasActivation", () => {
  it("equals activation(z + b) bit for bit in float32", () => {
    const z = f32(randomTensor([4, 3, 5], 1, -2, 2));
    const b = f32(randomTensor([5], 2));
    expect(bits(biasActivation(z, b, "relu"))).toEqual(bits(ops.relu(ops.add(z, b)) as Tensor));
    expect(bits(biasActivation(z, b, "linear"))).toEqual(bits(ops.add(z, b) as Tensor));
  });

  it("has the gradients of the composition", () => {
    for (const act of ["relu", "linear"] as const) {
      checkGradients((z, b) => biasActivation(z, b, act), [randomTensor([3, 2, 4], 5), randomTensor([4], 6)]);
      checkGradients((z, b) => biasActivation(z, b, act), [randomTensor([2, 3], 7), randomTensor([3], 8)]);
    }
  });

  it("its backward (biasActivationGrad) equals reluGrad + sum bit for bit and is differentiable again", () => {
    const dy = f32(randomTensor([5, 3, 7], 51));
    const y = f32(randomTensor([5, 3, 7], 52));
    for (const activation of ["relu", "linear"] as const) {
      const [dz, db] = runPrimitive("biasActivationGrad", [dy, y], { activation }) as Tensor[];
      const want = activation === "relu" ? (run1("reluGrad", [dy, y]) as Tensor) : dy;
      expect(bits(dz!)).toEqual(bits(want));
      expect(bits(db!)).toEqual(bits(ops.sum(want, [0, 1]) as Tensor));
      // second order: the gradient of a function of both first-order gradients
      checkGradients(
        (z, b) => {
          const [gz, gb] = ops.grad(([zz, bb]: Tensor[]) => ops.sum(ops.square(biasActivation(zz!, bb!, activation))))([z, b]) as Tensor[];
          return ops.add(ops.sum(ops.multiply(gz!, gz!)), ops.sum(ops.multiply(gb!, gb!))) as Tensor;
        },
        [randomTensor([3, 4], 53), randomTensor([4], 54)],
      );
    }
  });

  it("works on symbolic tensors and checks the bias shape", () => {
    const y = biasActivation(new KerasTensor([null, 7]), new KerasTensor([7]), "relu");
    expect(y.shape).toEqual([null, 7]);
    expect(() => biasActivation(ops.ones([2, 3]) as Tensor, ops.ones([4]), "relu")).toThrow(/biasActivation: the bias must have shape \(3,\).*\(2, 3\).*\(4,\)/);
  });
});

describe("fusedConv", () => {
  const cases: [string, number[], number[], Parameters<typeof convBiasActivation>[4], string, string | null, number | number[]][] = [
    ["2-D valid", [2, 6, 5, 3], [3, 3, 3, 4], 1, "valid", null, 1],
    ["2-D strided same", [1, 7, 6, 2], [3, 2, 2, 3], [2, 1], "same", null, 1],
    ["2-D dilated", [1, 7, 7, 2], [2, 2, 2, 2], 1, "valid", null, 2],
    ["2-D grouped", [1, 5, 5, 4], [3, 3, 2, 4], 1, "same", null, 1],
    ["2-D channels_first", [1, 2, 5, 4], [2, 3, 2, 3], 2, "same", "channels_first", 1],
    ["1-D", [2, 9, 2], [3, 2, 3], 2, "same", null, 1],
    ["3-D", [1, 4, 4, 3, 2], [2, 2, 2, 2, 2], 1, "valid", null, 1],
  ];

  it.each(cases)("%s equals activation(conv + bias) bit for bit in float32", (_name, xs, ws, s, p, df, d) => {
    const x = f32(randomTensor(xs, 11));
    const w = f32(randomTensor(ws, 12));
    const cout = ws[ws.length - 1]!;
    const b = f32(randomTensor([cout], 13));
    const z = ops.conv(x, w, s, p, df, d) as Tensor;
    const bShape = df === "channels_first" ? [1, cout, ...xs.slice(2).map(() => 1)] : [cout];
    const expectedRelu = ops.relu(ops.add(z, ops.reshape(b, bShape))) as Tensor;
    expect(bits(convBiasActivation(x, w, b, "relu", s, p, df, d))).toEqual(bits(expectedRelu));
    expect(bits(convBiasActivation(x, w, b, "linear", s, p, df, d))).toEqual(bits(ops.add(z, ops.reshape(b, bShape)) as Tensor));
  });

  it.each(cases)("%s has the gradients of the composition", (_name, xs, ws, s, p, df, d) => {
    const cout = ws[ws.length - 1]!;
    for (const act of ["relu", "linear"] as const) {
      checkGradients((x, w, b) => convBiasActivation(x, w, b, act, s, p, df, d), [randomTensor(xs, 21), randomTensor(ws, 22), randomTensor([cout], 23)]);
    }
  });

  it("gives symbolic shapes like conv and rejects a wrong bias", () => {
    const y = convBiasActivation(new KerasTensor([null, 28, 28, 1]) as unknown as Tensor, ops.ones([3, 3, 1, 8]), ops.ones([8]), "relu");
    expect(y.shape).toEqual([null, 26, 26, 8]);
    expect(() => convBiasActivation(ops.ones([1, 5, 5, 1]), ops.ones([3, 3, 1, 8]), ops.ones([4]), "relu")).toThrow(/fusedConv: the bias must have shape \(8,\)/);
  });
});

describe("layers on the fused path", () => {
  it("Dense(relu) and Conv2D(relu) equal the unfused layer math", () => {
    const dense = new keras.layers.Dense({ units: 6, activation: "relu" });
    const x = f32(randomTensor([4, 5], 31, -2, 2));
    const y = dense.apply(x) as Tensor;
    const [k, b] = dense.weights.map((v) => v.value);
    expect(bits(y)).toEqual(bits(ops.relu(ops.add(ops.matmul(x, k!), b!)) as Tensor));

    const conv = new keras.layers.Conv2D({ filters: 3, kernelSize: 2, activation: "relu", padding: "same" });
    const xi = f32(randomTensor([2, 4, 5, 2], 32, -2, 2));
    const yc = conv.apply(xi) as Tensor;
    const [kc, bc] = conv.weights.map((v) => v.value);
    expect(bits(yc)).toEqual(bits(ops.relu(ops.add(ops.conv(xi, kc!, 1, "same"), bc!)) as Tensor));
  });

  it("the relu and linear activations select the fused kernels", () => {
    for (const a of ["relu", keras.activations.relu, null, "linear", keras.activations.linear]) {
      expect(keras.activations.fusedMode(keras.activations.get(a))).not.toBeNull();
    }
    for (const a of ["tanh", "relu6", "leaky_relu", (x: Tensor) => ops.relu(x) as Tensor]) {
      expect(keras.activations.fusedMode(keras.activations.get(a))).toBeNull();
    }
  });

  it("other activations and no bias keep the composed path", () => {
    const dense = new keras.layers.Dense({ units: 3, activation: "tanh", useBias: false });
    const x = f32(randomTensor([2, 4], 33));
    const y = dense.apply(x) as Tensor;
    expect(y).toBeAllclose(ops.tanh(ops.matmul(x, dense.weights[0]!.value)) as Tensor, { rtol: 1e-6 });
  });
});

describe("adamUpdate", () => {
  it("equals Adam's op composition bit for bit in float32", () => {
    const w = f32(randomTensor([7, 5], 41));
    const m = f32(randomTensor([7, 5], 42, -0.1, 0.1));
    const v = f32(randomTensor([7, 5], 43, 0, 0.01));
    const g = f32(randomTensor([7, 5], 44));
    const step = { alpha: Math.fround(0.001 * Math.sqrt(1 - 0.999 ** 3) / (1 - 0.9 ** 3)), beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
    const m2 = ops.add(m, ops.multiply(ops.subtract(g, m), 1 - step.beta1)) as Tensor;
    const v2 = ops.add(v, ops.multiply(ops.subtract(ops.square(g), v), 1 - step.beta2)) as Tensor;
    const w2 = ops.subtract(w, ops.divide(ops.multiply(m2, step.alpha), ops.add(ops.sqrt(v2), step.epsilon))) as Tensor;
    const [fw, fm, fv] = adamUpdate(w, m, v, g, step);
    expect(bits(fm)).toEqual(bits(m2));
    expect(bits(fv)).toEqual(bits(v2));
    expect(bits(fw)).toEqual(bits(w2));
  });

  it("rejects mismatched shapes", () => {
    const w = ops.ones([2, 3]) as Tensor;
    expect(() => adamUpdate(w, w, w, ops.ones([3, 2]) as Tensor, { alpha: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 })).toThrow(/adamUpdate: g has shape \(3, 2\) \(float32\), but the variable has shape \(2, 3\)/);
  });
});
