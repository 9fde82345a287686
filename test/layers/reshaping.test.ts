import { describe, expect, it } from "vitest";
import {
  Cropping1D,
  Cropping2D,
  Cropping3D,
  UpSampling1D,
  UpSampling2D,
  UpSampling3D,
  ZeroPadding1D,
  ZeroPadding2D,
  ZeroPadding3D,
} from "../../src/layers/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { randomTensor } from "../helpers/gradcheck.js";
import { fromFn, runLayerTest, view } from "../helpers/layerTest.js";

const x = randomTensor([2, 3, 4, 2], 5);
const X = view(x);

describe("UpSampling", () => {
  it("harness 1D/2D/3D", () => {
    runLayerTest({ cls: UpSampling1D, args: [3], inputShape: [2, 4, 3], expectedOutputShape: [2, 12, 3] });
    runLayerTest({ cls: UpSampling2D, args: [[2, 3]], inputShape: [1, 3, 4, 2], expectedOutputShape: [1, 6, 12, 2] });
    runLayerTest({ cls: UpSampling2D, args: [2, { interpolation: "bilinear", dataFormat: "channels_first" }], inputShape: [1, 2, 3, 4], expectedOutputShape: [1, 2, 6, 8] });
    runLayerTest({ cls: UpSampling3D, inputShape: [1, 2, 2, 2, 1], expectedOutputShape: [1, 4, 4, 4, 1] });
  });

  it("nearest repeats pixels; bilinear interpolates with half-pixel centers", () => {
    expect(new UpSampling2D([2, 3]).apply(x)).toBeAllclose(fromFn([2, 6, 12, 2], ([n, i, j, c]) => X.at(n!, Math.floor(i! / 2), Math.floor(j! / 3), c!)));
    const row = fromFn([1, 1, 2, 1], ([, , j]) => [0, 4][j!]!);
    // input positions of the 4 outputs: -0.25, 0.25, 0.75, 1.25 → clamped lerp between 0 and 4
    expect(new UpSampling2D([1, 2], { interpolation: "bilinear" }).apply(row)).toBeAllclose([[[[0], [1], [3], [4]]]]);
    expect(new UpSampling2D(2, { interpolation: "bilinear" }).getConfig()).toMatchObject({ size: [2, 2], data_format: "channels_last", interpolation: "bilinear" });
    expect(() => new UpSampling2D(2, { interpolation: "bicubic" as never })).toThrow(/UpSampling2D.*interpolation/);
    expect(() => new UpSampling1D(0)).toThrow(/UpSampling1D.*size/);
  });
});

describe("ZeroPadding", () => {
  it("harness and values", () => {
    runLayerTest({ cls: ZeroPadding1D, args: [[2, 1]], inputShape: [2, 3, 4], expectedOutputShape: [2, 6, 4] });
    runLayerTest({ cls: ZeroPadding3D, inputShape: [1, 2, 2, 2, 1], expectedOutputShape: [1, 4, 4, 4, 1] });
    const { output } = runLayerTest({ cls: ZeroPadding2D, args: [[[1, 0], [2, 1]]], inputShape: [2, 3, 4, 2], inputData: x, expectedOutputShape: [2, 4, 7, 2] });
    expect(output).toBeAllclose(fromFn([2, 4, 7, 2], ([n, i, j, c]) => (i! >= 1 && j! >= 2 && j! < 6 ? X.at(n!, i! - 1, j! - 2, c!) : 0)));
    expect(new ZeroPadding2D(1, { dataFormat: "channels_first" }).apply(new KerasTensor([null, 3, 4, 5])).shape).toEqual([null, 3, 6, 7]);
  });

  it("configs and errors", () => {
    expect(new ZeroPadding2D().getConfig()).toMatchObject({ padding: [[1, 1], [1, 1]], data_format: "channels_last" });
    expect(new ZeroPadding1D(2).getConfig()).toMatchObject({ padding: [2, 2] });
    expect(new ZeroPadding2D([1, 2]).getConfig()).toMatchObject({ padding: [[1, 1], [2, 2]] });
    expect(() => new ZeroPadding2D([1, 2, 3] as never)).toThrow(/ZeroPadding2D.*padding.*2 elements/);
    expect(() => new ZeroPadding1D(-1)).toThrow(/ZeroPadding1D.*padding/);
    expect(() => new ZeroPadding2D(1).apply(new KerasTensor([null, 3, 4]))).toThrow(/expected ndim=4/);
  });
});

describe("Cropping", () => {
  it("harness and values", () => {
    runLayerTest({ cls: Cropping1D, args: [[1, 2]], inputShape: [2, 6, 3], expectedOutputShape: [2, 3, 3] });
    runLayerTest({ cls: Cropping3D, inputShape: [1, 4, 4, 4, 1], expectedOutputShape: [1, 2, 2, 2, 1] });
    const { output } = runLayerTest({ cls: Cropping2D, args: [[[1, 0], [1, 2]]], inputShape: [2, 3, 4, 2], inputData: x, expectedOutputShape: [2, 2, 1, 2] });
    expect(output).toBeAllclose(fromFn([2, 2, 1, 2], ([n, i, j, c]) => X.at(n!, i! + 1, j! + 1, c!)));
    const cf = new Cropping2D(1, { dataFormat: "channels_first" }).apply(randomTensor([1, 2, 4, 5], 1)) as Tensor;
    expect(cf.shape).toEqual([1, 2, 2, 3]);
  });

  it("configs and errors", () => {
    expect(new Cropping2D().getConfig()).toMatchObject({ cropping: [[0, 0], [0, 0]], data_format: "channels_last" });
    expect(new Cropping1D().getConfig()).toMatchObject({ cropping: [1, 1] });
    expect(() => new Cropping2D(2, { name: "crop" }).apply(new KerasTensor([null, 4, 8, 1]))).toThrow(/"crop".*cropping.*smaller than.*\(None, 4, 8, 1\)/);
    expect(() => new Cropping1D([1, 2, 3])).toThrow(/Cropping1D.*cropping/);
  });
});
