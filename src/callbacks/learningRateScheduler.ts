import { ValueError } from "../util/errors.js";
import { Callback, printMsg, type Logs } from "./callback.js";

/**
 * Sets the learning rate at the start of each epoch from `schedule(epoch, lr)` (Keras's
 * LearningRateScheduler) and records it in the logs as `learning_rate`.
 * @example new keras.callbacks.LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * 0.9))
 */
export class LearningRateScheduler extends Callback {
  readonly schedule: (epoch: number, lr: number) => number;
  readonly verbose: number;

  constructor(schedule: (epoch: number, lr: number) => number, options: { verbose?: number } = {}) {
    super();
    if (typeof schedule !== "function") throw new ValueError(`LearningRateScheduler expects a function (epoch, lr) => number; received ${String(schedule)}.`);
    this.schedule = schedule;
    this.verbose = options.verbose ?? 0;
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.model?.optimizer;
    if (!optimizer) throw new ValueError('Optimizer must have a "learning_rate" attribute: compile the model with an optimizer first.');
    const lr = this.schedule(epoch, optimizer.learningRate);
    if (typeof lr !== "number" || !Number.isFinite(lr)) throw new ValueError(`The output of the \`schedule\` function should be a number. Got: ${String(lr)}`);
    optimizer.learningRate = lr;
    if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    void epoch;
    if (this.model?.optimizer) logs.learning_rate = this.model.optimizer.learningRate;
  }
}
