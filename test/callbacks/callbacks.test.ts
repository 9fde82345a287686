import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import * as keras from "../../src/index.js";

const { callbacks, optimizers } = keras;

function data(n: number): { x: number[][]; y: number[][] } {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.sin(i * 0.37);
    const b = Math.cos(i * 0.91);
    x.push([a, b]);
    y.push([2 * a - b]);
  }
  return { x, y };
}

function captureStdout(): { text: () => string; restore: () => void } {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  return { text: () => out, restore: () => spy.mockRestore() };
}

function model(lr: number | keras.optimizers.schedules.LearningRateSchedule = 0.05): keras.Sequential {
  const m = new keras.Sequential([new keras.layers.Dense(1, { inputShape: [2] })]);
  m.compile({ optimizer: new optimizers.SGD({ learningRate: lr }), loss: "mse" });
  return m;
}

describe("callbacks in fit", () => {
  it("validationSplit + EarlyStopping + a schedule + the progress bar", async () => {
    keras.utils.setRandomSeed(3);
    const { x, y } = data(100);
    const schedule = new optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 });
    const m = model(schedule);
    const es = new callbacks.EarlyStopping({ monitor: "val_loss", patience: 1, minDelta: 10, restoreBestWeights: true });
    const out = captureStdout();
    const h = await m.fit(x, y, { epochs: 6, batchSize: 16, validationSplit: 0.2, callbacks: [es], verbose: 1 });
    out.restore();
    // minDelta 10 can never be met: stop after epoch 2 (patience 1), restore epoch 1's weights
    expect(h.epoch).toEqual([0, 1]);
    expect(Object.keys(h.history)).toEqual(["loss", "val_loss"]);
    expect(es.stoppedEpoch).toBe(1);
    const text = out.text();
    expect(text).toContain("Epoch 1/6");
    expect(text).toMatch(/5\/5 ━{20} \d+s \d+(ms|us|s)\/step - loss: \d\.\d{4} - val_loss: \d\.\d{4}/);
    // 80 training samples → 5 steps; schedule advanced 10 steps
    expect(m.optimizer!.iterations.value.item()).toBe(10);
  });

  it("verbose 2 prints one line per epoch with headers", async () => {
    const { x, y } = data(32);
    const m = model();
    const out = captureStdout();
    await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 2 });
    out.restore();
    const lines = out.text().trim().split("\n");
    expect(lines.length).toBe(4);
    expect(lines[0]).toBe("Epoch 1/2");
    expect(lines[1]).toMatch(/^2\/2 - \d+s - \d+(ms|us|s)\/step - loss: \d+\.\d{4}(e[+-]\d\d)?$/);
  });

  it("TerminateOnNaN stops with a clear message", async () => {
    const { x, y } = data(64);
    const m = model(1e6);
    const out = captureStdout();
    const h = await m.fit(x, y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: [new callbacks.TerminateOnNaN()] });
    out.restore();
    expect(out.text()).toMatch(/Batch \d+: Invalid loss, terminating training/);
    expect(h.epoch.length).toBe(1);
    const m2 = model(1e6);
    await expect(m2.fit(x, y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: [new callbacks.TerminateOnNaN({ raiseError: true })] })).rejects.toThrow(/NaN or Inf loss encountered/);
  });

  it("custom callbacks, LambdaCallback and stopTraining", async () => {
    const { x, y } = data(64);
    const m = model();
    const events: string[] = [];
    class Recorder extends callbacks.Callback {
      override onTrainBegin() {
        events.push("train_begin");
      }
      override onEpochEnd(epoch: number) {
        events.push(`epoch_end_${epoch}`);
      }
      override onTrainBatchEnd(batch: number) {
        if (batch === 2) this.model!.stopTraining = true;
      }
    }
    const lambdaBatches: number[] = [];
    await m.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [new Recorder(), new callbacks.LambdaCallback({ onBatchEnd: (b) => void lambdaBatches.push(b) })] });
    expect(events).toEqual(["train_begin", "epoch_end_0"]);
    expect(lambdaBatches).toEqual([0, 1, 2]);
  });

  it("LearningRateScheduler, ReduceLROnPlateau and CSVLogger", async () => {
    const { x, y } = data(48);
    const m = model(0.1);
    const dir = mkdtempSync(path.join(tmpdir(), "kts-csv-"));
    const file = path.join(dir, "log.csv");
    const h = await m.fit(x, y, {
      epochs: 3,
      batchSize: 16,
      verbose: 0,
      callbacks: [new callbacks.LearningRateScheduler((epoch, lr) => (epoch === 0 ? lr : lr / 2)), new callbacks.CSVLogger(file)],
    });
    expect(h.history.learning_rate).toBeAllclose([0.1, 0.05, 0.025]);
    const csv = readFileSync(file, "utf8").trim().split("\r\n");
    expect(csv[0]).toBe("epoch,learning_rate,loss");
    expect(csv.length).toBe(4);
    expect(csv[1]!.startsWith("0,0.1")).toBe(true);

    const m2 = model(0.001);
    const r = new callbacks.ReduceLROnPlateau({ monitor: "loss", patience: 1, factor: 0.5, minDelta: 100 });
    await m2.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, callbacks: [r] });
    expect(m2.optimizer!.learningRate).toBeCloseTo(0.00025, 7);
  });

  it("ModelCheckpoint fails clearly without a save method, and saves through it otherwise", async () => {
    const { x, y } = data(32);
    const m = model();
    const ckpt = new callbacks.ModelCheckpoint("best_{epoch:02d}.keras", { saveBestOnly: true, monitor: "loss" });
    const saveless = m as unknown as { save?: unknown };
    if (typeof saveless.save !== "function") {
      await expect(m.fit(x, y, { epochs: 1, verbose: 0, callbacks: [ckpt] })).rejects.toThrow(/has no save method/);
    }
    const saved: string[] = [];
    Object.assign(m, { save: async (p: string) => void saved.push(p) });
    await m.fit(x, y, { epochs: 2, verbose: 0, callbacks: [ckpt] });
    expect(saved[0]).toBe("best_01.keras");
    expect(() => new callbacks.ModelCheckpoint("w.h5", { saveWeightsOnly: true })).toThrow(/\.weights\.h5/);
  });

  it("Progbar formats like Keras", () => {
    let out = "";
    const bar = new callbacks.Progbar(10, { write: (s) => void (out += s), dynamicDisplay: false, statelessMetrics: [] });
    bar.update(10, [
      ["accuracy", 0.87654],
      ["loss", 0.00001234],
    ]);
    expect(out).toMatch(/^10\/10 ━{20} \d+s \d+(us|ms|s)\/step - accuracy: 0\.8765 - loss: 1\.2340e-05\n$/);
  });
});
