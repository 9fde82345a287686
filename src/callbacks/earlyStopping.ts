import type { Tensor } from "../tensor/tensor.js";
import { checkOptions } from "../util/options.js";
import { printMsg, type Logs } from "./callback.js";
import { MonitorCallback, type MonitorMode } from "./monitorCallback.js";

export interface EarlyStoppingOptions {
  /** The metric to watch (default "val_loss"). */
  monitor?: string;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** 1 prints a message when stopping (default 0). */
  verbose?: number;
  /** "auto" (default), "min" or "max". */
  mode?: MonitorMode;
  /** Training stops unless the metric beats this value (default null). */
  baseline?: number | null;
  /** Restore the weights of the best epoch at the end (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring starts (default 0). */
  startFromEpoch?: number;
}

/**
 * Stops training when a monitored metric stops improving (Keras's EarlyStopping).
 * @example new keras.callbacks.EarlyStopping({ monitor: "val_loss", patience: 3, restoreBestWeights: true })
 */
export class EarlyStopping extends MonitorCallback {
  readonly patience: number;
  readonly verbose: number;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  wait = 0;
  stoppedEpoch = 0;
  bestEpoch = 0;
  bestWeights: Tensor[] | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    checkOptions("EarlyStopping", options, ["monitor", "minDelta", "patience", "verbose", "mode", "baseline", "restoreBestWeights", "startFromEpoch"]);
    super(options.monitor ?? "val_loss", options.mode ?? "auto", null, options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    this.verbose = options.verbose ?? 0;
    this.baseline = options.baseline ?? null;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.monitorOp === null) this.setMonitorOp();
    const current = this.getMonitorValue(logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = this.model!.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model!.getWeights();
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) printMsg(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) printMsg(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model!.setWeights(this.bestWeights);
    }
  }

  getMonitorValue(logs: Logs): number | undefined {
    const v = logs[this.monitor];
    if (v === undefined) console.warn(`Early stopping conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(",")}`);
    return v;
  }
}
