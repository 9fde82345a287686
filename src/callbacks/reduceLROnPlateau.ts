import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";
import { printMsg, type Logs } from "./callback.js";
import { MonitorCallback, type MonitorMode } from "./monitorCallback.js";

export interface ReduceLROnPlateauOptions {
  /** The metric to watch (default "val_loss"). */
  monitor?: string;
  /** new_lr = lr * factor, < 1 (default 0.1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  /** 1 prints a message on each reduction (default 0). */
  verbose?: number;
  /** "auto" (default), "min" or "max". */
  mode?: MonitorMode;
  /** The smallest change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before resuming normal operation (default 0). */
  cooldown?: number;
  /** Lower bound on the learning rate (default 0). */
  minLr?: number;
}

/** Reduces the learning rate when a metric has stopped improving (Keras's ReduceLROnPlateau). */
export class ReduceLROnPlateau extends MonitorCallback {
  readonly factor: number;
  readonly patience: number;
  readonly verbose: number;
  readonly cooldown: number;
  readonly minLr: number;
  cooldownCounter = 0;
  wait = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    checkOptions("ReduceLROnPlateau", options, ["monitor", "factor", "patience", "verbose", "mode", "minDelta", "cooldown", "minLr"]);
    super(options.monitor ?? "val_loss", options.mode ?? "auto", null, options.minDelta ?? 1e-4);
    const factor = options.factor ?? 0.1;
    if (factor >= 1.0) throw new ValueError(`ReduceLROnPlateau does not support a factor >= 1.0. Received factor=${factor}`);
    this.factor = factor;
    this.patience = options.patience ?? 10;
    this.verbose = options.verbose ?? 0;
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0.0;
  }

  override onTrainBegin(): void {
    this.best = null;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  private inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.monitorOp === null) this.setMonitorOp();
    const optimizer = this.model?.optimizer;
    if (!optimizer) throw new ValueError("ReduceLROnPlateau needs a compiled model with an optimizer.");
    logs.learning_rate = optimizer.learningRate;
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`Learning rate reduction is conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(",")}.`);
      return;
    }
    if (this.inCooldown()) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (!this.inCooldown()) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const oldLr = optimizer.learningRate;
        if (oldLr > Math.fround(this.minLr)) {
          const newLr = Math.max(oldLr * this.factor, this.minLr);
          optimizer.learningRate = newLr;
          if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
