import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { withoutGradient } from "../../src/autodiff/engine.js";
import { randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

/** A real `gc()` even when the worker was started without --expose-gc. */
function getGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

/** JS heap plus typed-array backing stores (which live outside the heap), after a full GC. */
function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe("memory", () => {
  it("stays flat over 10,000 gradient steps without any dispose", () => {
    const gc = getGc();
    const x = ops.convertToTensor(randomTensor([8, 32], 1), "float32");
    const y = ops.convertToTensor(randomTensor([8, 16], 2), "float32");
    const w = new keras.Variable(ops.convertToTensor(randomTensor([32, 16], 3, -0.1, 0.1), "float32"));
    const loss = (v: keras.Variable): keras.Tensor => ops.mean(ops.square(ops.subtract(ops.matmul(x, v), y)));
    const step = ops.valueAndGrad(loss);
    const lr = 0.05;
    let first = 0;
    let last = 0;
    let baseline = 0;
    const samples: number[] = [];
    for (let i = 1; i <= 10_000; i++) {
      const [value, g] = step(w);
      withoutGradient(() => w.assign(ops.subtract(w.value, ops.multiply(g as keras.Tensor, lr))));
      if (i === 1) first = value.item();
      if (i === 10_000) last = value.item();
      if (i === 1000) baseline = heapAfterGc(gc);
      if (i > 1000 && i % 1000 === 0) samples.push(heapAfterGc(gc));
    }
    // training did something
    expect(last).toBeLessThan(first);
    // no growth: every later sample within 2 MB of the sample after 1000 steps
    // (a leak of one [32, 16] float32 gradient per step alone would be 20 MB)
    const growth = Math.max(...samples) - baseline;
    expect(growth, `heap samples (MB): ${[baseline, ...samples].map((b) => (b / 2 ** 20).toFixed(2)).join(", ")}`).toBeLessThan(2 * 2 ** 20);
  });
});
