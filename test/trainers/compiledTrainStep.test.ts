import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { trainTraceStatus } from "../../src/trainers/compiledTrainStep.js";

/**
 * The compiled training step (trace of forward + loss + backward, replayed with pooled
 * buffers) must train exactly like eager execution: the reference here is the same model
 * trained with `runEagerly: true`, compared bit for bit.
 */

const { ops, layers: L } = keras;
type T = keras.Tensor;

function data(shape: number[], seed = 1): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sin((i + 1) * 0.613 * seed) * 0.9;
  return ops.reshape(ops.convertToTensor(v), shape) as T;
}

function labels(n: number, classes: number): T {
  return keras.utils.toCategorical(Array.from({ length: n }, (_, i) => (i * 7) % classes), classes) as T;
}

const bitsOf = (m: keras.Model): number[][] => m.getWeights().map((w) => Array.from((w as T).values));

interface Case {
  build: () => keras.Model;
  x: T | T[];
  y: T | T[];
  fit?: Record<string, unknown>;
  compile?: Record<string, unknown>;
}

/** Trains two copies (same seed) for two epochs, compiled and eager; returns both and their histories. */
async function trainBoth(c: Case): Promise<{ compiled: keras.Model; eager: keras.Model; hc: unknown; he: unknown }> {
  const run = async (runEagerly: boolean) => {
    keras.utils.setRandomSeed(7);
    const m = c.build();
    m.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"], ...c.compile, runEagerly });
    const h = await m.fit(c.x, c.y, { batchSize: 16, epochs: 2, shuffle: false, verbose: 0, ...c.fit });
    return { m, h: h.history };
  };
  const a = await run(false);
  const b = await run(true);
  return { compiled: a.m, eager: b.m, hc: a.h, he: b.h };
}

async function expectSameTraining(c: Case, status: "replay" | "eager" = "replay"): Promise<keras.Model> {
  const { compiled, eager, hc, he } = await trainBoth(c);
  expect(bitsOf(compiled)).toEqual(bitsOf(eager));
  expect(hc).toEqual(he);
  // evaluate (traced too, in inference mode) gives the same figures, twice (trace, then replay)
  for (let i = 0; i < 2; i++) {
    const options = { batchSize: 16, verbose: 0, returnDict: true } as const;
    expect(await compiled.evaluate(c.x, c.y, options)).toEqual(await eager.evaluate(c.x, c.y, options));
  }
  const seen = Object.values(trainTraceStatus(compiled));
  expect(seen.length).toBeGreaterThan(0);
  for (const s of seen) expect(s).toBe(status);
  expect(trainTraceStatus(eager)).toEqual({});
  return compiled;
}

