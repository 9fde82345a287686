/**
 * The runner modules, by name. A runner exports `name`, `setup()`, `info()` (backend, threads)
 * and one entry point per workload kind it supports: `gemm(n, a, b)` returns one rep (W4);
 * W1-W3 runners will add model building + fit/predict, W5 a latency probe.
 */
export const RUNNERS = {
  "keras-ts": () => import("./keras-ts.mjs"),
  "tfjs-cpu": () => import("./tfjs-cpu.mjs"),
  "tfjs-wasm": () => import("./tfjs-wasm.mjs"),
};

/** The peer every keras-ts figure is divided by in the table (first = main ratio). */
export const PEERS = ["tfjs-wasm", "tfjs-cpu"];
