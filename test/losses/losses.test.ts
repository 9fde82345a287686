import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

const { losses } = keras;
const val = (t: keras.Tensor) => t.item();

const T = [
  [0, 1],
  [0, 0],
];
const P = [
  [0.6, 0.4],
  [0.4, 0.6],
];

describe("loss classes reduce like Keras (docstring examples)", () => {
  it("regression losses", () => {
    const p1 = [
      [1, 1],
      [1, 0],
    ];
    expect(val(new losses.MeanSquaredError().apply(T, p1))).toBeCloseTo(0.5, 6);
    expect(val(new losses.MeanAbsoluteError().apply(T, p1))).toBeCloseTo(0.5, 6);
    expect(
      val(
        new losses.MeanAbsolutePercentageError().apply(
          [
            [2, 1],
            [2, 3],
          ],
          p1,
        ),
      ),
    ).toBeCloseTo(50, 4);
    expect(val(new losses.MeanSquaredLogarithmicError().apply(T, p1))).toBeCloseTo(0.24022, 4);
    expect(
      val(
        new losses.CosineSimilarity().apply(
          [
            [0, 1],
            [1, 1],
          ],
          [
            [1, 0],
            [1, 1],
          ],
        ),
      ),
    ).toBeCloseTo(-0.5, 5);
    expect(val(new losses.Huber().apply(T, P))).toBeCloseTo(0.155, 5);
    expect(val(new losses.LogCosh().apply(T, [
      [1, 1],
      [0, 0],
    ]))).toBeCloseTo(0.10844, 4);
  });

  it("probabilistic losses", () => {
    expect(val(new losses.BinaryCrossentropy().apply(T, P))).toBeCloseTo(0.81492, 4);
    const ct = [
      [0, 1, 0],
      [0, 0, 1],
    ];
    const cp = [
      [0.05, 0.95, 0],
      [0.1, 0.8, 0.1],
    ];
    expect(val(new losses.CategoricalCrossentropy().apply(ct, cp))).toBeCloseTo(1.17694, 4);
    expect(val(new losses.SparseCategoricalCrossentropy().apply([1, 2], cp))).toBeCloseTo(1.17694, 4);
    expect(val(new losses.SparseCategoricalCrossentropy().apply([[1], [2]], cp))).toBeCloseTo(1.17694, 4);
    expect(val(new losses.KLDivergence().apply(T, P))).toBeCloseTo(0.45814, 4);
    expect(
      val(
        new losses.Poisson().apply(T, [
          [1, 1],
          [0, 0],
        ]),
      ),
    ).toBeCloseTo(0.5, 5);
    const ft = [0, 1, 0, 0];
    const fp = [-18.6, 0.51, 2.94, -12.8];
    expect(val(new losses.BinaryFocalCrossentropy({ gamma: 2, fromLogits: true }).apply(ft, fp))).toBeCloseTo(0.691, 3);
    expect(val(new losses.BinaryFocalCrossentropy({ gamma: 2, fromLogits: true, applyClassBalancing: true }).apply(ft, fp))).toBeCloseTo(0.51, 2);
  });

  it("hinge losses", () => {
    expect(val(new losses.Hinge().apply(T, P))).toBeCloseTo(1.3, 5);
    expect(val(new losses.SquaredHinge().apply(T, P))).toBeCloseTo(1.86, 5);
    expect(val(new losses.CategoricalHinge().apply(T, P))).toBeCloseTo(1.4, 5);
  });

  it("sample weights and reductions", () => {
    const p1 = [
      [1, 1],
      [1, 0],
    ];
    expect(val(new losses.MeanSquaredError().apply(T, p1, [0.7, 0.3]))).toBeCloseTo(0.25, 6);
    expect(val(new losses.MeanSquaredError({ reduction: "sum" }).apply(T, p1))).toBeCloseTo(1.0, 6);
    expect(new losses.MeanSquaredError({ reduction: "none" }).apply(T, p1).arraySync()).toBeAllclose([0.5, 0.5]);
    expect(val(new losses.MeanSquaredError({ reduction: "mean_with_sample_weight" }).apply(T, p1, [0.7, 0.3]))).toBeCloseTo(0.5, 6);
    expect(() => new losses.MeanSquaredError({ reduction: "avg" as never })).toThrow(/reduction/);
  });

  it("label smoothing, logits and ignoreClass", () => {
    // smoothing 0.1 over 2 classes: targets [0.05, 0.95]
    const smoothed = losses.categoricalCrossentropy([[0, 1]], [[0.2, 0.8]], { labelSmoothing: 0.1 }).item();
    expect(smoothed).toBeCloseTo(-(0.05 * Math.log(0.2) + 0.95 * Math.log(0.8)), 5);
    const logits = losses.categoricalCrossentropy([[0, 1]], [[1, 2]], { fromLogits: true }).item();
    expect(logits).toBeCloseTo(Math.log(1 + Math.exp(-1)), 5);
    const bce = losses.binaryCrossentropy([[1]], [[0]], { fromLogits: true }).item();
    expect(bce).toBeCloseTo(Math.log(2), 6);
    const ign = new losses.SparseCategoricalCrossentropy({ ignoreClass: -1 }).apply(
      [1, -1],
      [
        [0.2, 0.8],
        [0.5, 0.5],
      ],
    );
    expect(ign.item()).toBeCloseTo(-Math.log(0.8), 5);
  });

  it("per-sample functions", () => {
    expect(losses.meanSquaredError(T, P).arraySync()).toBeAllclose([0.36, 0.26]);
    expect(losses.mse).toBe(losses.meanSquaredError);
    expect(losses.huber([[0, 3]], [[0, 0]], { delta: 1 }).arraySync()).toBeAllclose([1.25]);
  });

  it("get() accepts Keras names, aliases, class names and camelCase, with did-you-mean", () => {
    expect(losses.get("mse")).toBe(losses.meanSquaredError);
    expect(losses.get("mean_squared_error")).toBe(losses.meanSquaredError);
    expect(losses.get("meanSquaredError")).toBe(losses.meanSquaredError);
    expect(losses.get("categorical_crossentropy")).toBe(losses.categoricalCrossentropy);
    expect(losses.get("MeanSquaredError")).toBeInstanceOf(losses.MeanSquaredError);
    expect(() => losses.get("categorical_crossentropyy")).toThrow(/Did you mean 'categorical_crossentropy'/);
    const l = new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.2 });
    expect(l.getConfig()).toEqual({ name: "categorical_crossentropy", reduction: "sum_over_batch_size", from_logits: true, label_smoothing: 0.2, axis: -1 });
    const back = losses.deserialize(losses.serialize(l) as never) as keras.losses.CategoricalCrossentropy;
    expect(back.fromLogits).toBe(true);
  });

  it("label shape checks name the loss and both shapes", () => {
    const cce = losses.getLossObject("categorical_crossentropy");
    expect(() => losses.checkLossShapes(cce, [null, 1], [null, 10])).toThrow(/sparse_categorical_crossentropy/);
    const scce = losses.getLossObject("sparse_categorical_crossentropy");
    expect(() => losses.checkLossShapes(scce, [null, 10], [null, 10])).toThrow(/\(None, 10\).*one-hot/);
    expect(() => losses.checkLossShapes(scce, [null], [null, 10])).not.toThrow();
    const mse = losses.getLossObject("mse");
    expect(() => losses.checkLossShapes(mse, [null, 3], [null, 2])).toThrow(/Loss "mse" expects labels \(y\) of the same shape as the model output, \(None, 2\), but received labels \(y\) of shape \(None, 3\)/);
  });
});
