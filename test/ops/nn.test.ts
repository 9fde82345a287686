import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

/** erf by Simpson's rule on 2/sqrt(pi) exp(-t^2) (an independent reference, ~1e-13). */
function erfRef(x: number): number {
  const n = 2000;
  const h = x / n;
  let s = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.exp(-((i * h) ** 2));
  return ((s * h) / 3) * (2 / Math.sqrt(Math.PI));
}

const sigmoidRef = (v: number) => 1 / (1 + Math.exp(-v));
const SELU_A = 1.6732632423543772;
const SELU_S = 1.0507009873554805;

/** Each activation with a plain-Math reference (defaults as in Keras). */
const ELEMENTWISE: [string, (x: Tensor) => Tensor, (v: number) => number][] = [
  ["relu", ops.relu, (v) => Math.max(v, 0)],
  ["relu6", ops.relu6, (v) => Math.min(Math.max(v, 0), 6)],
  ["sigmoid", ops.sigmoid, sigmoidRef],
  ["sparseSigmoid", ops.sparseSigmoid, (v) => (v <= -1 ? 0 : v >= 1 ? 1 : (v + 1) / 2)],
  ["softplus", ops.softplus, (v) => Math.log(1 + Math.exp(v))],
  ["softsign", ops.softsign, (v) => v / (Math.abs(v) + 1)],
  ["silu", ops.silu, (v) => v * sigmoidRef(v)],
  ["logSigmoid", ops.logSigmoid, (v) => Math.log(sigmoidRef(v))],
  ["leakyRelu", (x) => ops.leakyRelu(x), (v) => (v >= 0 ? v : 0.2 * v)],
  ["leakyRelu(0.1)", (x) => ops.leakyRelu(x, 0.1), (v) => (v >= 0 ? v : 0.1 * v)],
  ["hardSigmoid", ops.hardSigmoid, (v) => Math.min(Math.max(v + 3, 0), 6) / 6],
  ["hardSilu", ops.hardSilu, (v) => (v * Math.min(Math.max(v + 3, 0), 6)) / 6],
  ["elu", (x) => ops.elu(x), (v) => (v > 0 ? v : Math.exp(v) - 1)],
  ["elu(0.5)", (x) => ops.elu(x, 0.5), (v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))],
  ["selu", ops.selu, (v) => SELU_S * (v > 0 ? v : SELU_A * (Math.exp(v) - 1))],
  ["gelu", (x) => ops.gelu(x), (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
  ["gelu exact", (x) => ops.gelu(x, false), (v) => 0.5 * v * (1 + erfRef(v / Math.SQRT2))],
  ["celu", (x) => ops.celu(x), (v) => (v > 0 ? v : Math.exp(v) - 1)],
  ["celu(2)", (x) => ops.celu(x, 2), (v) => (v > 0 ? v : 2 * (Math.exp(v / 2) - 1))],
  ["hardTanh", ops.hardTanh, (v) => Math.min(Math.max(v, -1), 1)],
  ["softShrink", (x) => ops.softShrink(x), (v) => (v > 0.5 ? v - 0.5 : v < -0.5 ? v + 0.5 : 0)],
  ["hardShrink", (x) => ops.hardShrink(x), (v) => (Math.abs(v) > 0.5 ? v : 0)],
  ["hardShrink(1)", (x) => ops.hardShrink(x, 1), (v) => (Math.abs(v) > 1 ? v : 0)],
  ["tanhShrink", ops.tanhShrink, (v) => v - Math.tanh(v)],
  ["squareplus", (x) => ops.squareplus(x), (v) => (v + Math.sqrt(v * v + 4)) / 2],
  ["squarePlus(1)", (x) => ops.squarePlus(x, 1), (v) => (v + Math.sqrt(v * v + 1)) / 2],
  ["sparsePlus", ops.sparsePlus, (v) => (v <= -1 ? 0 : v >= 1 ? v : (v + 1) ** 2 / 4)],
  ["threshold", (x) => ops.threshold(x, 0.3, -2), (v) => (v > 0.3 ? v : -2)],
];

const SAMPLE = [-7, -3.2, -1, -0.7, -0.5, -0.2, 0, 0.2, 0.5, 0.9, 1, 2.5, 3, 6.5];

describe("activations", () => {
  it.each(ELEMENTWISE)("%s matches its closed form", (_name, f, ref) => {
    const x = ops.convertToTensor(Float64Array.from(SAMPLE));
    const y = f(x);
    expect(y.dtype).toBe("float64");
    expect(y).toBeAllclose(SAMPLE.map(ref), { rtol: 1e-9, atol: 1e-12 });
  });

  it.each(ELEMENTWISE)("%s: symbolic shape equals eager shape", (_name, f) => {
    const sym = f(new KerasTensor([null, 3]) as unknown as Tensor);
    expect(sym).toBeInstanceOf(KerasTensor);
    expect(sym.shape).toEqual([null, 3]);
    expect(sym.dtype).toBe("float32");
    expect(f(ops.convertToTensor([[1, 2, 3]])).shape).toEqual([1, 3]);
  });

  it.each(ELEMENTWISE.filter(([name]) => name !== "threshold" && !name.startsWith("hardShrink")))("%s: gradient matches finite differences", (_name, f) => {
    checkGradients((x) => f(x), [randomTensor([3, 5], 11, -4, 4)]);
  });

  it("hardShrink and threshold: gradient is 1 where x passes and 0 elsewhere", () => {
    const x = randomTensor([12], 3, -2, 2);
    checkGradients((t) => ops.hardShrink(t), [x]);
    checkGradients((t) => ops.threshold(t, 0.3, -2), [x]);
  });

  it("reproduces the Keras docstring examples", () => {
    expect(ops.relu([-1, 0, 1, 0.2])).toBeAllclose([0, 0, 1, 0.2]);
    expect(ops.relu6([-3, -2, 0.1, 0.2, 6, 8])).toBeAllclose([0, 0, 0.1, 0.2, 6, 6]);
    expect(ops.sigmoid([-6, 1, 0, 1, 6])).toBeAllclose([0.00247262, 0.7310586, 0.5, 0.7310586, 0.9975274]);
    expect(ops.softplus([-0.555, 0, 0.555])).toBeAllclose([0.45366603, 0.6931472, 1.008666]);
    expect(ops.softsign([-0.1, -10, 1, 0, 100])).toBeAllclose([-0.09090909, -0.90909094, 0.5, 0, 0.990099]);
    expect(ops.silu([-6, 1, 0, 1, 6])).toBeAllclose([-0.0148357, 0.7310586, 0, 0.7310586, 5.9851646], { rtol: 1e-5 });
    expect(ops.logSigmoid([-0.541391, 0, 0.5, 5])).toBeAllclose([-1.0000418, -0.6931472, -0.474077, -0.00671535], { rtol: 1e-5 });
    expect(ops.leakyRelu([-1, 0, 1])).toBeAllclose([-0.2, 0, 1]);
    expect(ops.hardSigmoid([-1, 0, 1])).toBeAllclose([1 / 3, 0.5, 2 / 3]);
    expect(ops.hardSilu([-3, -1, 0, 1, 3])).toBeAllclose([0, -0.3333333, 0, 0.6666667, 3]);
    expect(ops.elu([-1, 0, 1])).toBeAllclose([-0.63212055, 0, 1]);
    expect(ops.selu([-1, 0, 1])).toBeAllclose([-1.11133055, 0, 1.05070098]);
    expect(ops.gelu([-1, 0, 1], false)).toBeAllclose([-0.15865525, 0, 0.84134475]);
    expect(ops.celu([-1, 0, 1])).toBeAllclose([-0.63212056, 0, 1]);
    expect(ops.glu([-1, 0, 1, 1])).toBeAllclose([-0.73105858, 0]);
    expect(ops.tanhShrink([-1, 0, 1])).toBeAllclose([-0.23840584, 0, 0.23840584]);
    expect(ops.hardTanh([-2, -1, 0, 1, 2])).toBeAllclose([-1, -1, 0, 1, 1]);
    expect(ops.hardShrink([-0.5, 0, 1])).toBeAllclose([0, 0, 1]);
    expect(ops.softShrink([-1, 0, 1])).toBeAllclose([-0.5, 0, 0.5]);
    expect(ops.squareplus([-1, 0, 1])).toBeAllclose([0.618034, 1, 1.618034]);
    expect(ops.sparsePlus([-1, 0, 1])).toBeAllclose([0, 0.25, 1]);
    expect(ops.sparseSigmoid([-6, 1, 0, 1, 6])).toBeAllclose([0, 1, 0.5, 1, 1]);
    expect(ops.threshold([-1, 0, 1, 2], 1, 0)).toBeAllclose([0, 0, 0, 2]);
    expect(ops.softmax([-1, 0, 1])).toBeAllclose([0.09003057, 0.24472847, 0.66524096]);
    expect(ops.logSoftmax([-1, 0, 1])).toBeAllclose([-2.40760596, -1.40760596, -0.40760596]);
    expect(ops.sparsemax([-1, 0, 1])).toBeAllclose([0, 0, 1]);
  });

  it("smooth activations have their true derivative at exactly 0", () => {
    const at0 = (f: (t: Tensor) => Tensor): number => ops.grad((t: Tensor) => ops.sum(f(t)))(ops.convertToTensor([0], "float64")).dataSync()[0]!;
    expect(at0(ops.softplus)).toBeCloseTo(0.5, 12);
    expect(at0(ops.logSigmoid)).toBeCloseTo(0.5, 12);
    expect(at0(ops.sigmoid)).toBeCloseTo(0.25, 12);
    expect(at0(ops.silu)).toBeCloseTo(0.5, 12);
    expect(at0((t) => ops.gelu(t))).toBeCloseTo(0.5, 12);
    expect(at0((t) => ops.gelu(t, false))).toBeCloseTo(0.5, 12);
    expect(at0((t) => ops.celu(t))).toBeCloseTo(1, 12);
    expect(at0((t) => ops.celu(t, 3))).toBeCloseTo(1, 12);
    expect(at0((t) => ops.elu(t))).toBeCloseTo(1, 12);
    expect(at0(ops.softsign)).toBeCloseTo(1, 12);
    expect(at0((t) => ops.squareplus(t))).toBeCloseTo(0.5, 12);
    expect(at0(ops.tanhShrink)).toBeCloseTo(0, 12);
    expect(at0(ops.sparsePlus)).toBeCloseTo(0.5, 12);
    expect(at0(ops.hardSigmoid)).toBeCloseTo(1 / 6, 12);
    expect(at0(ops.hardSilu)).toBeCloseTo(0.5, 12);
  });

  it("swish and hardSwish are the same functions as silu and hardSilu", () => {
    expect(ops.swish).toBe(ops.silu);
    expect(ops.hardSwish).toBe(ops.hardSilu);
  });

  it("relu keeps integer dtypes; the others compute in float32", () => {
    const i = ops.convertToTensor([-2, 3], "int32");
    expect(ops.relu(i).dtype).toBe("int32");
    expect(ops.relu(i).arraySync()).toEqual([0, 3]);
    expect(ops.sigmoid(i).dtype).toBe("float32");
    expect(ops.gelu(i).dtype).toBe("float32");
  });

  it("softplus, logSigmoid, elu and selu stay finite (with finite gradients) at ±1000", () => {
    const x = ops.convertToTensor([1000, -1000, 0]);
    expect(ops.softplus(x)).toBeAllclose([1000, 0, Math.LN2]);
    expect(ops.logSigmoid(x)).toBeAllclose([0, -1000, -Math.LN2]);
    expect(ops.sigmoid(x)).toBeAllclose([1, 0, 0.5]);
    for (const f of [ops.softplus, ops.logSigmoid, ops.silu, (t: Tensor) => ops.elu(t), ops.selu, (t: Tensor) => ops.celu(t), (t: Tensor) => ops.gelu(t, false)]) {
      const g = ops.grad((t: Tensor) => ops.sum(f(t)))(ops.convertToTensor([1000, -1000, 3], "float64"));
      for (const v of g.dataSync()) expect(Number.isFinite(v)).toBe(true);
    }
    const gs = ops.grad((t: Tensor) => ops.sum(ops.softplus(t)))(ops.convertToTensor([1000, -1000], "float64"));
    expect(gs).toBeAllclose([1, 0]);
  });
});

describe("glu", () => {
  it("splits along the axis into a * sigmoid(b)", () => {
    const x = randomTensor([2, 4, 3], 4, -2, 2);
    const v = x.values;
    const y = ops.glu(x, 1);
    expect(y.shape).toEqual([2, 2, 3]);
    const ref: number[] = [];
    for (let n = 0; n < 2; n++) for (let i = 0; i < 2; i++) for (let k = 0; k < 3; k++) {
      const a = v[n * 12 + i * 3 + k]!;
      const b = v[n * 12 + (i + 2) * 3 + k]!;
      ref.push(a * sigmoidRef(b));
    }
    expect(y).toBeAllclose(ref, { ignoreShape: true, rtol: 1e-12 });
  });

  it("gradients, symbolic shapes and a clear error for odd sizes", () => {
    checkGradients((t) => ops.glu(t), [randomTensor([3, 4], 8, -2, 2)]);
    checkGradients((t) => ops.glu(t, 0), [randomTensor([4, 3], 9, -2, 2)]);
    expect(ops.glu(new KerasTensor([null, 6]) as unknown as Tensor).shape).toEqual([null, 3]);
    expect(ops.glu(new KerasTensor([null, 6]) as unknown as Tensor, 0).shape).toEqual([null, 6]);
    expect(() => ops.glu(ops.convertToTensor([[1, 2, 3]]))).toThrow("glu: the size of axis -1 must be divisible by 2, but received x with shape (1, 3)");
  });
});

/** Row-wise softmax with plain Math (subtracting the max). */
function softmaxRows(rows: number[][]): number[][] {
  return rows.map((r) => {
    const m = Math.max(...r);
    const e = r.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
}

describe("softmax, logSoftmax, sparsemax", () => {
  const rows = [
    [0.5, -1.25, 2, 0.1],
    [3, 3, -4, 0],
    [-0.3, 0.7, 1.1, -2.2],
  ];

  it("match closed forms along any axis", () => {
    const x = ops.convertToTensor(rows);
    const ref = softmaxRows(rows);
    expect(ops.softmax(x)).toBeAllclose(ref);
    expect(ops.logSoftmax(x)).toBeAllclose(ref.map((r) => r.map(Math.log)), { rtol: 1e-5, atol: 1e-5 });
    const cols = rows[0]!.map((_, j) => rows.map((r) => r[j]!));
    const refT = softmaxRows(cols);
    expect(ops.softmax(x, 0)).toBeAllclose(rows.map((r, i) => r.map((_, j) => refT[j]![i]!)));
    expect(ops.transpose(ops.softmax(ops.transpose(x)))).toBeAllclose(ops.softmax(x, 0));
  });

  it("softmax over several axes normalizes over all of them", () => {
    const x = randomTensor([2, 3, 4], 5, -3, 3);
    const y = ops.softmax(x, [1, 2]);
    const sums = ops.sum(y, [1, 2]);
    expect(sums).toBeAllclose([1, 1], { rtol: 1e-12 });
    expect(ops.logSoftmax(x, [1, 2])).toBeAllclose(ops.log(y), { rtol: 1e-10 });
  });

  it("are stable for huge logits", () => {
    const x = ops.convertToTensor([
      [1000, 0, -1000],
      [1000, 1000, 1000],
      [-1000, -1000, 0],
    ]);
    expect(ops.softmax(x)).toBeAllclose([
      [1, 0, 0],
      [1 / 3, 1 / 3, 1 / 3],
      [0, 0, 1],
    ]);
    expect(ops.logSoftmax(x)).toBeAllclose([
      [0, -1000, -2000],
      [-Math.log(3), -Math.log(3), -Math.log(3)],
      [-1000, -1000, 0],
    ]);
    const g = ops.grad((t: Tensor) => ops.sum(ops.multiply(ops.logSoftmax(t), [[0, 1, 0], [1, 0, 0], [0, 0, 1]])))(ops.convertToTensor(x.arraySync(), "float64"));
    // d/dx sum(target * logSoftmax(x)) = target - softmax(x)
    expect(g).toBeAllclose([
      [-1, 1, 0],
      [1 - 1 / 3, -1 / 3, -1 / 3],
      [0, 0, 0],
    ]);
  });

  it("sparsemax projects onto the simplex (sorted-threshold reference)", () => {
    const sparsemaxRef = (z: number[]): number[] => {
      const s = [...z].sort((a, b) => b - a);
      let cum = 0;
      let k = 0;
      let kSum = 0;
      s.forEach((v, i) => {
        cum += v;
        if (1 + (i + 1) * v > cum) {
          k = i + 1;
          kSum = cum;
        }
      });
      const tau = (kSum - 1) / k;
      return z.map((v) => Math.max(v - tau, 0));
    };
    const data = [
      [0.5, -1.25, 2, 0.1],
      [0.3, 0.3, 0.25, -1],
      [1, 1, 1, 1],
      [-0.3, 0.7, 0.9, 0.6],
    ];
    const y = ops.sparsemax(data);
    expect(y).toBeAllclose(data.map(sparsemaxRef), { atol: 1e-6 });
    expect(ops.sum(y, -1)).toBeAllclose([1, 1, 1, 1], { rtol: 1e-6 });
    const yT = ops.sparsemax(ops.transpose(ops.convertToTensor(data)), 0);
    expect(ops.transpose(yT)).toBeAllclose(data.map(sparsemaxRef), { atol: 1e-6 });
  });

  it("gradients match finite differences", () => {
    const x = randomTensor([3, 4], 21, -3, 3);
    checkGradients((t) => ops.softmax(t), [x]);
    checkGradients((t) => ops.softmax(t, 0), [x]);
    checkGradients((t) => ops.logSoftmax(t), [x]);
    checkGradients((t) => ops.logSoftmax(t, [0, 1]), [x]);
    checkGradients((t) => ops.sparsemax(t), [randomTensor([3, 5], 22, -1, 1)]);
    checkGradients((t) => ops.sparsemax(t, 0), [randomTensor([5, 3], 23, -1, 1)]);
  });

  it("symbolic shapes equal eager shapes; bad axes are named", () => {
    for (const f of [ops.softmax, ops.logSoftmax, ops.sparsemax]) {
      expect(f(new KerasTensor([null, 3]) as unknown as Tensor).shape).toEqual([null, 3]);
      expect(f(ops.convertToTensor([[1, 2, 3]])).shape).toEqual([1, 3]);
    }
    expect(ops.sparsemax(new KerasTensor([null, 3, 4]) as unknown as Tensor, 1).shape).toEqual([null, 3, 4]);
    expect(() => ops.softmax(ops.convertToTensor([[1, 2]]), 2)).toThrow("softmax: axis 2 is out of bounds for a tensor of rank 2");
  });
});

describe("moments", () => {
  it("gives the mean and the biased variance (Keras docstring example)", () => {
    const [m, v] = ops.moments(ops.convertToTensor([0, 1, 2, 3, 100]), [0]);
    expect(m.shape).toEqual([]);
    expect(m).toBeAllclose(21.2);
    expect(v).toBeAllclose(1553.36, { rtol: 1e-6 });
  });

  it("reduces several axes, with keepdims", () => {
    const x = randomTensor([2, 3, 4], 31);
    const vals = Array.from(x.values);
    const [m, v] = ops.moments(x, [0, 2], true);
    expect(m.shape).toEqual([1, 3, 1]);
    const refM: number[] = [];
    const refV: number[] = [];
    for (let j = 0; j < 3; j++) {
      const sel: number[] = [];
      for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) sel.push(vals[i * 12 + j * 4 + k]!);
      const mean = sel.reduce((a, b) => a + b, 0) / sel.length;
      refM.push(mean);
      refV.push(sel.reduce((a, b) => a + (b - mean) ** 2, 0) / sel.length);
    }
    expect(m).toBeAllclose(refM, { ignoreShape: true, rtol: 1e-12 });
    expect(v).toBeAllclose(refV, { ignoreShape: true, rtol: 1e-12 });
    checkGradients((t) => ops.moments(t, [0, 2])[0], [x]);
    checkGradients((t) => ops.moments(t, [0, 2])[1], [x]);
  });

  it("symbolic shapes, including an unknown reduced axis", () => {
    const [m, v] = ops.moments(new KerasTensor([null, 3]) as unknown as Tensor, [0]);
    expect(m.shape).toEqual([3]);
    expect(v.shape).toEqual([3]);
    const [mk] = ops.moments(new KerasTensor([null, 3]) as unknown as Tensor, [1], true);
    expect(mk.shape).toEqual([null, 1]);
    expect(() => ops.moments([1, 2], [0], false, true)).toThrow("synchronized=true");
  });
});

describe("batchNormalization", () => {
  it("reproduces the Keras docstring example", () => {
    const y = ops.batchNormalization(
      [
        [0.1, 0.2, 0.3],
        [0.4, 0.5, 0.6],
        [0.7, 0.8, 0.9],
      ],
      [0.4, 0.5, 0.6],
      [0.67, 0.67, 0.67],
      -1,
    );
    expect(y).toBeAllclose(
      [
        [-0.36624, -0.36624, -0.36624],
        [0, 0, 0],
        [0.36624, 0.36624, 0.36624],
      ],
      { atol: 1e-5 },
    );
  });

  it("applies offset and scale along any axis", () => {
    const x = randomTensor([2, 3, 2], 41, -2, 2);
    const mean = randomTensor([3], 42);
    const variance = randomTensor([3], 43, 0.5, 2);
    const offset = randomTensor([3], 44);
    const scale = randomTensor([3], 45, 0.5, 1.5);
    const y = ops.batchNormalization(x, mean, variance, 1, offset, scale, 0.01);
    const ref = Array.from(x.values).map((v, idx) => {
      const c = Math.floor(idx / 2) % 3;
      return ((v - mean.values[c]!) / Math.sqrt(variance.values[c]! + 0.01)) * scale.values[c]! + offset.values[c]!;
    });
    expect(y).toBeAllclose(ref, { ignoreShape: true, rtol: 1e-12 });
    checkGradients((a, m, v, o, s) => ops.batchNormalization(a, m, v, 1, o, s), [x, mean, variance, offset, scale]);
  });

  it("symbolic shape and a clear error for a wrong-length vector", () => {
    expect(ops.batchNormalization(new KerasTensor([null, 3]) as unknown as Tensor, [0, 0, 0], [1, 1, 1], -1).shape).toEqual([null, 3]);
    expect(() => ops.batchNormalization(ops.convertToTensor([[1, 2, 3]]), [0, 0], [1, 1, 1], -1)).toThrow(
      "batchNormalization: argument `mean` must be a vector of length x.shape[axis] (axis 1 of x with shape (1, 3), expected shape (3,)), but received shape (2,)",
    );
  });
});

describe("normalize, rmsNormalization, layerNormalization", () => {
  it("normalize: Keras docstring example and other orders", () => {
    expect(ops.normalize([[1, 2, 3], [4, 5, 6]])).toBeAllclose([
      [0.26726124, 0.5345225, 0.8017837],
      [0.45584232, 0.5698029, 0.68376344],
    ]);
    expect(ops.normalize([[1, -2, 3]], -1, 1)).toBeAllclose([[1 / 6, -2 / 6, 3 / 6]]);
    const n3 = Math.cbrt(1 + 8 + 27);
    expect(ops.normalize([[1, -2, 3]], -1, 3)).toBeAllclose([[1 / n3, -2 / n3, 3 / n3]]);
    expect(ops.normalize([[1, 2], [3, 4]], 0)).toBeAllclose([
      [1 / Math.sqrt(10), 2 / Math.sqrt(20)],
      [3 / Math.sqrt(10), 4 / Math.sqrt(20)],
    ]);
    // zero vectors stay zero, with a finite gradient
    expect(ops.normalize([[0, 0, 0]])).toBeAllclose([[0, 0, 0]]);
    const g = ops.grad((t: Tensor) => ops.sum(ops.normalize(t)))(ops.convertToTensor([[0, 0]], "float64"));
    for (const v of g.dataSync()) expect(Number.isFinite(v)).toBe(true);
    expect(() => ops.normalize([1, 2], -1, 0)).toThrow("normalize: argument `order` must be an integer >= 1");
    checkGradients((t) => ops.normalize(t), [randomTensor([2, 4], 51)]);
    checkGradients((t) => ops.normalize(t, 0, 1), [randomTensor([3, 2], 52, 0.2, 1)]);
    checkGradients((t) => ops.normalize(t, -1, 3), [randomTensor([2, 3], 53, 0.2, 1)]);
    expect(ops.normalize(new KerasTensor([null, 3]) as unknown as Tensor).shape).toEqual([null, 3]);
  });

  it("rmsNormalization = x / sqrt(mean(x^2) + eps) * scale", () => {
    const rows = [
      [1, 2, 3, 4],
      [-0.5, 0.25, 2, -1],
    ];
    const scale = [1, 2, 0.5, -1];
    const ref = rows.map((r) => {
      const ms = r.reduce((a, b) => a + b * b, 0) / r.length;
      return r.map((v, j) => (v / Math.sqrt(ms + 1e-7)) * scale[j]!);
    });
    expect(ops.rmsNormalization(rows, scale)).toBeAllclose(ref);
    checkGradients((t, s) => ops.rmsNormalization(t, s), [randomTensor([2, 4], 61), randomTensor([4], 62)]);
    expect(ops.rmsNormalization(new KerasTensor([null, 4]) as unknown as Tensor, scale).shape).toEqual([null, 4]);
  });

  it("layerNormalization: Keras docstring example, gamma/beta, several axes", () => {
    expect(ops.layerNormalization([0, 1, 2, 3, 4])).toBeAllclose([-1.4142135, -0.70710677, 0, 0.7071067, 1.4142135], { atol: 1e-6 });
    const x = randomTensor([2, 3, 4], 71, -2, 2);
    const gamma = randomTensor([3, 4], 72, 0.5, 1.5);
    const beta = randomTensor([3, 4], 73);
    const y = ops.layerNormalization(x, gamma, beta, [1, 2], 1e-3);
    const vals = Array.from(x.values);
    const ref: number[] = [];
    for (let n = 0; n < 2; n++) {
      const sel = vals.slice(n * 12, n * 12 + 12);
      const m = sel.reduce((a, b) => a + b, 0) / 12;
      const v = sel.reduce((a, b) => a + (b - m) ** 2, 0) / 12;
      sel.forEach((s, i) => ref.push(((s - m) / Math.sqrt(v + 1e-3)) * gamma.values[i]! + beta.values[i]!));
    }
    expect(y).toBeAllclose(ref, { ignoreShape: true, rtol: 1e-10 });
    checkGradients((t, g, b) => ops.layerNormalization(t, g, b, [1, 2]), [x, gamma, beta]);
    checkGradients((t) => ops.layerNormalization(t, null, null, 0), [randomTensor([3, 2], 74)]);
    expect(ops.layerNormalization(new KerasTensor([null, 3]) as unknown as Tensor).shape).toEqual([null, 3]);
  });
});
