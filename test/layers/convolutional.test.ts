import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import {
  Conv1D,
  Conv1DTranspose,
  Conv2D,
  Conv2DTranspose,
  Conv3D,
  Conv3DTranspose,
  DepthwiseConv1D,
  DepthwiseConv2D,
  SeparableConv1D,
  SeparableConv2D,
} from "../../src/layers/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { randomTensor } from "../helpers/gradcheck.js";
import { fromFn, indices, runLayerTest, view } from "../helpers/layerTest.js";

// ---------------------------------------------------------------------------------------------
// Independent references: plain loops over the definitions (channels_last).

/** TensorFlow's "same" padding before the input along one dim (the odd cell goes after). */
const samePadBefore = (size: number, k: number, s: number, d: number): number => {
  const keff = (k - 1) * d + 1;
  return Math.floor(Math.max((Math.ceil(size / s) - 1) * s + keff - size, 0) / 2);
};

interface Geometry {
  strides: number[];
  dilations: number[];
  padBefore: number[];
  outSpatial: number[];
  groups?: number;
}

/** y[b, o…, co] = Σ x[b, o·s + t·d − pb, g·cinG + ci] · w[t…, ci, co]. */
function convRef(x: Tensor, w: Tensor, geo: Geometry): Tensor {
  const X = view(x);
  const W = view(w);
  const nd = x.shape.length - 2;
  const cin = x.shape[nd + 1]!;
  const [cinG, cout] = [w.shape[nd]!, w.shape[nd + 1]!];
  const groups = geo.groups ?? 1;
  const coutG = cout / groups;
  const kShape = w.shape.slice(0, nd);
  return fromFn([x.shape[0]!, ...geo.outSpatial, cout], (idx) => {
    const [b, co] = [idx[0]!, idx[nd + 1]!];
    const g = Math.floor(co / coutG);
    let acc = 0;
    for (const t of indices(kShape)) {
      const pos = t.map((tk, i) => idx[i + 1]! * geo.strides[i]! + tk * geo.dilations[i]! - geo.padBefore[i]!);
      if (pos.some((p, i) => p < 0 || p >= x.shape[i + 1]!)) continue;
      for (let ci = 0; ci < cinG; ci++) acc += X.at(b, ...pos, g * cinG + ci) * W.at(...t, ci, co);
    }
    void cin;
    return acc;
  });
}

/** Transposed conv as the scatter of each input cell through the kernel, then the crop. */
function convTransposeRef(x: Tensor, w: Tensor, strides: number[], outSpatial: number[], padBefore: number[]): Tensor {
  const X = view(x);
  const W = view(w);
  const nd = x.shape.length - 2;
  const [cout, cin] = [w.shape[nd]!, w.shape[nd + 1]!];
  const out = new Float64Array(x.shape[0]! * outSpatial.reduce((a, b) => a * b, 1) * cout);
  const outShape = [x.shape[0]!, ...outSpatial, cout];
  const strideOf = outShape.map((_, i) => outShape.slice(i + 1).reduce((a, b) => a * b, 1));
  for (const idx of indices(x.shape.slice(0, nd + 1))) {
    for (const t of indices(w.shape.slice(0, nd))) {
      const pos = t.map((tk, i) => idx[i + 1]! * strides[i]! + tk - padBefore[i]!);
      if (pos.some((p, i) => p < 0 || p >= outSpatial[i]!)) continue;
      for (let co = 0; co < cout; co++) {
        let acc = 0;
        for (let ci = 0; ci < cin; ci++) acc += X.at(...idx, ci) * W.at(...t, co, ci);
        out[[idx[0]!, ...pos, co].reduce((o, v, i) => o + v * strideOf[i]!, 0)] += acc;
      }
    }
  }
  return fromFn(outShape, (i) => out[i.reduce((o, v, k) => o + v * strideOf[k]!, 0)]!);
}

const transposeTensor = (t: Tensor, perm: number[]): Tensor => keras.ops.transpose(t, perm);

// ---------------------------------------------------------------------------------------------

