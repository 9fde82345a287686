import { standardNormal } from "../lib/data.mjs";
import { errorResult, median, now } from "../lib/timing.mjs";

/**
 * W4 GEMM: C = A·B with A, B n×n float32, n ascending. Inputs prepared outside the timer; one
 * rep = one product including reading the result back (runners' `rep` does that). One warm-up
 * rep per size, skipped when predicted from the previous size to exceed maxWarmupSeconds; then
 * reps until (reps >= minReps and total >= minSeconds) or total >= maxSeconds or reps >= maxReps.
 */
export const id = "W4";
export const part = "gemm";

export function supports(runner) {
  return typeof runner.gemm === "function";
}

export async function run(runner, spec, workload, options = {}) {
  const t = spec.timing.gemm;
  const sizes = options.sizes ?? workload.sizes;
  const out = [];
  let prev;
  for (const n of sizes) {
    try {
      const a = standardNormal(n * n, spec.seeds.data);
      const b = standardNormal(n * n, spec.seeds.data + 1);
      const rep = await runner.gemm(n, a, b);
      const predicted = prev ? prev.best * (n / prev.n) ** 3 : 0;
      let warmups = 0;
      if (predicted <= t.maxWarmupSeconds) {
        for (let i = 0; i < t.warmupReps; i++, warmups++) await rep();
      }
      const times = [];
      let total = 0;
      while (!((times.length >= t.minReps && total >= t.minSeconds) || total >= t.maxSeconds || times.length >= t.maxReps)) {
        const t0 = now();
        await rep();
        const dt = now() - t0;
        times.push(dt);
        total += dt;
      }
      const best = Math.min(...times);
      const med = median(times);
      const flops = 2 * n ** 3;
      out.push({
        n,
        reps: times.length,
        warmupReps: warmups,
        bestSeconds: best,
        medianSeconds: med,
        gflops: flops / best / 1e9,
        gflopsMedian: flops / med / 1e9,
      });
      prev = { n, best };
    } catch (e) {
      out.push({ n, ...errorResult(e) });
    }
  }
  return { ok: out.every((s) => s.ok !== false), sizes: out };
}
