import { describe, expect, it } from "vitest";
import { BatchNormalization, GroupNormalization, LayerNormalization, UnitNormalization } from "../../src/layers/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { randomTensor } from "../helpers/gradcheck.js";
import { fromFn, indices, runLayerTest, view } from "../helpers/layerTest.js";

/** Per-channel (last axis) mean and biased variance over every other axis. */
function channelMoments(x: Tensor, axis: number): { mean: number[]; variance: number[] } {
  const X = view(x);
  const c = x.shape[axis]!;
  const sums = new Array<number>(c).fill(0);
  const sq = new Array<number>(c).fill(0);
  let count = 0;
  for (const idx of indices(x.shape)) {
    sums[idx[axis]!] += X.at(...idx);
    if (idx[axis] === 0) count++;
  }
  const mean = sums.map((s) => s / count);
  for (const idx of indices(x.shape)) sq[idx[axis]!] += (X.at(...idx) - mean[idx[axis]!]!) ** 2;
  return { mean, variance: sq.map((s) => s / count) };
}

describe("BatchNormalization", () => {
  it("harness: weights gamma, beta, moving_mean, moving_variance", () => {
    runLayerTest({
      cls: BatchNormalization,
      inputShape: [4, 3, 5],
      expectedOutputShape: [4, 3, 5],
      expectedWeights: [
        ["gamma", [5]],
        ["beta", [5]],
        ["moving_mean", [5]],
        ["moving_variance", [5]],
      ],
      expectedNumTrainable: 2,
      training: true,
    });
    runLayerTest({
      cls: BatchNormalization,
      args: [{ axis: 1, center: false, momentum: 0.9, epsilon: 1e-5 }],
      inputShape: [2, 3, 4, 4],
      expectedWeights: [
        ["gamma", [3]],
        ["moving_mean", [3]],
        ["moving_variance", [3]],
      ],
      expectedNumTrainable: 1,
    });
  });

  it("training: batch moments (biased variance), moving stats updated with momentum; inference: moving stats", () => {
    const x = randomTensor([6, 2, 3], 31, -2, 3);
    const gamma = [1.5, -0.5, 2];
    const beta = [0.1, 0.2, -0.3];
    const bn = new BatchNormalization({ momentum: 0.8, epsilon: 1e-3 });
    bn.apply(x);
    bn.setWeights([gamma, beta, [0.5, -1, 2], [2, 0.5, 1]]);
    const { mean, variance } = channelMoments(x, 2);
    const X = view(x);
    const trainOut = bn.apply(x, { training: true }) as Tensor;
    const expectTrain = fromFn([6, 2, 3], ([a, b, c]) => ((X.at(a!, b!, c!) - mean[c!]!) / Math.sqrt(variance[c!]! + 1e-3)) * gamma[c!]! + beta[c!]!);
    expect(trainOut).toBeAllclose(expectTrain, { atol: 1e-5 });
    const movingMean = [0.5, -1, 2].map((m, i) => m * 0.8 + mean[i]! * 0.2);
    const movingVar = [2, 0.5, 1].map((v, i) => v * 0.8 + variance[i]! * 0.2);
    expect(bn.movingMean!.value).toBeAllclose(movingMean, { atol: 1e-6 });
    expect(bn.movingVariance!.value).toBeAllclose(movingVar, { atol: 1e-6 });
    // inference uses the (updated) moving statistics and changes nothing
    const inferOut = bn.apply(x) as Tensor;
    const expectInfer = fromFn([6, 2, 3], ([a, b, c]) => ((X.at(a!, b!, c!) - movingMean[c!]!) / Math.sqrt(movingVar[c!]! + 1e-3)) * gamma[c!]! + beta[c!]!);
    expect(inferOut).toBeAllclose(expectInfer, { atol: 1e-5 });
    expect(bn.movingMean!.value).toBeAllclose(movingMean, { atol: 1e-6 });
  });

  it("a non-trainable layer uses the moving statistics even in training", () => {
    const bn = new BatchNormalization();
    const x = randomTensor([4, 3], 2);
    bn.apply(x);
    bn.trainable = false;
    expect(bn.apply(x, { training: true })).toBeAllclose(bn.apply(x, { training: false }));
    expect(bn.movingMean!.value).toBeAllclose([0, 0, 0]);
  });

  it("masked moments use only the unmasked steps", () => {
    const x = new Tensor(Float32Array.from([1, 2, 3, 4, 100, 100, 5, 6]), [2, 2, 2], "float32");
    const mask = new Tensor(Uint8Array.from([1, 1, 0, 1]), [2, 2], "bool");
    const bn = new BatchNormalization({ momentum: 0 });
    bn.apply(x, { training: true, mask });
    expect(bn.movingMean!.value).toBeAllclose([3, 4], { atol: 1e-5 });
    expect(bn.movingVariance!.value).toBeAllclose([8 / 3, 8 / 3], { atol: 1e-4 });
  });

  it("renorm creates its extra statistics and trains", () => {
    runLayerTest({
      cls: BatchNormalization,
      args: [{ renorm: true, renormClipping: { rmax: 3, rmin: 0.3, dmax: 5 } }],
      inputShape: [4, 3],
      expectedWeights: [
        ["gamma", [3]],
        ["beta", [3]],
        ["moving_mean", [3]],
        ["moving_variance", [3]],
        ["moving_stddev", [3]],
        ["renorm_mean", [3]],
        ["renorm_stddev", [3]],
      ],
      expectedNumTrainable: 2,
      training: true,
    });
  });

  it("renorm: training output uses the r / d corrections against the renorm statistics", () => {
    const x = randomTensor([5, 2], 51, -1, 3);
    const bn = new BatchNormalization({ renorm: true, renormClipping: { rmax: 1.2, dmax: 0.5 }, epsilon: 1e-3 });
    bn.apply(x);
    const { mean, variance } = channelMoments(x, 1);
    const X = view(x);
    // renorm_mean = 0 and renorm_stddev = 1 initially: r = clip(stddev, max 1.2), d = clip(mean, ±0.5)
    const std = variance.map((v) => Math.sqrt(v + 1e-3));
    const r = std.map((s) => Math.min(s, 1.2));
    const d = mean.map((m) => Math.max(-0.5, Math.min(0.5, m)));
    const expected = fromFn([5, 2], ([i, c]) => ((X.at(i!, c!) - mean[c!]!) / std[c!]!) * r[c!]! + d[c!]!);
    expect(bn.apply(x, { training: true })).toBeAllclose(expected, { atol: 1e-5 });
    expect(bn.renormMean!.value).toBeAllclose(mean.map((m) => 0.01 * m), { atol: 1e-6 });
  });

  it("config and errors", () => {
    expect(new BatchNormalization().getConfig()).toMatchObject({
      axis: -1,
      momentum: 0.99,
      epsilon: 0.001,
      center: true,
      scale: true,
      beta_initializer: { class_name: "Zeros" },
      gamma_initializer: { class_name: "Ones" },
      moving_variance_initializer: { class_name: "Ones" },
      synchronized: false,
    });
    // the renorm keys (newer than Keras 3.10) are only written when renorm is used
    expect(new BatchNormalization().getConfig()).not.toHaveProperty("renorm");
    expect(new BatchNormalization({ renorm: true }).getConfig()).toMatchObject({ renorm: true, renorm_clipping: null, renorm_momentum: 0.99 });
    expect(() => new BatchNormalization({ axis: 3, name: "bn_x" }).apply(new KerasTensor([null, 4]))).toThrow(/"bn_x".*axis 3 is out of bounds.*\(None, 4\)/);
    expect(() => new BatchNormalization({ momentum: "0.9" as never })).toThrow(/BatchNormalization.*momentum/);
    expect(() => new BatchNormalization({ renorm: true, renormClipping: { rmax: 1, rmin: 2 } })).toThrow(/rmax should be greater than rmin/);
  });
});

