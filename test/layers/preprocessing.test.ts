import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { CenterCrop, Normalization, Rescaling, Resizing } from "../../src/layers/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { randomTensor } from "../helpers/gradcheck.js";
import { fromFn, runLayerTest, view } from "../helpers/layerTest.js";

describe("Rescaling", () => {
  it("x * scale + offset, ints become floats", () => {
    runLayerTest({ cls: Rescaling, args: [1 / 127.5, { offset: -1 }], inputShape: [2, 3] });
    const img = new Tensor(Int32Array.from([0, 255, 51]), [1, 3], "int32");
    const out = new Rescaling(1 / 255).apply(img) as Tensor;
    expect(out.dtype).toBe("float32");
    expect(out).toBeAllclose([[0, 1, 0.2]], { atol: 1e-6 });
    expect(new Rescaling([1, 2], { offset: [0, 1] }).apply([[1, 1]])).toBeAllclose([[1, 3]]);
    expect(new Rescaling(0.5).getConfig()).toMatchObject({ scale: 0.5, offset: 0 });
    expect(() => new Rescaling("x" as never)).toThrow(/Rescaling.*scale/);
  });
});

describe("Normalization", () => {
  it("adapt computes per-feature mean and variance", () => {
    const norm = new Normalization();
    norm.adapt([
      [1, 10],
      [3, 30],
    ]);
    expect(norm.adaptMean!.value).toBeAllclose([2, 20]);
    expect(norm.adaptVariance!.value).toBeAllclose([1, 100]);
    expect(norm.count!.value.item()).toBe(2);
    expect(norm.apply([[2, 20], [4, 40]])).toBeAllclose([
      [0, 0],
      [2, 2],
    ]);
    expect(norm.weights.map((w) => [w.name, [...w.shape], w.trainable])).toEqual([
      ["mean", [2], false],
      ["variance", [2], false],
      ["count", [], false],
    ]);
  });

  it("adapt over batches merges moments exactly", () => {
    const data = randomTensor([10, 3], 4, -5, 5);
    const whole = new Normalization();
    whole.adapt(data);
    const batched = new Normalization();
    batched.adapt([keras.ops.slice(data, [0, 0], [4, 3]), keras.ops.slice(data, [4, 0], [6, 3])]);
    expect(batched.adaptMean!.value).toBeAllclose(whole.adaptMean!.value, { atol: 1e-5 });
    expect(batched.adaptVariance!.value).toBeAllclose(whole.adaptVariance!.value, { atol: 1e-4 });
  });

  it("fixed mean / variance, axis, invert, config round trip", () => {
    const { output } = runLayerTest({ cls: Normalization, args: [{ mean: [1, 2, 3], variance: [4, 1, 0.25] }], inputShape: [2, 3], inputData: keras.ops.convertToTensor([[3, 3, 3], [1, 2, 3]]) });
    expect(output).toBeAllclose([
      [1, 1, 0],
      [0, 0, 0],
    ]);
    const inv = new Normalization({ mean: 1, variance: 4, invert: true, axis: null });
    expect(inv.apply([[0, 1]])).toBeAllclose([[1, 3]]);
    expect(new Normalization({ mean: [1, 2], variance: [1, 1] }).getConfig()).toMatchObject({ axis: [-1], invert: false, mean: [1, 2], variance: [1, 1] });
    const perRow = new Normalization({ axis: 1 });
    perRow.adapt(randomTensor([4, 3, 2], 3));
    expect([...perRow.adaptMean!.shape]).toEqual([3]);
    expect((perRow.apply(randomTensor([2, 3, 2], 4)) as Tensor).shape).toEqual([2, 3, 2]);
  });

  it("errors", () => {
    expect(() => new Normalization({ mean: [1] })).toThrow(/both `mean` and `variance`/);
    expect(() => new Normalization({ mean: [1, 2], variance: [1] })).toThrow(/same shape/);
    expect(() => new Normalization({ axis: 2 }).apply(new KerasTensor([null, 3]))).toThrow(/axis.*range/);
    const n = new Normalization();
    n.adapt([[1, 2]]);
    expect(() => n.adapt([[1, 2, 3]])).toThrow(/incompatible/);
  });
});

