import { Callback, type CallbackModel, type Logs } from "./callback.js";
import { History } from "./history.js";
import { ProgbarLogger } from "./progbarLogger.js";

export interface CallbackListOptions {
  /** Add a History callback if none is given (default false). */
  addHistory?: boolean;
  /** Add a ProgbarLogger if none is given (default false). */
  addProgbar?: boolean;
  model?: CallbackModel;
  /** Params passed to every callback: verbose, epochs, steps. */
  params?: Record<string, unknown>;
}

type Hook = "onTrainBegin" | "onTrainEnd" | "onTestBegin" | "onTestEnd" | "onPredictBegin" | "onPredictEnd";
type EpochHook = "onEpochBegin" | "onEpochEnd";
type BatchHook = "onTrainBatchBegin" | "onTrainBatchEnd" | "onTestBatchBegin" | "onTestBatchEnd" | "onPredictBatchBegin" | "onPredictBatchEnd";

/**
 * A container of callbacks that calls each hook on all of them in order (Keras's CallbackList),
 * awaiting async hooks. History is kept last so that it sees logs other callbacks add.
 */
export class CallbackList extends Callback {
  readonly callbacks: Callback[];
  history: History | null = null;

  constructor(callbacks: readonly Callback[] = [], options: CallbackListOptions = {}) {
    super();
    for (const c of callbacks) {
      if (!(c instanceof Callback)) {
        throw new TypeError(`Callbacks must be instances of keras.callbacks.Callback; received ${String(c)}. Wrap functions in new keras.callbacks.LambdaCallback({ onEpochEnd: … }).`);
      }
    }
    this.callbacks = [...callbacks];
    if (options.addProgbar && !this.callbacks.some((c) => c instanceof ProgbarLogger)) this.callbacks.unshift(new ProgbarLogger());
    if (options.addHistory) {
      const existing = this.callbacks.find((c) => c instanceof History) as History | undefined;
      if (existing) {
        this.history = existing;
      } else {
        this.history = new History();
        this.callbacks.push(this.history);
      }
    }
    if (options.model) this.setModel(options.model);
    if (options.params) this.setParams(options.params);
  }

  override setModel(model: CallbackModel): void {
    super.setModel(model);
    for (const c of this.callbacks) c.setModel(model);
  }

  override setParams(params: Record<string, unknown>): void {
    super.setParams(params);
    for (const c of this.callbacks) c.setParams(params);
  }

  /** Whether any callback overrides this hook (so that logs are only computed when needed). */
  private async run(fn: (c: Callback) => void | Promise<void>): Promise<void> {
    for (const c of this.callbacks) {
      const r = fn(c);
      if (r && typeof (r as Promise<void>).then === "function") await r;
    }
  }

  /** Calls a hook synchronously (predict); async hooks are not awaited there. */
  private runSync(fn: (c: Callback) => void | Promise<void>): void {
    for (const c of this.callbacks) void fn(c);
  }

  call(hook: Hook, logs?: Logs): Promise<void> {
    return this.run((c) => c[hook](logs));
  }

  callEpoch(hook: EpochHook, epoch: number, logs?: Logs): Promise<void> {
    return this.run((c) => c[hook](epoch, logs));
  }

  callBatch(hook: BatchHook, batch: number, logs?: Logs): Promise<void> {
    return this.run((c) => c[hook](batch, logs));
  }

  /** Synchronous variants for predict. */
  callSync(hook: Hook, logs?: Logs): void {
    this.runSync((c) => c[hook](logs));
  }

  callBatchSync(hook: BatchHook, batch: number, logs?: Logs): void {
    this.runSync((c) => c[hook](batch, logs));
  }

  override onTrainBegin(logs?: Logs): Promise<void> {
    return this.call("onTrainBegin", logs);
  }

  override onTrainEnd(logs?: Logs): Promise<void> {
    return this.call("onTrainEnd", logs);
  }

  override onEpochBegin(epoch: number, logs?: Logs): Promise<void> {
    return this.callEpoch("onEpochBegin", epoch, logs);
  }

  override onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    return this.callEpoch("onEpochEnd", epoch, logs);
  }

  override onTrainBatchBegin(batch: number, logs?: Logs): Promise<void> {
    return this.callBatch("onTrainBatchBegin", batch, logs);
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): Promise<void> {
    return this.callBatch("onTrainBatchEnd", batch, logs);
  }

  override onTestBegin(logs?: Logs): Promise<void> {
    return this.call("onTestBegin", logs);
  }

  override onTestEnd(logs?: Logs): Promise<void> {
    return this.call("onTestEnd", logs);
  }

  override onTestBatchBegin(batch: number, logs?: Logs): Promise<void> {
    return this.callBatch("onTestBatchBegin", batch, logs);
  }

  override onTestBatchEnd(batch: number, logs?: Logs): Promise<void> {
    return this.callBatch("onTestBatchEnd", batch, logs);
  }
}