describe("Conv layers: harness (config, shapes, weights, training step)", () => {
  it("Conv1D / Conv2D / Conv3D", () => {
    runLayerTest({ cls: Conv1D, args: [4, 3], inputShape: [2, 7, 3], expectedOutputShape: [2, 5, 4], expectedWeights: [["kernel", [3, 3, 4]], ["bias", [4]]] });
    runLayerTest({ cls: Conv1D, args: [4, 3, { padding: "causal", dilationRate: 2 }], inputShape: [2, 7, 3], expectedOutputShape: [2, 7, 4], expectedWeights: [["kernel", [3, 3, 4]], ["bias", [4]]] });
    runLayerTest({
      cls: Conv2D,
      args: [6, [3, 2], { strides: [2, 1], padding: "same", activation: "relu", groups: 2, useBias: false }],
      inputShape: [2, 5, 4, 4],
      expectedOutputShape: [2, 3, 4, 6],
      expectedWeights: [["kernel", [3, 2, 2, 6]]],
    });
    runLayerTest({ cls: Conv2D, args: [{ filters: 2, kernelSize: 2, dataFormat: "channels_first" }], inputShape: [1, 3, 4, 5], expectedOutputShape: [1, 2, 3, 4], expectedWeights: [["kernel", [2, 2, 3, 2]], ["bias", [2]]] });
    runLayerTest({ cls: Conv3D, args: [2, 2, { padding: "same" }], inputShape: [1, 3, 3, 3, 2], expectedOutputShape: [1, 3, 3, 3, 2], expectedWeights: [["kernel", [2, 2, 2, 2, 2]], ["bias", [2]]] });
  });

  it("transposed, depthwise and separable convolutions", () => {
    runLayerTest({ cls: Conv1DTranspose, args: [3, 3, { strides: 2 }], inputShape: [2, 4, 2], expectedOutputShape: [2, 9, 3], expectedWeights: [["kernel", [3, 3, 2]], ["bias", [3]]] });
    runLayerTest({ cls: Conv2DTranspose, args: [3, 3, { strides: 2, padding: "same" }], inputShape: [1, 3, 4, 2], expectedOutputShape: [1, 6, 8, 3], expectedWeights: [["kernel", [3, 3, 3, 2]], ["bias", [3]]] });
    runLayerTest({ cls: Conv2DTranspose, args: [2, 3, { strides: 2, outputPadding: 1 }], inputShape: [1, 2, 2, 1], expectedOutputShape: [1, 6, 6, 2], expectedWeights: [["kernel", [3, 3, 2, 1]], ["bias", [2]]] });
    runLayerTest({ cls: Conv3DTranspose, args: [2, 2, { strides: 2 }], inputShape: [1, 2, 2, 2, 1], expectedOutputShape: [1, 4, 4, 4, 2], expectedWeights: [["kernel", [2, 2, 2, 2, 1]], ["bias", [2]]] });
    runLayerTest({ cls: DepthwiseConv1D, args: [3, { depthMultiplier: 2 }], inputShape: [2, 6, 3], expectedOutputShape: [2, 4, 6], expectedWeights: [["kernel", [3, 3, 2]], ["bias", [6]]] });
    runLayerTest({ cls: DepthwiseConv2D, args: [[2, 3], { padding: "same" }], inputShape: [1, 4, 5, 2], expectedOutputShape: [1, 4, 5, 2], expectedWeights: [["kernel", [2, 3, 2, 1]], ["bias", [2]]] });
    runLayerTest({
      cls: SeparableConv1D,
      args: [4, 3, { depthMultiplier: 2 }],
      inputShape: [2, 6, 3],
      expectedOutputShape: [2, 4, 4],
      expectedWeights: [["depthwise_kernel", [3, 3, 2]], ["pointwise_kernel", [1, 6, 4]], ["bias", [4]]],
    });
    runLayerTest({
      cls: SeparableConv2D,
      args: [5, 3, { padding: "same", strides: 2 }],
      inputShape: [1, 5, 5, 2],
      expectedOutputShape: [1, 3, 3, 5],
      expectedWeights: [["depthwise_kernel", [3, 3, 2, 1]], ["pointwise_kernel", [1, 1, 2, 5]], ["bias", [5]]],
    });
  });
});