describe("LayerNormalization, GroupNormalization, UnitNormalization", () => {
  it("LayerNormalization: harness, per-sample statistics over the last axis", () => {
    const { output, inputs } = runLayerTest({
      cls: LayerNormalization,
      inputShape: [3, 4],
      expectedWeights: [
        ["gamma", [4]],
        ["beta", [4]],
      ],
    });
    const X = view(inputs as Tensor);
    const expected = fromFn([3, 4], ([i, j]) => {
      const row = [0, 1, 2, 3].map((k) => X.at(i!, k));
      const m = row.reduce((a, b) => a + b, 0) / 4;
      const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
      return (X.at(i!, j!) - m) / Math.sqrt(v + 1e-3);
    });
    expect(output).toBeAllclose(expected, { atol: 1e-5 });
    runLayerTest({ cls: LayerNormalization, args: [{ axis: [1, 2], scale: false }], inputShape: [2, 3, 4], expectedWeights: [["beta", [3, 4]]] });
    expect(new LayerNormalization().getConfig()).toMatchObject({ axis: -1, epsilon: 0.001, center: true, scale: true, rms_scaling: false });
    expect(() => new LayerNormalization({ axis: [1, 1] }).apply(new KerasTensor([null, 3]))).toThrow(/duplicate axes/);
  });

  it("GroupNormalization: statistics per sample and group", () => {
    const x = randomTensor([2, 3, 4], 41, -2, 2);
    const gn = new GroupNormalization(2, { epsilon: 1e-3 });
    gn.apply(x);
    const gamma = [1, 2, 3, 4];
    const beta = [0, 1, 0, -1];
    gn.setWeights([gamma, beta]);
    const X = view(x);
    const expected = fromFn([2, 3, 4], ([b, t, c]) => {
      const g = Math.floor(c! / 2);
      const vals: number[] = [];
      for (let tt = 0; tt < 3; tt++) for (let cc = g * 2; cc < g * 2 + 2; cc++) vals.push(X.at(b!, tt, cc));
      const m = vals.reduce((a, v) => a + v, 0) / vals.length;
      const v = vals.reduce((a, w) => a + (w - m) ** 2, 0) / vals.length;
      return ((X.at(b!, t!, c!) - m) / Math.sqrt(v + 1e-3)) * gamma[c!]! + beta[c!]!;
    });
    expect(gn.apply(x)).toBeAllclose(expected, { atol: 1e-5 });
    runLayerTest({
      cls: GroupNormalization,
      args: [2, { axis: 1 }],
      inputShape: [2, 4, 3],
      expectedWeights: [
        ["gamma", [4]],
        ["beta", [4]],
      ],
    });
    expect(new GroupNormalization().getConfig()).toMatchObject({ groups: 32, axis: -1, epsilon: 0.001 });
    expect(() => new GroupNormalization(3, { name: "gn3" }).apply(new KerasTensor([null, 4]))).toThrow(/"gn3".*channels \(4\) must be a multiple of the number of groups \(3\)/);
    expect(() => new GroupNormalization(8).apply(new KerasTensor([null, 4]))).toThrow(/number of groups \(8\) cannot be more than the number of channels \(4\)/);
    expect(() => new GroupNormalization(0)).toThrow(/GroupNormalization.*groups/);
  });

  it("GroupNormalization with groups -1 is instance normalization", () => {
    const gn = new GroupNormalization(-1);
    gn.apply(new KerasTensor([null, 5, 3]));
    expect(gn.getConfig()).toMatchObject({ groups: 3 });
  });

  it("UnitNormalization: unit L2 norm along the axis", () => {
    const { output } = runLayerTest({ cls: UnitNormalization, inputShape: [3, 4] });
    const O = view(output);
    for (let i = 0; i < 3; i++) expect(Math.hypot(...[0, 1, 2, 3].map((j) => O.at(i, j)))).toBeCloseTo(1, 5);
    expect(new UnitNormalization([1, 2]).getConfig()).toMatchObject({ axis: [1, 2] });
    expect(() => new UnitNormalization(3).apply(new KerasTensor([null, 4]))).toThrow(/axis 3 is out of bounds/);
  });
});
