/**
 * The workload modules, by id. A workload module exports `id`, `part` (the key of its figures
 * in the result file: train/infer, gemm, latency), `supports(runner)` and
 * `run(runner, spec, workloadSpec, options)`. W1-W3 (model training/inference) and W5 (latency)
 * are added here as keras-ts gains the layers and `fit` they need.
 */
export const WORKLOADS = {
  W4: () => import("./W4.mjs"),
};
