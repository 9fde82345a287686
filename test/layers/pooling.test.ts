import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import {
  AveragePooling1D,
  AveragePooling2D,
  AveragePooling3D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalAveragePooling3D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  GlobalMaxPooling3D,
  MaxPooling1D,
  MaxPooling2D,
  MaxPooling3D,
} from "../../src/layers/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { randomTensor } from "../helpers/gradcheck.js";
import { fromFn, runLayerTest, view } from "../helpers/layerTest.js";

/** 2D pooling reference (channels_last) over the real cells of each window; "same" pads TF-style. */
function pool2dRef(x: Tensor, k: [number, number], s: [number, number], padding: "valid" | "same", mode: "max" | "avg"): Tensor {
  const X = view(x);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const out = (size: number, kk: number, ss: number) => (padding === "valid" ? Math.floor((size - kk) / ss) + 1 : Math.ceil(size / ss));
  const before = (size: number, kk: number, ss: number, o: number) => (padding === "valid" ? 0 : Math.floor(Math.max((o - 1) * ss + kk - size, 0) / 2));
  const [oh, ow] = [out(h, k[0], s[0]), out(w, k[1], s[1])];
  const [ph, pw] = [before(h, k[0], s[0], oh), before(w, k[1], s[1], ow)];
  return fromFn([n, oh, ow, c], ([b, i, j, ch]) => {
    const vals: number[] = [];
    for (let a = 0; a < k[0]; a++) {
      for (let bb = 0; bb < k[1]; bb++) {
        const [r, q] = [i! * s[0] + a - ph, j! * s[1] + bb - pw];
        if (r >= 0 && r < h && q >= 0 && q < w) vals.push(X.at(b!, r, q, ch!));
      }
    }
    return mode === "max" ? Math.max(...vals) : vals.reduce((p, v) => p + v, 0) / vals.length;
  });
}

describe("Pooling layers: harness", () => {
  it("max and average pooling 1D/2D/3D", () => {
    runLayerTest({ cls: MaxPooling1D, args: [], inputShape: [2, 7, 3], expectedOutputShape: [2, 3, 3] });
    runLayerTest({ cls: AveragePooling1D, args: [3, { strides: 1, padding: "same" }], inputShape: [2, 7, 3], expectedOutputShape: [2, 7, 3] });
    runLayerTest({ cls: MaxPooling2D, args: [[2, 3], { padding: "same" }], inputShape: [1, 5, 7, 2], expectedOutputShape: [1, 3, 3, 2] });
    runLayerTest({ cls: AveragePooling2D, args: [{ poolSize: 2, dataFormat: "channels_first" }], inputShape: [1, 2, 5, 4], expectedOutputShape: [1, 2, 2, 2] });
    runLayerTest({ cls: MaxPooling3D, args: [2], inputShape: [1, 4, 4, 5, 2], expectedOutputShape: [1, 2, 2, 2, 2] });
    runLayerTest({ cls: AveragePooling3D, args: [2, { strides: 1 }], inputShape: [1, 3, 3, 3, 1], expectedOutputShape: [1, 2, 2, 2, 1] });
  });

  it("global pooling 1D/2D/3D with keepdims and channels_first", () => {
    runLayerTest({ cls: GlobalMaxPooling1D, inputShape: [2, 5, 3], expectedOutputShape: [2, 3] });
    runLayerTest({ cls: GlobalAveragePooling1D, args: [{ keepdims: true }], inputShape: [2, 5, 3], expectedOutputShape: [2, 1, 3] });
    runLayerTest({ cls: GlobalMaxPooling2D, args: [{ dataFormat: "channels_first" }], inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 3] });
    runLayerTest({ cls: GlobalAveragePooling2D, args: [{ keepdims: true }], inputShape: [2, 4, 5, 3], expectedOutputShape: [2, 1, 1, 3] });
    runLayerTest({ cls: GlobalMaxPooling3D, args: [{ keepdims: true, dataFormat: "channels_first" }], inputShape: [1, 2, 3, 3, 3], expectedOutputShape: [1, 2, 1, 1, 1] });
    runLayerTest({ cls: GlobalAveragePooling3D, inputShape: [1, 2, 3, 3, 4], expectedOutputShape: [1, 4] });
  });
});