describe("Conv layers: outputs against a naive convolution (weights set with setWeights)", () => {
  const x = randomTensor([2, 5, 6, 4], 3);
  const w = randomTensor([3, 2, 2, 6], 4);
  const b = randomTensor([6], 5);

  it("Conv2D valid, same (TF asymmetric padding), strides, dilation, groups", () => {
    const cases: { opts: Record<string, unknown>; geo: (h: number, w: number) => Geometry }[] = [
      { opts: { groups: 2 }, geo: () => ({ strides: [1, 1], dilations: [1, 1], padBefore: [0, 0], outSpatial: [3, 5], groups: 2 }) },
      {
        opts: { groups: 2, padding: "same", strides: 2 },
        geo: (h, wd) => ({ strides: [2, 2], dilations: [1, 1], padBefore: [samePadBefore(h, 3, 2, 1), samePadBefore(wd, 2, 2, 1)], outSpatial: [3, 3], groups: 2 }),
      },
      {
        opts: { groups: 2, padding: "same", dilationRate: [2, 3] },
        geo: (h, wd) => ({ strides: [1, 1], dilations: [2, 3], padBefore: [samePadBefore(h, 3, 1, 2), samePadBefore(wd, 2, 1, 3)], outSpatial: [5, 6], groups: 2 }),
      },
    ];
    for (const c of cases) {
      const layer = new Conv2D(6, [3, 2], c.opts);
      layer.apply(x);
      layer.setWeights([w, b]);
      const expected = keras.ops.add(convRef(x, w, c.geo(5, 6)), b);
      expect(layer.apply(x)).toBeAllclose(expected, { atol: 1e-5 });
    }
  });

  it("Conv2D channels_first equals channels_last on transposed data", () => {
    const w1 = randomTensor([3, 3, 4, 2], 8);
    const b1 = randomTensor([2], 9);
    const last = new Conv2D(2, 3, { padding: "same" });
    const first = new Conv2D(2, 3, { padding: "same", dataFormat: "channels_first" });
    const xf = transposeTensor(x, [0, 3, 1, 2]);
    last.apply(x);
    first.apply(xf);
    last.setWeights([w1, b1]);
    first.setWeights([w1, b1]);
    expect(first.apply(xf)).toBeAllclose(transposeTensor(last.apply(x) as Tensor, [0, 3, 1, 2]), { atol: 1e-5 });
  });

  it("Conv1D causal: output t sees inputs up to t only", () => {
    const xs = randomTensor([1, 6, 2], 12);
    const wk = randomTensor([3, 2, 3], 13);
    const layer = new Conv1D(3, 3, { padding: "causal", dilationRate: 2, useBias: false });
    layer.apply(xs);
    layer.setWeights([wk]);
    const expected = convRef(xs, wk, { strides: [1], dilations: [2], padBefore: [4], outSpatial: [6] });
    expect(layer.apply(xs)).toBeAllclose(expected, { atol: 1e-5 });
  });

  it("Conv2DTranspose valid and same: the scatter of the input through the kernel, cropped", () => {
    const xs = randomTensor([1, 3, 2, 2], 14);
    const wk = randomTensor([3, 3, 4, 2], 15);
    const bias = randomTensor([4], 16);
    const valid = new Conv2DTranspose(4, 3, { strides: 2 });
    valid.apply(xs);
    valid.setWeights([wk, bias]);
    expect(valid.apply(xs)).toBeAllclose(keras.ops.add(convTransposeRef(xs, wk, [2, 2], [7, 5], [0, 0]), bias), { atol: 1e-5 });
    // "same" with stride 2: output in * 2, the gradient of a "same" conv whose padding (1 cell)
    // goes at the end, so the full scatter (in-1)*2+3 is cropped at the end only (TensorFlow)
    const same = new Conv2DTranspose(4, 3, { strides: 2, padding: "same", useBias: false });
    same.apply(xs);
    same.setWeights([wk]);
    expect(same.apply(xs)).toBeAllclose(convTransposeRef(xs, wk, [2, 2], [6, 4], [0, 0]), { atol: 1e-5 });
  });

  it("Conv1DTranspose: even kernel with 'same' (crop 1 at the start), outputPadding with 'valid'", () => {
    const xs = randomTensor([2, 3, 2], 23);
    const wk = randomTensor([4, 3, 2], 24);
    const same = new Conv1DTranspose(3, 4, { strides: 2, padding: "same", useBias: false });
    same.apply(xs);
    same.setWeights([wk]);
    // output 6 = 3 * 2; the "same" conv of a 6-long input with k 4, s 2 pads 2 in total, 1 before
    expect(same.apply(xs)).toBeAllclose(convTransposeRef(xs, wk, [2], [6], [1]), { atol: 1e-5 });
    const padded = new Conv1DTranspose(3, 4, { strides: 2, outputPadding: 1, useBias: false });
    padded.apply(xs);
    padded.setWeights([wk]);
    // (3 - 1) * 2 + 4 + 1 = 9: the full scatter (8 cells) and one more cell of zeros at the end
    expect(padded.apply(xs)).toBeAllclose(convTransposeRef(xs, wk, [2], [9], [0]), { atol: 1e-5 });
  });

  it("DepthwiseConv2D: output channel c * depthMultiplier + m", () => {
    const xs = randomTensor([1, 4, 4, 2], 17);
    const wk = randomTensor([2, 2, 2, 3], 18);
    const layer = new DepthwiseConv2D(2, { depthMultiplier: 3, useBias: false });
    layer.apply(xs);
    layer.setWeights([wk]);
    const X = view(xs);
    const W = view(wk);
    const expected = fromFn([1, 3, 3, 6], ([n, i, j, o]) => {
      const [c, m] = [Math.floor(o! / 3), o! % 3];
      let acc = 0;
      for (let a = 0; a < 2; a++) for (let bb = 0; bb < 2; bb++) acc += X.at(n!, i! + a, j! + bb, c) * W.at(a, bb, c, m);
      return acc;
    });
    expect(layer.apply(xs)).toBeAllclose(expected, { atol: 1e-5 });
  });

  it("SeparableConv2D: depthwise then pointwise", () => {
    const xs = randomTensor([1, 4, 4, 2], 19);
    const dw = randomTensor([3, 3, 2, 2], 20);
    const pw = randomTensor([1, 1, 4, 3], 21);
    const bias = randomTensor([3], 22);
    const layer = new SeparableConv2D(3, 3, { depthMultiplier: 2 });
    layer.apply(xs);
    layer.setWeights([dw, pw, bias]);
    const X = view(xs);
    const D = view(dw);
    const depth = fromFn([1, 2, 2, 4], ([n, i, j, o]) => {
      const [c, m] = [Math.floor(o! / 2), o! % 2];
      let acc = 0;
      for (let a = 0; a < 3; a++) for (let bb = 0; bb < 3; bb++) acc += X.at(n!, i! + a, j! + bb, c) * D.at(a, bb, c, m);
      return acc;
    });
    const expected = keras.ops.add(convRef(depth, pw, { strides: [1, 1], dilations: [1, 1], padBefore: [0, 0], outSpatial: [2, 2] }), bias);
    expect(layer.apply(xs)).toBeAllclose(expected, { atol: 1e-5 });
  });
});

