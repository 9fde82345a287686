import { checkOptions } from "../util/options.js";
import { Callback, type HookResult, type Logs } from "./callback.js";

type EpochFn = (epoch: number, logs?: Logs) => HookResult;
type BatchFn = (batch: number, logs?: Logs) => HookResult;
type LogsFn = (logs?: Logs) => HookResult;

export interface LambdaCallbackOptions {
  onEpochBegin?: EpochFn;
  onEpochEnd?: EpochFn;
  onBatchBegin?: BatchFn;
  onBatchEnd?: BatchFn;
  onTrainBegin?: LogsFn;
  onTrainEnd?: LogsFn;
  onTrainBatchBegin?: BatchFn;
  onTrainBatchEnd?: BatchFn;
  onTestBegin?: LogsFn;
  onTestEnd?: LogsFn;
  onTestBatchBegin?: BatchFn;
  onTestBatchEnd?: BatchFn;
  onPredictBegin?: LogsFn;
  onPredictEnd?: LogsFn;
  onPredictBatchBegin?: BatchFn;
  onPredictBatchEnd?: BatchFn;
}

const HOOKS = [
  "onEpochBegin",
  "onEpochEnd",
  "onBatchBegin",
  "onBatchEnd",
  "onTrainBegin",
  "onTrainEnd",
  "onTrainBatchBegin",
  "onTrainBatchEnd",
  "onTestBegin",
  "onTestEnd",
  "onTestBatchBegin",
  "onTestBatchEnd",
  "onPredictBegin",
  "onPredictEnd",
  "onPredictBatchBegin",
  "onPredictBatchEnd",
] as const;

/**
 * A callback made of functions (Keras's LambdaCallback).
 * @example new keras.callbacks.LambdaCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs?.loss) })
 */
export class LambdaCallback extends Callback {
  constructor(options: LambdaCallbackOptions = {}) {
    super();
    checkOptions("LambdaCallback", options, HOOKS);
    for (const hook of HOOKS) {
      const fn = options[hook];
      if (fn) (this as unknown as Record<string, unknown>)[hook] = fn;
    }
  }
}
