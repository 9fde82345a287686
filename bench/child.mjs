/**
 * One (runner, workload) measurement in its own process:
 *   node bench/child.mjs <runner> <workload> <result.json> [--sizes 256,512]
 * Writes the result file of workloads.md ("Result file"); the parent adds peakRssMiB from
 * /usr/bin/time when available, else it is this process's own maxRSS.
 */
import { writeFileSync } from "node:fs";
import { RUNNERS } from "./runners/index.mjs";
import { WORKLOADS } from "./workloads/index.mjs";
import { loadSpec, workloadSpec } from "./lib/spec.mjs";
import { errorResult } from "./lib/timing.mjs";

const [runnerName, workloadId, outFile, ...rest] = process.argv.slice(2);
const options = {};
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === "--sizes") options.sizes = rest[++i].split(",").map(Number);
}

const { spec } = loadSpec();
const result = { runner: runnerName, workload: workloadId, specVersion: spec.specVersion, ok: false };
try {
  const runner = await RUNNERS[runnerName]();
  const workload = await WORKLOADS[workloadId]();
  await runner.setup();
  result.info = runner.info();
  result.threads = result.info.threads;
  if (!workload.supports(runner)) throw new Error(`${runnerName} does not support ${workloadId}`);
  const out = await workload.run(runner, spec, workloadSpec(spec, workloadId), options);
  // a workload reports one part (W4: gemm) or several (W1-W3: train + infer; W5: latency)
  const parts = workload.parts ? out : { [workload.part]: out };
  Object.assign(result, parts);
  result.ok = Object.values(parts).every((p) => p.ok);
} catch (e) {
  Object.assign(result, errorResult(e));
  console.error(e);
}
result.maxRssMiB = process.resourceUsage().maxRSS / 1024;
result.peakRssMiB = result.maxRssMiB;
writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");
// worker threads (keras-ts) are unref'd; exit explicitly anyway so a peer's pending handles
// cannot hold the process
process.exit(0);
