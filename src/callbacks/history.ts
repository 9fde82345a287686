import { Callback, type Logs } from "./callback.js";

/**
 * Records the epoch-end logs (Keras's History, returned by `fit`): `history.history.loss`,
 * `history.history.val_loss`, … and `history.epoch`.
 */
export class History extends Callback {
  /** Metric name → one value per epoch. */
  history: Record<string, number[]> = {};
  /** The epoch indices seen (0-based). */
  epoch: number[] = [];

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
    if (this.model) (this.model as { history?: History }).history = this;
  }
}
