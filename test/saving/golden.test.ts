import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { H5Reader } from "../../src/saving/h5.js";
import { loadModel, loadModelWithInfo, modelFromJSON, readNpy } from "../../src/saving/index.js";
import { fixtureBytes, fixturePath, SHARED_MISSING } from "./fixtures.js";

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("golden vectors stored with the fixtures (computed by Python Keras)", () => {
  it("cnn_bn_k2.1.h5 reproduces cnn_bn_k2.1_predictions.npy to 1e-5", async () => {
    const model = await loadModel(fixtureBytes("cnn_bn_k2.1.h5"));
    const x = readNpy(fixtureBytes("cnn_bn_k2.1_input.npy"));
    const want = readNpy(fixtureBytes("cnn_bn_k2.1_predictions.npy"));
    expect(x.shape).toEqual([5, 10, 10, 3]);
    expect(want.shape).toEqual([5, 1]);
    const y = model.predict(keras.ops.reshape(keras.ops.convertToTensor(Float32Array.from(x.data)), x.shape));
    expect(y.shape).toEqual([5, 1]);
    expect(maxAbsDiff(y.dataSync(), want.data)).toBeLessThan(1e-5);
  });

  it("simplernn_k2.1.h5 reproduces the stored predictions and activations to 1e-5", async () => {
    const model = await loadModel(fixtureBytes("simplernn_k2.1.h5"));
    const io = await H5Reader.open(fixtureBytes("simplernn_k2.1_inputs_and_outputs.h5"), "io");
    try {
      const x = io.readDataset("inputs/simple_rnn_1_input");
      const want = io.readDataset("predictions/dense_1");
      const y = model.predict(keras.ops.reshape(keras.ops.convertToTensor(Float32Array.from(x.data)), x.shape), { batchSize: 25 });
      expect(y.shape).toEqual(want.shape);
      expect(maxAbsDiff(y.dataSync(), want.data)).toBeLessThan(1e-5);
      // The hidden layer's activations too (the first layer alone).
      const rnn = model.layers[0]!;
      const h = rnn.apply(keras.ops.reshape(keras.ops.convertToTensor(Float32Array.from(x.data)), x.shape));
      const wantH = io.readDataset("activations/simple_rnn_1");
      expect(maxAbsDiff(h.dataSync(), wantH.data)).toBeLessThan(1e-5);
    } finally {
      io.close();
    }
  });

  it("an LSTM with Keras 2's hard_sigmoid runs Keras 2's formula (legacy activations)", async () => {
    const model = await loadModel(fixtureBytes("lstm_k2.0.h5"));
    const lstm = model.layers[0] as unknown as { cell: { legacyActivations: boolean; recurrentActivation: (x: keras.Tensor) => keras.Tensor } };
    expect(lstm.cell.legacyActivations).toBe(true);
    const z = lstm.cell.recurrentActivation(keras.ops.convertToTensor([-3, -1, 0, 1, 2.4, 3]));
    // Keras 2: clip(0.2 x + 0.5, 0, 1); Keras 3 would give 1/3 at x = -1.
    const want = [0, 0.3, 0.5, 0.7, 0.98, 1];
    expect(maxAbsDiff(z.dataSync(), want)).toBeLessThan(1e-6);
  });
});

describe("weights-only files give the same model as the full files", () => {
  it.skipIf(!fixturePath("mnist_cnn_k3.10_legacy.h5"))(`mnist_cnn_k3.10.weights.h5 + architecture JSON ≡ mnist_cnn_k3.10_legacy.h5${fixturePath("mnist_cnn_k3.10_legacy.h5") ? "" : ` (skipped: ${SHARED_MISSING})`}`, async () => {
    const full = await loadModel(fixtureBytes("mnist_cnn_k3.10_legacy.h5"));
    const model = modelFromJSON(readFileSync(fixturePath("mnist_cnn_k3.10_architecture.json")!, "utf8"));
    await model.loadWeights(fixtureBytes("mnist_cnn_k3.10.weights.h5"));
    const x = keras.random.uniform([3, 28, 28, 1], 0, 1, "float32", 7);
    expect(maxAbsDiff(model.predict(x).dataSync(), full.predict(x).dataSync())).toBe(0);
  });

  it("lstm_k2.0_weights_only.h5 + lstm_k2.0_config.json ≡ lstm_k2.0.h5", async () => {
    const full = await loadModel(fixtureBytes("lstm_k2.0.h5"));
    const model = modelFromJSON(readFileSync(fixturePath("lstm_k2.0_config.json")!, "utf8"));
    await model.loadWeights(fixtureBytes("lstm_k2.0_weights_only.h5"));
    const io = await H5Reader.open(fixtureBytes("lstm_k2.0_inputs_and_outputs.h5"), "io");
    const x = io.readDataset("inputs/lstm_1_input");
    io.close();
    const xt = keras.ops.reshape(keras.ops.convertToTensor(Float32Array.from(x.data)), x.shape);
    const a = model.predict(xt, { batchSize: 25 });
    expect(a.shape).toEqual([100, 1]);
    expect(maxAbsDiff(a.dataSync(), full.predict(xt, { batchSize: 25 }).dataSync())).toBe(0);
  });

  it("reports no unexpected warnings for the Keras 3 fixtures", async () => {
    const info = await loadModelWithInfo(fixtureBytes("emg_gru_k3.9.keras"));
    expect(info.warnings).toEqual([]);
    expect(info.kerasVersion).toBe("3.9.2");
  });
});
