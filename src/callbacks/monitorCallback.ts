import { ValueError } from "../util/errors.js";
import { Callback } from "./callback.js";

export type MonitorMode = "auto" | "min" | "max";

/**
 * The base of callbacks that watch a metric (Keras's MonitorCallback): decides whether the
 * metric should go down or up and what counts as an improvement (`minDelta`).
 */
export class MonitorCallback extends Callback {
  readonly monitor: string;
  readonly mode: MonitorMode;
  best: number | null;
  minDelta: number;
  protected monitorOp: ((a: number, b: number) => boolean) | null = null;

  constructor(monitor = "val_loss", mode: MonitorMode = "auto", baseline: number | null = null, minDelta = 0) {
    super();
    if (!["auto", "min", "max"].includes(mode)) {
      console.warn(`${this.constructor.name} mode '${String(mode)}' is unknown, fallback to auto mode.`);
      mode = "auto";
    }
    this.monitor = monitor;
    this.mode = mode;
    this.best = baseline;
    this.minDelta = Math.abs(minDelta);
  }

  protected setMonitorOp(): void {
    const less = (a: number, b: number) => a < b;
    const greater = (a: number, b: number) => a > b;
    if (this.mode === "min") this.monitorOp = less;
    else if (this.mode === "max") this.monitorOp = greater;
    else {
      const metricName = this.monitor.replace(/^val_/, "");
      if (metricName === "loss") this.monitorOp = less;
      for (const m of this.model?.metrics ?? []) {
        if (m.name === metricName && m.direction) this.monitorOp = m.direction === "up" ? greater : less;
      }
      if (this.monitorOp === null) {
        throw new ValueError(
          `${this.constructor.name} callback received monitor=${this.monitor}, but Keras isn't able to automatically determine whether that metric should be maximized or minimized. Pass \`mode: "max"\` in order to monitor based on the highest metric value, or pass \`mode: "min"\` in order to use the lowest value.`,
        );
      }
    }
    if (this.monitorOp === less) this.minDelta *= -1;
  }

  protected isImprovement(value: number, reference: number | null): boolean {
    if (reference === null) return true;
    return this.monitorOp!(value - this.minDelta, reference);
  }
}
