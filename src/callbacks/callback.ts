import type { Metric } from "../metrics/metric.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import type { Tensor } from "../tensor/tensor.js";

/** Logs passed to callbacks: metric name → value (`loss`, `accuracy`, `val_loss`, …). */
export type Logs = Record<string, number>;

/** What callbacks may use of the model being trained (keras-ts `Model` satisfies it). */
export interface CallbackModel {
  name: string;
  /** Set to true to end `fit` after the current batch. */
  stopTraining: boolean;
  optimizer?: Optimizer | null;
  /** The compiled metrics (for EarlyStopping's "auto" mode). */
  metrics?: readonly Metric[];
  getWeights(): Tensor[];
  setWeights(weights: readonly unknown[]): void;
  /** Saving, when available (`model.save("m.keras")`, `model.saveWeights("m.weights.h5")`). */
  save?: (filepath: string, options?: Record<string, unknown>) => unknown;
  saveWeights?: (filepath: string, options?: Record<string, unknown>) => unknown;
}

/** What a hook may return: nothing, or a promise that fit / evaluate await. */
export type HookResult = void | Promise<void>;

/**
 * The base of callbacks (Keras's `Callback`). Override the hooks you need; `this.model` is the
 * model being trained and `this.params` holds `{ verbose, epochs, steps }`. Setting
 * `this.model.stopTraining = true` ends `fit` after the current batch. Hooks may be async.
 *
 * ```ts
 * class Printer extends keras.callbacks.Callback {
 *   override onEpochEnd(epoch: number, logs?: Logs) { console.log(epoch, logs?.loss); }
 * }
 * ```
 */
export class Callback {
  model: CallbackModel | null = null;
  params: Record<string, unknown> = {};

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  setParams(params: Record<string, unknown>): void {
    this.params = params;
  }

  onBatchBegin(batch: number, logs?: Logs): HookResult {
    void batch;
    void logs;
  }

  onBatchEnd(batch: number, logs?: Logs): HookResult {
    void batch;
    void logs;
  }

  onEpochBegin(epoch: number, logs?: Logs): HookResult {
    void epoch;
    void logs;
  }

  onEpochEnd(epoch: number, logs?: Logs): HookResult {
    void epoch;
    void logs;
  }

  /** Called at the start of each training batch (default: `onBatchBegin`). */
  onTrainBatchBegin(batch: number, logs?: Logs): HookResult {
    return this.onBatchBegin(batch, logs);
  }

  /** Called at the end of each training batch with the running logs (default: `onBatchEnd`). */
  onTrainBatchEnd(batch: number, logs?: Logs): HookResult {
    return this.onBatchEnd(batch, logs);
  }

  onTestBatchBegin(batch: number, logs?: Logs): HookResult {
    void batch;
    void logs;
  }

  onTestBatchEnd(batch: number, logs?: Logs): HookResult {
    void batch;
    void logs;
  }

  onPredictBatchBegin(batch: number, logs?: Logs): HookResult {
    void batch;
    void logs;
  }

  onPredictBatchEnd(batch: number, logs?: Logs): HookResult {
    void batch;
    void logs;
  }

  onTrainBegin(logs?: Logs): HookResult {
    void logs;
  }

  onTrainEnd(logs?: Logs): HookResult {
    void logs;
  }

  onTestBegin(logs?: Logs): HookResult {
    void logs;
  }

  onTestEnd(logs?: Logs): HookResult {
    void logs;
  }

  onPredictBegin(logs?: Logs): HookResult {
    void logs;
  }

  onPredictEnd(logs?: Logs): HookResult {
    void logs;
  }
}

/** Writes a message line (Keras's `io_utils.print_msg`). */
export function printMsg(message: string): void {
  process.stdout.write(`${message}\n`);
}
