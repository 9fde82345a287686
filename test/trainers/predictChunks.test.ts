import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { CHUNK_BYTES, LARGE_BATCH_BYTES, predictChunkSize } from "../../src/trainers/predict.js";

const { ops, layers: L } = keras;
type T = keras.Tensor;

function data(shape: number[], seed = 1): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sin((i + 1) * 0.377 * seed);
  return ops.reshape(ops.convertToTensor(v), shape) as T;
}

const chunkOf = (m: keras.Model, batch: number): number => predictChunkSize(m as never, batch);

/** predict (chunked) against one eager pass over the whole batch. */
function expectChunkedEqualsWhole(m: keras.Model, x: T): void {
  const n = x.shape[0]!;
  expect(chunkOf(m, n)).toBeLessThan(n);
  const chunked = m.predict(x, { batchSize: n }) as T;
  const whole = (m as unknown as { predictStep(b: T[]): T[] }).predictStep([x])[0]!;
  expect(chunked.shape).toEqual(whole.shape);
  expect(Array.from(chunked.values)).toEqual(Array.from(whole.values));
}

describe("predict in cache-sized chunks", () => {
  it("a CNN gives bit-identical predictions", () => {
    keras.utils.setRandomSeed(1);
    const m = new keras.Sequential([
      keras.Input({ shape: [28, 28, 1] }),
      new L.Conv2D(32, 3, { activation: "relu" }),
      new L.MaxPooling2D(2),
      new L.Conv2D(16, 3, { activation: "relu" }),
      new L.Flatten(),
      new L.Dense(10, { activation: "softmax" }),
    ]);
    const conv1 = 26 * 26 * 32 * 4; // bytes per sample of the largest activation
    expect(chunkOf(m, 200)).toBe(Math.floor(CHUNK_BYTES / conv1));
    // a batch whose activations fit the budget runs whole
    expect(chunkOf(m, Math.floor(LARGE_BATCH_BYTES / conv1))).toBe(Infinity);
    expectChunkedEqualsWhole(m, data([200, 28, 28, 1]));
  });

  it("an LSTM model gives bit-identical predictions", () => {
    keras.utils.setRandomSeed(2);
    const m = new keras.Sequential([keras.Input({ shape: [120, 100] }), new L.LSTM(8, { returnSequences: true }), new L.LSTM(4), new L.Dense(3)]);
    expect(chunkOf(m, 80)).toBe(Infinity); // 48 KB per sample: 80 samples (3.8 MB) stay whole
    const wide = new keras.Sequential([keras.Input({ shape: [120, 400] }), new L.LSTM(8, { returnSequences: true }), new L.LSTM(4), new L.Dense(3)]);
    expectChunkedEqualsWhole(wide, data([100, 120, 400]));
  });

  it("a BatchNormalization model (moving statistics in inference) gives bit-identical predictions", () => {
    keras.utils.setRandomSeed(3);
    const bn = new L.BatchNormalization();
    const inp = keras.Input({ shape: [128, 128, 3] });
    const m = new keras.Model(inp, new L.GlobalAveragePooling2D().apply(new L.Dropout(0.5).apply(bn.apply(inp))));
    bn.setWeights([
      [1.5, 0.5, 2],
      [0.1, -0.2, 0.3],
      [0.4, -1, 2],
      [2, 0.5, 3],
    ]);
    expectChunkedEqualsWhole(m, data([100, 128, 128, 3]));
  });

  it("models with a custom layer, a Lambda or a stateful RNN are not chunked", () => {
    class Center extends keras.layers.Layer {
      override call(x: T): T {
        return ops.subtract(x, ops.mean(x, 0, true)) as T; // mixes the samples of a batch
      }
    }
    const inp = keras.Input({ shape: [32, 32, 8] });
    const custom = new keras.Model(inp, new Center().apply(new L.Conv2D(8, 1).apply(inp)));
    expect(chunkOf(custom, 2000)).toBe(Infinity);
    const x = data([200, 32, 32, 8]);
    const y = custom.predict(x, { batchSize: 200 }) as T;
    expect(Array.from(y.values)).toEqual(Array.from((custom as unknown as { predictStep(b: T[]): T[] }).predictStep([x])[0]!.values));

    const lambda = new keras.Sequential([keras.Input({ shape: [32, 32, 8] }), new L.Lambda((t: T) => ops.multiply(t, 2))]);
    expect(chunkOf(lambda, 2000)).toBe(Infinity);

    expect(new L.LSTM(2, { stateful: true }).perSampleInference).toBe(false);
    expect(new L.Bidirectional(new L.LSTM(2, { stateful: true })).perSampleInference).toBe(false);
    expect(new keras.Sequential([keras.Input({ shape: [5, 3] }), new L.LSTM(2)]).perSampleInference).toBe(true);
  });

  it("user subclasses of built-in layers opt in explicitly", () => {
    class MyDense extends L.Dense {}
    class SafeDense extends L.Dense {
      override get perSampleInference(): boolean {
        return true;
      }
    }
    expect(new MyDense(2).perSampleInference).toBe(false);
    expect(new SafeDense(2).perSampleInference).toBe(true);
    expect(new L.Dense(2).perSampleInference).toBe(true);
  });

  it("calls onPredictBatchEnd once per batch, not per chunk", () => {
    keras.utils.setRandomSeed(4);
    const m = new keras.Sequential([keras.Input({ shape: [28, 28, 1] }), new L.Conv2D(32, 3), new L.Flatten(), new L.Dense(2)]);
    const seen: number[] = [];
    const cb = new keras.callbacks.LambdaCallback({ onPredictBatchEnd: (b: number) => seen.push(b) } as never);
    expect(chunkOf(m, 200)).toBeLessThan(200);
    const out = m.predict(data([330, 28, 28, 1]), { batchSize: 200, callbacks: [cb] }) as T;
    expect(out.shape).toEqual([330, 2]);
    expect(seen).toEqual([0, 1]);
  });
});
