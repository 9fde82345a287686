import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { ActivityRegularization, GaussianDropout, GaussianNoise, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D } from "../../src/layers/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { runLayerTest, view } from "../helpers/layerTest.js";

describe("regularization layers", () => {
  it("a Dropout's seed generator state is in variables and nonTrainableVariables, not in weights (Keras 3)", () => {
    const m = new keras.Sequential([keras.Input({ shape: [4] }), new keras.layers.Dense(3), new keras.layers.Dropout(0.5)]);
    expect(m.weights.map((w) => w.name)).toEqual(["kernel", "bias"]);
    expect(m.variables.map((v) => v.name)).toEqual(["kernel", "bias", "seed_generator_state"]);
    expect(m.nonTrainableVariables.map((v) => v.name)).toEqual(["seed_generator_state"]);
    expect(m.trainableVariables.map((v) => v.name)).toEqual(["kernel", "bias"]);
    // a training call advances the state's counter by one; inference does not touch it
    const state = m.variables[2]!;
    const x = keras.ops.ones([2, 4]);
    m.call(x, { training: true });
    m.call(x, { training: false });
    expect(Array.from(state.value.values)[1]).toBe(1);
  });

  it("SpatialDropout drops whole channels in training, identity otherwise", () => {
    runLayerTest({ cls: SpatialDropout1D, args: [0.5], inputShape: [2, 4, 3] });
    runLayerTest({ cls: SpatialDropout2D, args: [0.5, { dataFormat: "channels_first" }], inputShape: [2, 3, 4, 4] });
    runLayerTest({ cls: SpatialDropout3D, args: [0.5], inputShape: [1, 2, 2, 2, 3] });
    const x = keras.ops.ones([4, 5, 6, 8]);
    const layer = new SpatialDropout2D(0.5, { seed: 3 });
    expect(layer.apply(x)).toBeAllclose(x);
    const y = view(layer.apply(x, { training: true }) as Tensor);
    let dropped = 0;
    for (let n = 0; n < 4; n++) {
      for (let c = 0; c < 8; c++) {
        const first = y.at(n, 0, 0, c);
        expect([0, 2]).toContain(first);
        if (first === 0) dropped++;
        for (let i = 0; i < 5; i++) for (let j = 0; j < 6; j++) expect(y.at(n, i, j, c)).toBe(first);
      }
    }
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(32);
    expect(new SpatialDropout2D(0.2).getConfig()).toMatchObject({ rate: 0.2, seed: null, data_format: "channels_last" });
    expect(() => new SpatialDropout1D(1.5)).toThrow(/SpatialDropout1D.*rate.*1\.5/);
    expect(() => new SpatialDropout1D(0.5).apply(keras.ops.ones([2, 3]))).toThrow(/expected ndim=3/);
  });

  it("GaussianNoise adds noise of the given stddev in training only", () => {
    runLayerTest({ cls: GaussianNoise, args: [0.3], inputShape: [2, 3] });
    const x = keras.ops.zeros([200, 50]);
    const layer = new GaussianNoise(0.5, { seed: 1 });
    expect(layer.apply(x)).toBeAllclose(x);
    const y = layer.apply(x, { training: true }) as Tensor;
    expect(keras.ops.std(y).item()).toBeCloseTo(0.5, 1);
    expect(Math.abs(keras.ops.mean(y).item())).toBeLessThan(0.02);
    expect(() => new GaussianNoise(2)).toThrow(/GaussianNoise.*stddev/);
  });

  it("GaussianDropout multiplies by 1-centered noise of stddev sqrt(rate / (1 - rate))", () => {
    runLayerTest({ cls: GaussianDropout, args: [0.2], inputShape: [2, 3] });
    const x = keras.ops.ones([200, 50]);
    const layer = new GaussianDropout(0.5, { seed: 2 });
    expect(layer.apply(x)).toBeAllclose(x);
    const y = layer.apply(x, { training: true }) as Tensor;
    expect(keras.ops.std(y).item()).toBeCloseTo(1, 1);
    expect(keras.ops.mean(y).item()).toBeCloseTo(1, 1);
  });

  it("ActivityRegularization adds l1 / l2 of its inputs to the losses", () => {
    runLayerTest({ cls: ActivityRegularization, args: [{ l1: 0.1, l2: 0.2 }], inputShape: [2, 3] });
    const layer = new ActivityRegularization({ l1: 0.1, l2: 0.01 });
    const x = new Tensor(Float32Array.from([1, -2, 3, -4]), [2, 2], "float32");
    expect(layer.apply(x)).toBeAllclose(x);
    const total = layer.losses.reduce((s, l) => s + l.item(), 0);
    // (0.1 * 10 + 0.01 * 30) / batch 2, as Keras 3 normalizes activity losses by the batch size
    expect(total).toBeCloseTo(1.3 / 2, 5);
    const config = layer.getConfig();
    expect(config).toMatchObject({ l1: 0.1, l2: 0.01 });
    expect(config).not.toHaveProperty("activity_regularizer");
    expect(() => new ActivityRegularization({ activityRegularizer: "l2" } as never)).toThrow(/l1.*l2.*instead of `activityRegularizer`/);
  });
});
