import { Callback, type Logs } from "./callback.js";
import { Progbar } from "./progbar.js";

export interface ProgbarLoggerOptions {
  /** Where text goes (default process.stdout.write). */
  write?: (text: string) => void;
  /** Rewrite the bar in place (default: whether stdout is a TTY). */
  dynamicDisplay?: boolean;
}

/**
 * Prints Keras 3's progress bar during fit / evaluate / predict (added by `fit` when
 * `verbose` is not 0): `Epoch 1/5` headers when there are several epochs, then
 * `1875/1875 ━━━━━━━━━━━━━━━━━━━━ 3s 1ms/step - accuracy: 0.8765 - loss: 0.4321`.
 */
export class ProgbarLogger extends Callback {
  private seen = 0;
  private progbar: Progbar | null = null;
  private target: number | null = null;
  private verbose = 1;
  private epochs = 1;
  private calledInFit = false;
  private readonly write: (text: string) => void;
  private readonly dynamicDisplay: boolean | undefined;

  constructor(options: ProgbarLoggerOptions = {}) {
    super();
    this.write = options.write ?? ((t: string) => void process.stdout.write(t));
    this.dynamicDisplay = options.dynamicDisplay;
  }

  override setParams(params: Record<string, unknown>): void {
    super.setParams(params);
    const v = params.verbose;
    this.verbose = v === "auto" || v === undefined ? 1 : Number(v);
    this.epochs = Number(params.epochs ?? 1);
    this.target = (params.steps as number | null | undefined) ?? null;
  }

  override onTrainBegin(): void {
    this.calledInFit = true;
  }

  override onTestBegin(): void {
    if (!this.calledInFit) {
      this.resetProgbar();
      this.maybeInitProgbar();
    }
  }

  override onPredictBegin(): void {
    this.resetProgbar();
    this.maybeInitProgbar();
  }

  override onEpochBegin(epoch: number): void {
    this.resetProgbar();
    this.maybeInitProgbar();
    if (this.verbose && this.epochs > 1) this.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    this.updateProgbar(batch, logs);
  }

  override onTestBatchEnd(batch: number, logs?: Logs): void {
    if (!this.calledInFit) this.updateProgbar(batch, logs);
  }

  override onPredictBatchEnd(batch: number): void {
    this.updateProgbar(batch, undefined);
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    void epoch;
    this.finalizeProgbar(logs);
  }

  override onTestEnd(logs?: Logs): void {
    if (!this.calledInFit) this.finalizeProgbar(logs);
  }

  override onPredictEnd(): void {
    this.finalizeProgbar(undefined);
  }

  private resetProgbar(): void {
    this.seen = 0;
    this.progbar = null;
  }

  private maybeInitProgbar(): Progbar {
    this.progbar ??= new Progbar(this.target, { verbose: this.verbose, unitName: "step", statelessMetrics: [], write: this.write, dynamicDisplay: this.dynamicDisplay });
    return this.progbar;
  }

  private updateProgbar(batch: number, logs: Logs = {}): void {
    const bar = this.maybeInitProgbar();
    this.seen = batch + 1;
    if (this.verbose === 1) bar.update(this.seen, Object.entries(logs), false);
  }

  private finalizeProgbar(logs: Logs = {}): void {
    const bar = this.maybeInitProgbar();
    if (this.target === null) {
      this.target = this.seen;
      bar.target = this.target;
    }
    bar.update(this.target, Object.entries(logs), true);
  }
}
