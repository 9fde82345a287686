import { standardNormal } from "../lib/data.mjs";
import { median, now } from "../lib/timing.mjs";

/**
 * W5 tiny-model latency (workloads.md "Latency"): one sample x[1, 3, 2]; warmupCalls calls,
 * then `calls` individually timed calls of predict(x) + reading the 4 output values. The
 * runner's `latencyModel(workload, spec)` returns `{ data(values, shape), call(x) }` where
 * `call` predicts and returns the output values (awaiting them on asynchronous backends).
 */
export const id = "W5";
export const parts = ["latency"];

export function supports(runner) {
  return typeof runner.latencyModel === "function";
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export async function run(runner, spec, w) {
  const t = spec.timing.latency;
  const m = await runner.latencyModel(w, spec);
  const rowLen = w.inputShape.reduce((a, b) => a * b, 1);
  const x = m.data(standardNormal(rowLen * w.batch, spec.seeds.data), [w.batch, ...w.inputShape]);
  const outLen = w.layers[w.layers.length - 1].units * w.batch;
  for (let i = 0; i < t.warmupCalls; i++) await m.call(x);
  const times = new Float64Array(t.calls);
  let check = 0;
  for (let i = 0; i < t.calls; i++) {
    const t0 = now();
    const v = await m.call(x);
    const s = v[0] + v[1] + v[2] + v[3];
    times[i] = now() - t0;
    if (v.length !== outLen) throw new Error(`W5: expected ${outLen} outputs, got ${v.length}`);
    check += s;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const us = (s) => s * 1e6;
  return {
    latency: {
      ok: Number.isFinite(check),
      calls: t.calls,
      medianUs: us(median(sorted)),
      p10Us: us(quantile(sorted, 0.1)),
      p90Us: us(quantile(sorted, 0.9)),
      meanUs: us(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    },
  };
}
