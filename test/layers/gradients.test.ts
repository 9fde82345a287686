import { describe, it } from "vitest";
import {
  BatchNormalization,
  Concatenate,
  Conv1D,
  Conv2D,
  Conv2DTranspose,
  Cropping2D,
  DepthwiseConv2D,
  Dot,
  GroupNormalization,
  LayerNormalization,
  MaxPooling2D,
  AveragePooling2D,
  PReLU,
  Resizing,
  SeparableConv1D,
  UpSampling2D,
  ZeroPadding2D,
  GlobalAveragePooling2D,
} from "../../src/layers/index.js";
import { randomTensor } from "../helpers/gradcheck.js";
import { checkLayerGradients } from "../helpers/layerTest.js";

// Gradients w.r.t. inputs and trainable weights against central finite differences (float64).
const f64 = { dtype: "float64" } as const;

describe("layer gradients by finite differences", () => {
  it("convolutions", () => {
    checkLayerGradients(new Conv2D(2, [2, 3], { ...f64, padding: "same", strides: [2, 1] }), randomTensor([1, 3, 4, 2], 1));
    checkLayerGradients(new Conv2D(4, 2, { ...f64, groups: 2, dilationRate: 2 }), randomTensor([1, 4, 4, 2], 2));
    checkLayerGradients(new Conv1D(2, 3, { ...f64, padding: "causal", activation: "tanh" }), randomTensor([2, 4, 2], 3));
    checkLayerGradients(new Conv2DTranspose(2, 3, { ...f64, strides: 2, padding: "same" }), randomTensor([1, 2, 2, 2], 4));
    checkLayerGradients(new DepthwiseConv2D(2, { ...f64, depthMultiplier: 2 }), randomTensor([1, 3, 3, 2], 5));
    checkLayerGradients(new SeparableConv1D(2, 2, { ...f64, depthMultiplier: 2 }), randomTensor([1, 4, 2], 6));
  });

  it("normalization (BatchNormalization in training mode)", () => {
    checkLayerGradients(new BatchNormalization(f64), randomTensor([4, 3], 7), { training: true });
    checkLayerGradients(new BatchNormalization(f64), randomTensor([4, 3], 7));
    checkLayerGradients(new LayerNormalization(f64), randomTensor([2, 2, 4], 8));
    checkLayerGradients(new GroupNormalization(2, f64), randomTensor([2, 3, 4], 9));
  });

  it("pooling, reshaping, resizing, merging, PReLU", () => {
    checkLayerGradients(new MaxPooling2D(2, { ...f64, padding: "same" }), randomTensor([1, 3, 3, 2], 10));
    checkLayerGradients(new AveragePooling2D(2, { ...f64, strides: 1, padding: "same" }), randomTensor([1, 3, 3, 2], 11));
    checkLayerGradients(new GlobalAveragePooling2D(f64), randomTensor([2, 2, 3, 2], 12));
    checkLayerGradients(new ZeroPadding2D(1, f64), randomTensor([1, 2, 2, 1], 13));
    checkLayerGradients(new Cropping2D(1, f64), randomTensor([1, 4, 4, 1], 14));
    checkLayerGradients(new UpSampling2D(2, { ...f64, interpolation: "bilinear" }), randomTensor([1, 2, 3, 1], 15));
    checkLayerGradients(new Resizing(3, 2, f64), randomTensor([1, 4, 5, 1], 16));
    checkLayerGradients(new Dot([2, 2], { ...f64, normalize: true }), [randomTensor([2, 2, 3], 17), randomTensor([2, 4, 3], 18)]);
    checkLayerGradients(new Concatenate(1, f64), [randomTensor([2, 2], 19), randomTensor([2, 3], 20)]);
    const prelu = new PReLU(f64);
    prelu.apply(randomTensor([2, 3], 21));
    prelu.setWeights([[0.1, 0.2, 0.3]]);
    checkLayerGradients(prelu, randomTensor([2, 3], 22));
  });
});