describe("compiled training step", () => {
  it("an MLP trains bit-identically to eager, with a partial last batch (two signatures)", async () => {
    const m = await expectSameTraining({
      build: () => new keras.Sequential([keras.Input({ shape: [12] }), new L.Dense(8, { activation: "relu" }), new L.Dense(3, { activation: "softmax" })]),
      x: data([40, 12]),
      y: labels(40, 3),
    });
    expect(Object.keys(trainTraceStatus(m))).toHaveLength(2); // batches of 16 and of 8
    expect(Object.values(trainTraceStatus(m, "test"))).toEqual(["replay", "replay"]);
  });

  it("a CNN with pooling trains bit-identically", async () => {
    await expectSameTraining({
      build: () =>
        new keras.Sequential([
          keras.Input({ shape: [10, 10, 2] }),
          new L.Conv2D(4, 3, { activation: "relu" }),
          new L.MaxPooling2D(2),
          new L.Conv2D(6, 2, { activation: "relu", padding: "same" }),
          new L.Flatten(),
          new L.Dense(3, { activation: "softmax" }),
        ]),
      x: data([32, 10, 10, 2], 2),
      y: labels(32, 3),
    });
  });

  it("an LSTM with regularizers trains bit-identically", async () => {
    await expectSameTraining({
      build: () =>
        new keras.Sequential([
          keras.Input({ shape: [6, 4] }),
          new L.LSTM(5, { kernelRegularizer: "l2" }),
          new L.Dense(3, { activation: "softmax", activityRegularizer: "l1" }),
        ]),
      x: data([32, 6, 4], 3),
      y: labels(32, 3),
    });
  });

  it("a two-output functional model with loss weights and sample weights trains bit-identically", async () => {
    const sw = ops.convertToTensor(Array.from({ length: 32 }, (_, i) => (i % 4) * 0.5)) as T;
    await expectSameTraining({
      build: () => {
        const inp = keras.Input({ shape: [5] });
        const h = new L.Dense(6, { activation: "tanh" }).apply(inp) as keras.KerasTensor;
        const a = new L.Dense(3, { activation: "softmax", name: "a" }).apply(h) as keras.KerasTensor;
        const b = new L.Dense(1, { name: "b" }).apply(h) as keras.KerasTensor;
        return new keras.Model(inp, [a, b]);
      },
      x: data([32, 5], 4),
      y: [labels(32, 3), data([32, 1], 5)],
      compile: { loss: ["categoricalCrossentropy", "mse"], lossWeights: [1, 0.5], metrics: undefined },
      fit: { sampleWeight: sw },
    });
  });

  it("an Embedding model with integer inputs and sparse labels trains bit-identically (the probe keeps labels in range)", async () => {
    const ids = ops.convertToTensor(
      Array.from({ length: 32 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i * 7 + j) % 20)),
      "int32",
    ) as T;
    await expectSameTraining({
      build: () => new keras.Sequential([keras.Input({ shape: [6], dtype: "int32" }), new L.Embedding(20, 4), new L.GlobalAveragePooling1D(), new L.Dense(3, { activation: "softmax" })]),
      x: ids,
      y: ops.convertToTensor(Array.from({ length: 32 }, (_, i) => i % 3), "int32") as T,
      compile: { loss: "sparseCategoricalCrossentropy" },
    });
  });

  it("BatchNormalization's moving statistics are assigned by the replay (same weights and statistics as eager)", async () => {
    await expectSameTraining({
      build: () => new keras.Sequential([keras.Input({ shape: [6] }), new L.Dense(5), new L.BatchNormalization(), new L.Dense(3, { activation: "softmax" })]),
      x: data([32, 6], 6),
      y: labels(32, 3),
    });
    await expectSameTraining({
      build: () =>
        new keras.Sequential([keras.Input({ shape: [8, 8, 2] }), new L.Conv2D(4, 3), new L.BatchNormalization(), new L.ReLU(), new L.Flatten(), new L.Dense(3, { activation: "softmax" })]),
      x: data([32, 8, 8, 2], 11),
      y: labels(32, 3),
    });
  });

  it("Dropout replays its masks from its seed generator's state: bit-identical to eager, state included", async () => {
    const m = await expectSameTraining({
      build: () => new keras.Sequential([keras.Input({ shape: [6] }), new L.Dense(5), new L.Dropout(0.3), new L.Dense(3, { activation: "softmax" })]),
      x: data([32, 6], 7),
      y: labels(32, 3),
    });
    // the generator advanced once per step (2 epochs × 2 batches), as in eager training
    const state = m.variables.find((v) => v.name === "seed_generator_state")!;
    expect(Array.from(state.value.values)[1]).toBe(4);
  });

  it("a Dropout layer called twice per step, and two Dropouts, replay bit-identically to eager", async () => {
    await expectSameTraining({
      build: () => {
        const drop = new L.Dropout(0.5);
        const x = keras.Input({ shape: [6] });
        const h = drop.apply(new L.Dense(8, { activation: "relu" }).apply(x)) as keras.KerasTensor;
        const h2 = drop.apply(new L.Dense(8, { activation: "relu" }).apply(h)) as keras.KerasTensor;
        const h3 = new L.Dropout(0.2).apply(h2) as keras.KerasTensor;
        return new keras.Model({ inputs: x, outputs: new L.Dense(3, { activation: "softmax" }).apply(h3) as keras.KerasTensor });
      },
      x: data([32, 6], 8),
      y: labels(32, 3),
    });
  });

  it("a draw from the global generator (not model state) trains eagerly, unchanged", async () => {
    /** Dropout through keras.random.dropout without a seed: the global generator, which no model owns. */
    class GlobalDropout extends keras.layers.Layer {
      override call(x: T, options: { training?: boolean } = {}): T {
        return options.training ? (keras.random.dropout(x, 0.3) as T) : (ops.multiply(x, 1) as T);
      }
    }
    await expectSameTraining(
      {
        build: () => new keras.Sequential([keras.Input({ shape: [6] }), new L.Dense(5), new GlobalDropout(), new L.Dense(3, { activation: "softmax" })]),
        x: data([32, 6], 7),
        y: labels(32, 3),
      },
      "eager",
    );
  });

  it("GaussianNoise (noise drawn in JS from its generator) is caught by the probe trace and trains eagerly, unchanged", async () => {
    await expectSameTraining(
      {
        build: () => new keras.Sequential([keras.Input({ shape: [6] }), new L.Dense(5), new L.GaussianNoise(0.5), new L.Dense(3, { activation: "softmax" })]),
        x: data([32, 6], 7),
        y: labels(32, 3),
      },
      "eager",
    );
  });

  it("a loss that counts entries in JS (ignoreClass) trains eagerly, unchanged", async () => {
    const ids = ops.convertToTensor(
      Array.from({ length: 32 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i * 5 + j) % 20)),
      "int32",
    ) as T;
    await expectSameTraining(
      {
        build: () => new keras.Sequential([keras.Input({ shape: [6], dtype: "int32" }), new L.Embedding(20, 4), new L.GlobalAveragePooling1D(), new L.Dense(3, { activation: "softmax" })]),
        x: ids,
        y: ops.convertToTensor(Array.from({ length: 32 }, (_, i) => i % 3), "int32") as T,
        compile: { loss: new keras.losses.SparseCategoricalCrossentropy({ ignoreClass: 2 }) },
      },
      "eager",
    );
  });

  it("a custom layer that reads values in JS trains eagerly", async () => {
    class Gate extends keras.layers.Layer {
      override call(x: T): T {
        const m = ops.max(x) as T;
        if (!("item" in m)) return ops.add(x, 0) as T; // symbolic call while the model is built
        return m.item() > 0 ? (ops.add(x, 0) as T) : (ops.negative(x) as T);
      }
    }
    await expectSameTraining(
      {
        build: () => new keras.Sequential([keras.Input({ shape: [4] }), new L.Dense(4), new Gate(), new L.Dense(2, { activation: "softmax" })]),
        x: data([32, 4], 8),
        y: labels(32, 2),
      },
      "eager",
    );
  });

  it("traces again after compile() and after a change of trainable weights", async () => {
    keras.utils.setRandomSeed(3);
    const first = new L.Dense(4, { activation: "relu" });
    const m = new keras.Sequential([keras.Input({ shape: [3] }), first, new L.Dense(2, { activation: "softmax" })]);
    const x = data([16, 3], 9);
    const y = labels(16, 2);
    m.compile({ optimizer: "sgd", loss: "categoricalCrossentropy" });
    await m.fit(x, y, { batchSize: 16, epochs: 2, verbose: 0 });
    expect(Object.values(trainTraceStatus(m))).toEqual(["replay"]);
    first.trainable = false;
    m.compile({ optimizer: "sgd", loss: "categoricalCrossentropy" });
    const frozen = bitsOf(m)[0];
    await m.fit(x, y, { batchSize: 16, epochs: 2, verbose: 0 });
    expect(bitsOf(m)[0]).toEqual(frozen); // the frozen kernel was not updated by a stale plan
    expect(Object.values(trainTraceStatus(m))).toEqual(["replay"]);
  });

  it("keeps memory flat: the buffer pool does not grow over repeated fits", async () => {
    keras.utils.setRandomSeed(4);
    const m = new keras.Sequential([keras.Input({ shape: [12, 12, 1] }), new L.Conv2D(8, 3, { activation: "relu" }), new L.Flatten(), new L.Dense(2, { activation: "softmax" })]);
    m.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const x = data([64, 12, 12, 1], 10);
    const y = labels(64, 2);
    const { pooledBytes } = await import("../../src/trainers/tracing.js");
    await m.fit(x, y, { batchSize: 32, epochs: 2, verbose: 0 });
    const after2 = pooledBytes();
    await m.fit(x, y, { batchSize: 32, epochs: 10, verbose: 0 });
    expect(pooledBytes()).toBe(after2);
    expect(after2).toBeGreaterThan(0);
    keras.utils.clearSession();
    expect(pooledBytes()).toBe(0);
  });
});