describe("Resizing and CenterCrop", () => {
  const img = randomTensor([2, 6, 8, 3], 9);
  const I = view(img);

  it("Resizing: harness, nearest and bilinear values", () => {
    runLayerTest({ cls: Resizing, args: [3, 4], inputShape: [2, 6, 8, 3], expectedOutputShape: [2, 3, 4, 3] });
    runLayerTest({ cls: Resizing, args: [4, 4, { interpolation: "nearest", dataFormat: "channels_first" }], inputShape: [1, 3, 6, 8], expectedOutputShape: [1, 3, 4, 4] });
    // halving with bilinear and half-pixel centers averages each 2x2 block
    const half = new Resizing(3, 4).apply(img) as Tensor;
    expect(half).toBeAllclose(
      fromFn([2, 3, 4, 3], ([n, i, j, c]) => (I.at(n!, 2 * i!, 2 * j!, c!) + I.at(n!, 2 * i! + 1, 2 * j!, c!) + I.at(n!, 2 * i!, 2 * j! + 1, c!) + I.at(n!, 2 * i! + 1, 2 * j! + 1, c!)) / 4),
      { atol: 1e-5 },
    );
    const near = new Resizing(3, 4, { interpolation: "nearest" }).apply(img) as Tensor;
    expect(near).toBeAllclose(fromFn([2, 3, 4, 3], ([n, i, j, c]) => I.at(n!, 2 * i! + 1, 2 * j! + 1, c!)));
    expect(new Resizing(2, 2).apply(new KerasTensor([null, null, null, 3])).shape).toEqual([null, 2, 2, 3]);
    expect((new Resizing(3, 3).apply(randomTensor([5, 5, 2], 1)) as Tensor).shape).toEqual([3, 3, 2]);
  });

  it("Resizing: crop / pad to aspect ratio, config, errors", () => {
    // cropping a 6x8 image to a square keeps the central 6x6, then resizes
    const sq = new Resizing(6, 6, { cropToAspectRatio: true }).apply(img) as Tensor;
    expect(sq).toBeAllclose(fromFn([2, 6, 6, 3], ([n, i, j, c]) => I.at(n!, i!, j! + 1, c!)), { atol: 1e-6 });
    const padded = new Resizing(8, 8, { padToAspectRatio: true, fillValue: 0 }).apply(img) as Tensor;
    expect(padded.shape).toEqual([2, 8, 8, 3]);
    expect(view(padded).at(0, 0, 0, 0)).toBe(0);
    expect(new Resizing(2, 3).getConfig()).toMatchObject({
      height: 2,
      width: 3,
      interpolation: "bilinear",
      crop_to_aspect_ratio: false,
      pad_to_aspect_ratio: false,
      fill_mode: "constant",
      fill_value: 0,
      antialias: false,
      data_format: "channels_last",
    });
    expect(() => new Resizing(0, 3)).toThrow(/Resizing.*height/);
    expect(() => new Resizing(2, 2, { interpolation: "area" as never })).toThrow(/interpolation/);
    expect(() => new Resizing(2, 2).apply(new KerasTensor([null, 3]))).toThrow(/rank 4/);
  });

  it("CenterCrop: the central window; smaller images are resized", () => {
    const { output } = runLayerTest({ cls: CenterCrop, args: [4, 5], inputShape: [2, 6, 8, 3], inputData: img, expectedOutputShape: [2, 4, 5, 3] });
    expect(output).toBeAllclose(fromFn([2, 4, 5, 3], ([n, i, j, c]) => I.at(n!, i! + 1, j! + 1, c!)));
    expect((new CenterCrop(10, 10).apply(img) as Tensor).shape).toEqual([2, 10, 10, 3]);
    expect(new CenterCrop(4, 5).getConfig()).toMatchObject({ height: 4, width: 5, data_format: "channels_last" });
  });
});
