import { KerasError, ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";
import { printMsg, type Logs } from "./callback.js";
import { MonitorCallback, type MonitorMode } from "./monitorCallback.js";

export interface ModelCheckpointOptions {
  /** The metric that decides the best model (default "val_loss"). */
  monitor?: string;
  /** 1 prints a message on each save (default 0). */
  verbose?: number;
  /** Only save when the monitored metric improves (default false). */
  saveBestOnly?: boolean;
  /** Save only the weights (`.weights.h5`) instead of the whole model (`.keras`) (default false). */
  saveWeightsOnly?: boolean;
  /** "auto" (default), "min" or "max". */
  mode?: MonitorMode;
  /** "epoch" (default) or a number of batches between saves. */
  saveFreq?: "epoch" | number;
  /** With saveBestOnly: only save once the metric beats this value (default null). */
  initialValueThreshold?: number | null;
}

/**
 * Python's str.format for checkpoint paths: `{epoch:02d}`, `{val_loss:.2f}`, `{loss}`.
 */
export function formatFilepath(template: string, values: Record<string, number>): string {
  return template.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, key: string, spec: string | undefined) => {
    const v = values[key];
    if (v === undefined) throw new KeyError(`Failed to format this callback filepath: "${template}". Reason: the key '${key}' is not in the logs (available: ${Object.keys(values).join(", ")}).`);
    if (!spec) return Number.isInteger(v) ? String(v) : String(v);
    const m = /^(0?)(\d*)(?:\.(\d+))?([dfe%]?)$/.exec(spec);
    if (!m) return whole;
    const [, zero, width, precision, type] = m;
    let s: string;
    if (type === "d") s = String(Math.trunc(v));
    else if (type === "e") s = v.toExponential(precision === undefined ? 6 : Number(precision));
    else if (type === "f" || precision !== undefined) s = v.toFixed(precision === undefined ? 6 : Number(precision));
    else s = String(v);
    if (width) s = s.padStart(Number(width), zero ? "0" : " ");
    return s;
  });
}

class KeyError extends KerasError {}

/**
 * Saves the model or its weights during training (Keras's ModelCheckpoint), every epoch or
 * only when the monitored metric improves. The filepath may contain `{epoch:02d}` and log
 * keys such as `{val_loss:.2f}`. Uses `model.save` / `model.saveWeights`.
 * @example new keras.callbacks.ModelCheckpoint("best.keras", { saveBestOnly: true })
 */
export class ModelCheckpoint extends MonitorCallback {
  readonly filepath: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly saveFreq: "epoch" | number;
  private batchesSeenSinceLastSaving = 0;
  private currentEpoch = 0;

  constructor(filepath: string, options: ModelCheckpointOptions = {}) {
    checkOptions("ModelCheckpoint", options, ["monitor", "verbose", "saveBestOnly", "saveWeightsOnly", "mode", "saveFreq", "initialValueThreshold"]);
    super(options.monitor ?? "val_loss", options.mode ?? "auto", options.initialValueThreshold ?? null);
    this.filepath = filepath;
    this.verbose = options.verbose ?? 0;
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.saveWeightsOnly = options.saveWeightsOnly ?? false;
    this.saveFreq = options.saveFreq ?? "epoch";
    if (this.saveFreq !== "epoch" && !(typeof this.saveFreq === "number" && Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new ValueError(`Unrecognized saveFreq: ${String(this.saveFreq)}. Expected saveFreq are "epoch" or a positive integer.`);
    }
    if (this.saveWeightsOnly) {
      if (!filepath.endsWith(".weights.h5")) throw new ValueError(`When using \`saveWeightsOnly: true\` in \`ModelCheckpoint\`, the filepath provided must end in \`.weights.h5\` (Keras weights format). Received: filepath=${filepath}`);
    } else if (!filepath.endsWith(".keras") && !filepath.endsWith(".h5")) {
      throw new ValueError(`The filepath provided must end in \`.keras\` (Keras model format). Received: filepath=${filepath}`);
    }
  }

  override onTrainBegin(): void {
    const m = this.model;
    const method = this.saveWeightsOnly ? "saveWeights" : "save";
    if (!m || typeof m[method] !== "function") {
      throw new ValueError(`ModelCheckpoint needs \`model.${method}(path)\`, but the model "${m?.name ?? "?"}" has no ${method} method (saving is not available in this build). Remove the ModelCheckpoint callback or use a model that supports saving.`);
    }
  }

  override onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  override async onTrainBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === "epoch") return;
    this.batchesSeenSinceLastSaving += 1;
    if (this.batchesSeenSinceLastSaving >= this.saveFreq) {
      this.batchesSeenSinceLastSaving = 0;
      await this.saveModel(this.currentEpoch, batch, logs);
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.monitorOp === null) this.setMonitorOp();
    if (this.saveFreq === "epoch") await this.saveModel(epoch, null, logs);
  }

  private async saveModel(epoch: number, batch: number | null, logs: Logs): Promise<void> {
    const filepath = formatFilepath(this.filepath, { ...logs, epoch: epoch + 1, ...(batch === null ? {} : { batch: batch + 1 }) });
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        console.warn(`Can save best model only with ${this.monitor} available. Available metrics are: ${Object.keys(logs).join(",")}`);
        return;
      }
      if (!this.isImprovement(current, this.best)) {
        if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best?.toFixed(5)}`);
        return;
      }
      if (this.verbose > 0) {
        printMsg(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${this.best === null ? "inf" : this.best.toFixed(5)} to ${current.toFixed(5)}, saving ${this.saveWeightsOnly ? "weights" : "model"} to ${filepath}`);
      }
      this.best = current;
    } else if (this.verbose > 0) {
      printMsg(`\nEpoch ${epoch + 1}: saving ${this.saveWeightsOnly ? "weights" : "model"} to ${filepath}`);
    }
    const m = this.model!;
    if (this.saveWeightsOnly) await m.saveWeights!(filepath, { overwrite: true });
    else await m.save!(filepath, { overwrite: true });
  }
}
