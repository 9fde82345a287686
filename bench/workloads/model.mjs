import { standardNormal, uniform } from "../lib/data.mjs";
import { errorResult, now } from "../lib/timing.mjs";

/**
 * W1-W3 (workloads.md "Training" and "Inference"): the Keras `fit` path on a fixed dataset of
 * stepsPerFitCall × batchSize samples, then `predict(X, {batchSize})` on infer.samples rows.
 * The runner's `model(workload, spec)` builds and compiles the model and returns
 * `{ data(values, shape), fit(x, y, batchSize, onStep), predict(x, batchSize) }`; `fit` runs one
 * `model.fit(x, y, {batchSize, epochs: 1, shuffle: true, verbose: 0})` whose per-step callback
 * calls `onStep()` and sets `model.stopTraining = true` when it returns true; `predict` reads
 * the output back (synchronously, or awaited for asynchronous backends).
 */
export const parts = ["train", "infer"];

export function supports(runner) {
  return typeof runner.model === "function";
}

/** Standard normal inputs and uniformly random one-hot labels, from seeds.data. */
export function makeData(spec, w, n) {
  const rowLen = w.inputShape.reduce((a, b) => a * b, 1);
  const x = standardNormal(n * rowLen, spec.seeds.data);
  const y = new Float32Array(n * w.numClasses);
  const u = uniform(spec.seeds.data + 7);
  for (let i = 0; i < n; i++) y[i * w.numClasses + Math.min(w.numClasses - 1, Math.floor(u() * w.numClasses))] = 1;
  return { x, y, rowLen };
}

async function train(runner, m, spec, w) {
  const t = spec.timing.train;
  const bs = w.train.batchSize;
  const n = t.stepsPerFitCall * bs;
  const { x, y, rowLen } = makeData(spec, w, n);
  const X = m.data(x, [n, ...w.inputShape]);
  const Y = m.data(y, [n, w.numClasses]);
  // warm-up: one fit call on the first warmupSteps batches, cut short after maxWarmupSeconds
  const nw = Math.min(n, t.warmupSteps * bs);
  const Xw = m.data(x.subarray(0, nw * rowLen), [nw, ...w.inputShape]);
  const Yw = m.data(y.subarray(0, nw * w.numClasses), [nw, w.numClasses]);
  const w0 = now();
  let warmupSteps = 0;
  await m.fit(Xw, Yw, bs, () => {
    warmupSteps++;
    return now() - w0 >= t.maxWarmupSeconds;
  });
  // timed
  let steps = 0;
  let stop = false;
  let capped = false;
  const t0 = now();
  while (!stop) {
    const before = steps;
    await m.fit(X, Y, bs, () => {
      steps++;
      const el = now() - t0;
      if ((steps >= t.minSteps && el >= t.minSeconds) || el >= t.maxSeconds) {
        stop = true;
        capped = steps < t.minSteps;
      }
      return stop;
    });
    if (steps === before) throw new Error("fit ran no step");
  }
  const seconds = now() - t0;
  return { ok: true, batchSize: bs, steps, seconds, samplesPerSec: (steps * bs) / seconds, cappedByMaxSeconds: capped, warmupSteps };
}

async function infer(runner, m, spec, w) {
  const t = spec.timing.infer;
  const n = w.infer.samples;
  const bs = w.infer.batchSize;
  const { x } = makeData(spec, { ...w, numClasses: 1 }, n);
  const rowLen = w.inputShape.reduce((a, b) => a * b, 1);
  const X = m.data(x, [n, ...w.inputShape]);
  const nb = Math.min(n, bs);
  for (let i = 0; i < t.warmupBatches; i++) await m.predict(m.data(x.subarray(0, nb * rowLen), [nb, ...w.inputShape]), bs);
  let calls = 0;
  let el = 0;
  const t0 = now();
  while (!((calls >= t.minCalls && el >= t.minSeconds) || el >= t.maxSeconds)) {
    await m.predict(X, bs);
    calls++;
    el = now() - t0;
  }
  return { ok: true, samples: n, batchSize: bs, predictCalls: calls, seconds: el, samplesPerSec: (calls * n) / el };
}

export async function run(runner, spec, w) {
  const out = {};
  let m;
  try {
    m = await runner.model(w, spec);
  } catch (e) {
    const err = errorResult(e);
    return { train: err, infer: err };
  }
  try {
    out.train = await train(runner, m, spec, w);
  } catch (e) {
    console.error(e);
    out.train = errorResult(e);
  }
  try {
    out.infer = await infer(runner, m, spec, w);
  } catch (e) {
    console.error(e);
    out.infer = errorResult(e);
  }
  return out;
}