describe("Conv layers: options and errors", () => {
  it("positional and options forms are equivalent", () => {
    const a = new Conv2D(32, 3, { padding: "same", name: "c" }).getConfig();
    const b = new Conv2D(32, [3, 3], { padding: "same", name: "c" }).getConfig();
    const c = new Conv2D({ filters: 32, kernelSize: 3, padding: "same", name: "c" }).getConfig();
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(a).toMatchObject({ filters: 32, kernel_size: [3, 3], strides: [1, 1], padding: "same", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "linear", use_bias: true });
  });

  it("Keras config keys: Conv2DTranspose output_padding, DepthwiseConv2D depth_multiplier", () => {
    expect(new Conv2DTranspose(2, 3, { strides: 2, outputPadding: 1 }).getConfig()).toMatchObject({ output_padding: [1, 1], strides: [2, 2] });
    expect(new Conv2DTranspose(2, 3).getConfig()).toMatchObject({ output_padding: null });
    expect(new DepthwiseConv2D(3).getConfig()).toMatchObject({ depth_multiplier: 1, kernel_size: [3, 3], depthwise_initializer: { class_name: "GlorotUniform" } });
  });

  it("kernel larger than the input with valid padding names the layer", () => {
    const layer = new Conv2D(4, 5, { name: "big_conv" });
    expect(() => layer.apply(new KerasTensor([null, 3, 8, 1]))).toThrow(/big_conv.*kernel is larger than the input.*\(None, 3, 8, 1\)/);
    expect(() => new Conv1D(2, 4).apply(randomTensor([1, 3, 2], 1))).toThrow(/Conv1D.*kernel is larger than the input/);
  });

  it("channels_first with the wrong rank", () => {
    const layer = new Conv2D(4, 3, { dataFormat: "channels_first", name: "cf" });
    expect(() => layer.apply(new KerasTensor([null, 3, 8]))).toThrow(/"cf".*expected ndim=4.*channels_first.*\(None, 3, 8\)/);
  });

  it("invalid filters, groups, strides with dilation, outputPadding, unknown options", () => {
    expect(() => new Conv2D(0, 3)).toThrow(/Conv2D.*filters.*strictly positive.*filters=0/);
    expect(() => new Conv1D(-4, 3)).toThrow(/Conv1D.*filters=-4/);
    expect(() => new Conv2D(6, 3, { groups: 4 })).toThrow(/Conv2D.*filters must be evenly divisible by the number of groups.*groups=4, filters=6/);
    expect(() => new Conv2D(6, 3, { groups: 2 }).apply(new KerasTensor([null, 5, 5, 3]))).toThrow(/input channels must be evenly divisible.*groups=2.*3 channels/);
    expect(() => new Conv2D(2, 3, { strides: 2, dilationRate: 2 })).toThrow(/strides > 1.*dilationRate > 1/);
    expect(() => new Conv2DTranspose(2, 3, { strides: 2, outputPadding: 2 })).toThrow(/outputPadding.*strictly less than.*strides/);
    expect(() => new Conv2D(2, 3, { kernel_size: 3 } as never)).toThrow(/unrecognized option 'kernel_size'.*kernelSize/);
    expect(() => new Conv2D(2, 3, { padding: "causal" })).toThrow(/Conv2D.*padding.*"valid", "same".*causal/);
    expect(() => new Conv2D(2, 0)).toThrow(/kernelSize/);
    expect(() => new Conv2D(2, [3, 3, 3])).toThrow(/kernelSize.*list of 2 ints/);
    expect(() => new DepthwiseConv2D(3, { depthMultiplier: 0 })).toThrow(/DepthwiseConv2D.*depthMultiplier/);
  });

  it("the input channel count is enforced after build", () => {
    const layer = new Conv2D(2, 3, { name: "conv_c" });
    layer.apply(new KerasTensor([null, 5, 5, 3]));
    expect(() => layer.apply(new KerasTensor([null, 5, 5, 4]))).toThrow(/Input 0 of layer "conv_c".*expected axis -1 of input shape to have value 3/);
  });

  it("symbolic unknown spatial dims stay null", () => {
    expect(new Conv2D(8, 3, { strides: 2 }).apply(new KerasTensor([null, null, 9, 3])).shape).toEqual([null, null, 4, 8]);
    expect(new Conv2DTranspose(8, 3, { strides: 2, padding: "same" }).apply(new KerasTensor([null, null, 4, 3])).shape).toEqual([null, null, 8, 8]);
  });

  it("is usable from a Sequential model", () => {
    const model = new keras.Sequential([new Conv2D(4, 3, { activation: "relu", inputShape: [8, 8, 1] }), new keras.layers.Flatten(), new keras.layers.Dense(2)]);
    const y = model.predict(randomTensor([2, 8, 8, 1], 3));
    expect(y.shape).toEqual([2, 2]);
    // the Keras MNIST CNN (mnist_cnn_k3.10 fixture): 179,926 parameters
    const mnist = new keras.Sequential([
      new Conv2D(32, 3, { activation: "relu", inputShape: [28, 28, 1] }),
      new keras.layers.MaxPooling2D(),
      new Conv2D(64, [3, 3], { activation: "relu" }),
      new keras.layers.MaxPooling2D([2, 2]),
      new keras.layers.Flatten(),
      new keras.layers.Dense(100, { activation: "relu" }),
      new keras.layers.Dense(10, { activation: "softmax" }),
    ]);
    expect(mnist.layers.map((l) => l.countParams())).toEqual([320, 0, 18496, 0, 0, 160100, 1010]);
    expect(mnist.outputShape).toEqual([null, 10]);
  });
});