describe("Pooling layers: values", () => {
  const x = randomTensor([2, 5, 6, 3], 7);

  it("max / average pooling match a reference; 'same' averages exclude the padding", () => {
    const cases: { k: [number, number]; s: [number, number]; p: "valid" | "same" }[] = [
      { k: [2, 2], s: [2, 2], p: "valid" },
      { k: [3, 2], s: [2, 1], p: "same" },
      { k: [3, 3], s: [1, 1], p: "same" },
    ];
    for (const c of cases) {
      expect(new MaxPooling2D(c.k, { strides: c.s, padding: c.p }).apply(x)).toBeAllclose(pool2dRef(x, c.k, c.s, c.p, "max"));
      expect(new AveragePooling2D(c.k, { strides: c.s, padding: c.p }).apply(x)).toBeAllclose(pool2dRef(x, c.k, c.s, c.p, "avg"), { atol: 1e-6 });
    }
    // a corner of a 3x3 "same" average over ones is 1, not 4/9
    expect(new AveragePooling2D(3, { strides: 1, padding: "same" }).apply(keras.ops.ones([1, 3, 3, 1]))).toBeAllclose(keras.ops.ones([1, 3, 3, 1]));
  });

  it("global pooling reduces the spatial axes", () => {
    expect(new GlobalMaxPooling2D().apply(x)).toBeAllclose(keras.ops.max(x, [1, 2]));
    expect(new GlobalAveragePooling2D({ keepdims: true }).apply(x)).toBeAllclose(keras.ops.mean(x, [1, 2], true), { atol: 1e-6 });
    const xf = keras.ops.transpose(x, [0, 3, 1, 2]);
    expect(new GlobalAveragePooling2D("channels_first").apply(xf)).toBeAllclose(keras.ops.mean(x, [1, 2]), { atol: 1e-6 });
  });

  it("GlobalAveragePooling1D averages only the unmasked steps", () => {
    const seq = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6, 100, 100, 7, 8, 9, 10]), [2, 3, 2], "float32");
    const mask = new Tensor(Uint8Array.from([1, 1, 0, 1, 1, 1]), [2, 3], "bool");
    const layer = new GlobalAveragePooling1D();
    expect(layer.apply(seq, { mask })).toBeAllclose([
      [2, 3],
      [(100 + 7 + 9) / 3, (100 + 8 + 10) / 3],
    ]);
    // end to end: the mask comes from Embedding({ maskZero: true })
    const emb = new keras.layers.Embedding(5, 2, { maskZero: true });
    const ids = new Tensor(Int32Array.from([3, 0, 0, 2, 4, 0]), [2, 3], "int32");
    const vecs = view(emb.apply(ids) as Tensor);
    const pooled = view(layer.apply(emb.apply(ids)) as Tensor);
    expect(pooled.at(0, 1)).toBeCloseTo(vecs.at(0, 0, 1), 5);
    expect(pooled.at(1, 0)).toBeCloseTo((vecs.at(1, 0, 0) + vecs.at(1, 1, 0)) / 2, 5);
    expect(layer.apply(seq)).toBeAllclose([
      [3, 4],
      [(100 + 7 + 9) / 3, (100 + 8 + 10) / 3],
    ]);
  });
});

describe("Pooling layers: configs and errors", () => {
  it("Keras config keys and defaults", () => {
    expect(new MaxPooling2D().getConfig()).toMatchObject({ pool_size: [2, 2], strides: [2, 2], padding: "valid", data_format: "channels_last" });
    expect(new AveragePooling1D(3, { strides: 1 }).getConfig()).toMatchObject({ pool_size: [3], strides: [1] });
    expect(new GlobalAveragePooling2D().getConfig()).toMatchObject({ data_format: "channels_last", keepdims: false });
  });

  it("pool larger than the input with valid padding names the layer", () => {
    expect(() => new MaxPooling2D(4, { name: "pool_a" }).apply(new KerasTensor([null, 3, 8, 1]))).toThrow(/"pool_a".*pool size is larger than the input.*\(None, 3, 8, 1\)/);
  });

  it("wrong rank, bad options", () => {
    expect(() => new MaxPooling2D(2, { name: "p2" }).apply(new KerasTensor([null, 8, 1]))).toThrow(/"p2".*expected ndim=4/);
    expect(() => new GlobalMaxPooling1D().apply(new KerasTensor([null, 3, 4, 5]))).toThrow(/expected ndim=3/);
    expect(() => new MaxPooling2D(2, { padding: "full" })).toThrow(/MaxPooling2D.*padding.*"valid", "same"/);
    expect(() => new MaxPooling2D(0)).toThrow(/MaxPooling2D.*poolSize/);
    expect(() => new AveragePooling2D({ pool_size: 2 } as never)).toThrow(/unrecognized option 'pool_size'.*poolSize/);
    expect(() => new GlobalAveragePooling2D({ dataFormat: "nhwc" as never })).toThrow(/GlobalAveragePooling2D.*dataFormat/);
  });
});
