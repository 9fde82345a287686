/**
 * The workload modules, by id. A workload module exports `id`, `supports(runner)`,
 * `run(runner, spec, workloadSpec, options)` and either `part` (the key of its single result
 * object in the result file: W4 "gemm") or `parts` (run returns an object with these keys:
 * W1-W3 "train" and "infer", W5 "latency").
 */
export const WORKLOADS = {
  W1: () => import("./W1.mjs"),
  W2: () => import("./W2.mjs"),
  W3: () => import("./W3.mjs"),
  W4: () => import("./W4.mjs"),
  W5: () => import("./W5.mjs"),
};
