import type { NodeApis } from "./features.js";

/**
 * A pool of worker threads that run the generated module's `run(...)` over the shared
 * WebAssembly memory. Synchronisation is through a small control block of Int32s:
 *
 *   GEN      incremented by the main thread to publish a new job (workers Atomics.wait on it)
 *   PENDING  workers still busy with the current job (the main thread Atomics.waits on it)
 *   READY    workers that have instantiated the module
 *   ERROR    set by a worker whose job threw
 *   NEXT     the next unclaimed task of the job's task table
 *   JOB...   the job: table, task count, K, strides, ldc, workspace base and stride
 *
 * A job is a table of tasks (independent GEMMs or slices of one). The main thread publishes it,
 * then every thread, the main one included, claims tasks one at a time with Atomics.add on NEXT
 * (dynamic scheduling: a thread slowed by another process on its core simply takes fewer
 * tasks). The main thread then waits for PENDING to reach zero, so a kernel stays synchronous. Workers are unref'd (they never keep the process alive) and block in
 * Atomics.wait between jobs, costing nothing while idle.
 */
const GEN = 0;
const PENDING = 1;
const READY = 2;
const ERROR = 3;
const NEXT = 4;
const JOB = 8;
/** table, count, K, rsA, csA, rsB, csB, ldc, workspace base, workspace stride */
export const JOB_WORDS = 10;

/** Worker source (a CommonJS script run with `eval: true`, so it works from src/ and dist/). */
const WORKER_SOURCE = `
"use strict";
const { workerData } = require("node:worker_threads");
const { module, memory, control, index } = workerData;
const ctl = new Int32Array(control);
const { run } = new WebAssembly.Instance(module, { env: { memory } }).exports;
Atomics.add(ctl, ${READY}, 1);
Atomics.notify(ctl, ${READY});
let gen = Atomics.load(ctl, ${GEN});
const J = ${JOB};
for (;;) {
  let g = Atomics.load(ctl, ${GEN});
  for (let spin = 0; g === gen && spin < 2000; spin++) g = Atomics.load(ctl, ${GEN});
  if (g === gen) {
    Atomics.wait(ctl, ${GEN}, gen);
    continue;
  }
  gen = g;
  try {
    const table = ctl[J], count = ctl[J + 1], ws = ctl[J + 8] + (index + 1) * ctl[J + 9];
    for (let t = Atomics.add(ctl, ${NEXT}, 1); t < count; t = Atomics.add(ctl, ${NEXT}, 1)) {
      run(table, t, t + 1, ctl[J + 2], ctl[J + 3], ctl[J + 4], ctl[J + 5], ctl[J + 6], ctl[J + 7], ws);
    }
  } catch (e) {
    Atomics.store(ctl, ${ERROR}, 1);
  }
  if (Atomics.sub(ctl, ${PENDING}, 1) === 1) Atomics.notify(ctl, ${PENDING});
}
`;

export class WorkerPool {
  private readonly control: Int32Array;
  private readonly workers: import("node:worker_threads").Worker[] = [];
  private failed = false;

  /** Starts `size` workers (asynchronously: `ready` turns true once all have booted). */
  constructor(
    node: NodeApis,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    readonly size: number,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * (JOB + JOB_WORDS)));
    for (let index = 0; index < size; index++) {
      const worker = new node.workerThreads.Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, index },
      });
      worker.unref();
      worker.on("error", () => {
        this.failed = true;
      });
      worker.on("exit", () => {
        this.failed = true;
      });
      this.workers.push(worker);
    }
  }

  get ready(): boolean {
    return !this.failed && Atomics.load(this.control, READY) === this.size;
  }

  get broken(): boolean {
    return this.failed;
  }

  /** Resolves once every worker has booted (or rejects when one fails). */
  async whenReady(timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (!this.ready) {
      if (this.failed) throw new Error("keras-ts wasm backend: a worker thread failed to start.");
      if (Date.now() - start > timeoutMs) throw new Error("keras-ts wasm backend: worker threads did not start in time.");
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /**
   * Runs one job (JOB_WORDS words) on all threads; `runTask(t)` runs task t on the calling
   * thread. Returns when every task is done.
   */
  run(job: readonly number[], runTask: (task: number) => void): void {
    const ctl = this.control;
    const count = job[1]!;
    for (let i = 0; i < JOB_WORDS; i++) ctl[JOB + i] = job[i]!;
    Atomics.store(ctl, NEXT, 0);
    Atomics.store(ctl, PENDING, this.size);
    Atomics.add(ctl, GEN, 1);
    Atomics.notify(ctl, GEN);
    let error: unknown;
    try {
      for (let t = Atomics.add(ctl, NEXT, 1); t < count; t = Atomics.add(ctl, NEXT, 1)) runTask(t);
    } catch (e) {
      error = e;
      Atomics.store(ctl, NEXT, count); // let the workers stop early
    }
    for (let p = Atomics.load(ctl, PENDING); p !== 0; p = Atomics.load(ctl, PENDING)) Atomics.wait(ctl, PENDING, p, 1000);
    if (error !== undefined) throw error;
    if (Atomics.exchange(ctl, ERROR, 0) !== 0) throw new Error("keras-ts wasm backend: a worker thread's kernel failed.");
  }
}
