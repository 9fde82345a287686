import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

const { metrics } = keras;
const res = (m: keras.metrics.Metric) => m.result().item();

describe("metrics match Keras's docstring examples", () => {
  it("Mean and Sum", () => {
    const m = new metrics.Mean();
    m.updateState([1, 3, 5, 7]);
    expect(res(m)).toBeCloseTo(4, 6);
    m.resetState();
    m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expect(res(m)).toBeCloseTo(2, 6);
    const s = new metrics.Sum();
    s.updateState([1, 3, 5, 7]);
    expect(res(s)).toBe(16);
    expect(m.variables.map((v) => v.name)).toEqual(["total", "count"]);
  });

  it("accuracy family", () => {
    const a = new metrics.Accuracy();
    a.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]);
    expect(res(a)).toBeCloseTo(0.75, 6);
    const b = new metrics.BinaryAccuracy();
    b.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
    expect(res(b)).toBeCloseTo(0.75, 6);
    const c = new metrics.CategoricalAccuracy();
    c.updateState(
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
    );
    expect(res(c)).toBeCloseTo(0.5, 6);
    const s = new metrics.SparseCategoricalAccuracy();
    s.updateState(
      [[2], [1]],
      [
        [0.1, 0.6, 0.3],
        [0.05, 0.95, 0],
      ],
    );
    expect(res(s)).toBeCloseTo(0.5, 6);
    const tk = new metrics.TopKCategoricalAccuracy({ k: 1 });
    tk.updateState(
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
    );
    expect(res(tk)).toBeCloseTo(0.5, 6);
    const stk = new metrics.SparseTopKCategoricalAccuracy({ k: 1 });
    stk.updateState(
      [2, 1],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
    );
    expect(res(stk)).toBeCloseTo(0.5, 6);
    expect([a.name, b.name, c.name, s.name, tk.name, stk.name]).toEqual(["accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy"]);
  });

  it("AUC, Precision, Recall", () => {
    const auc = new metrics.AUC({ numThresholds: 3 });
    auc.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    expect(res(auc)).toBeCloseTo(0.75, 6);
    const p = new metrics.Precision();
    p.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
    expect(res(p)).toBeCloseTo(2 / 3, 6);
    p.resetState();
    p.updateState([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]);
    expect(res(p)).toBeCloseTo(1, 6);
    const r = new metrics.Recall();
    r.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
    expect(res(r)).toBeCloseTo(2 / 3, 6);
    const auc2 = new metrics.AUC();
    auc2.updateState([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8]);
    expect(res(auc2)).toBeCloseTo(1, 3);
    expect(auc2.name).toMatch(/^auc/);
    const ml = new metrics.AUC({ numThresholds: 3, multiLabel: true });
    const yt = [
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
    ];
    const yp = [
      [0.1, 0],
      [0.2, 0.5],
      [0.8, 0.3],
      [0.9, 0.9],
    ];
    ml.updateState(yt, yp);
    expect(res(ml)).toBeCloseTo(0.875, 6);
    const mlw = new metrics.AUC({ numThresholds: 3, multiLabel: true, labelWeights: [1, 3] });
    mlw.updateState(yt, yp);
    expect(res(mlw)).toBeCloseTo((1 + 3 * 0.75) / 4, 6);
  });

  it("regression metrics", () => {
    const t = [
      [0, 1],
      [0, 0],
    ];
    const p = [
      [1, 1],
      [0, 0],
    ];
    const mse = new metrics.MeanSquaredError();
    mse.updateState(t, p);
    expect(res(mse)).toBeCloseTo(0.25, 6);
    const rmse = new metrics.RootMeanSquaredError();
    rmse.updateState(t, p);
    expect(res(rmse)).toBeCloseTo(0.5, 6);
    const mae = new metrics.MeanAbsoluteError();
    mae.updateState(t, p);
    expect(res(mae)).toBeCloseTo(0.25, 6);
  });

  it("MeanIoU and F1Score", () => {
    const iou = new metrics.MeanIoU(2);
    iou.updateState([0, 0, 1, 1], [0, 1, 0, 1]);
    expect(res(iou)).toBeCloseTo(1 / 3, 5);
    iou.resetState();
    iou.updateState([0, 0, 1, 1], [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.1]);
    expect(res(iou)).toBeCloseTo(0.2380952, 5);
    const f1 = new metrics.F1Score({ threshold: 0.5 });
    f1.updateState(
      [
        [1, 1, 1],
        [1, 0, 0],
        [1, 1, 0],
      ],
      [
        [0.2, 0.6, 0.7],
        [0.2, 0.6, 0.6],
        [0.6, 0.8, 0.0],
      ],
    );
    expect(f1.result().arraySync()).toBeAllclose([0.5, 0.8, 0.6666667], { rtol: 1e-4 });
  });

  it("get() resolves names and wraps functions", () => {
    expect(metrics.get("mse")).toBeInstanceOf(metrics.MeanSquaredError);
    expect(metrics.get("auc")).toBeInstanceOf(metrics.AUC);
    expect(metrics.get("binary_accuracy")).toBeInstanceOf(metrics.BinaryAccuracy);
    expect(metrics.get(metrics.binaryAccuracy)).toBe(metrics.binaryAccuracy);
    expect(() => metrics.get("acuracy")).toThrow(/Did you mean 'accuracy'/);
    const w = new metrics.MeanMetricWrapper(keras.losses.meanSquaredError, { name: "my_mse" });
    w.updateState([[0, 1]], [[1, 1]]);
    expect(res(w)).toBeCloseTo(0.5, 6);
  });
});
