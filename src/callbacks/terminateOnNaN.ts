import { KerasError } from "../util/errors.js";
import { Callback, printMsg, type Logs } from "./callback.js";

/**
 * Stops training when the loss becomes NaN or infinite (Keras's TerminateOnNaN): prints
 * `Batch 3: Invalid loss, terminating training` and ends fit, or throws with `raiseError`.
 */
export class TerminateOnNaN extends Callback {
  readonly raiseError: boolean;

  constructor(options: { raiseError?: boolean } = {}) {
    super();
    this.raiseError = options.raiseError ?? false;
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      if (this.raiseError) throw new KerasError(`NaN or Inf loss encountered at batch ${batch}. Loss value: ${loss}. Terminating training immediately.`);
      printMsg(`Batch ${batch}: Invalid loss, terminating training`);
      this.model!.stopTraining = true;
    }
  }
}
