/**
 * Keras 3's progress bar (keras.utils.Progbar):
 * `1875/1875 ━━━━━━━━━━━━━━━━━━━━ 3s 1ms/step - accuracy: 0.8765 - loss: 0.4321`.
 * On a TTY the line is rewritten in place; otherwise only the final line of each bar is written.
 */

export interface ProgbarOptions {
  /** Bar width in characters (default 20). */
  width?: number;
  /** 1: the bar, 2: one line when finished, 0: silent (default 1). */
  verbose?: number;
  /** Minimum seconds between redraws (default 0.05). */
  interval?: number;
  /** Names of metrics shown as given rather than averaged over the steps (default none). */
  statefulMetrics?: string[];
  /** Instead: the names of metrics averaged over the steps; all others are shown as given. */
  statelessMetrics?: string[];
  /** The unit in the time per unit (default "step"). */
  unitName?: string;
  /** Where text goes (default process.stdout.write). */
  write?: (text: string) => void;
  /** Rewrite the line in place with ANSI colors (default: whether stdout is a TTY). */
  dynamicDisplay?: boolean;
}

/** Python's `%.4f` / `%.4e` for a metric value. */
export function formatMetricValue(avg: number, absolute = true): string {
  if (Number.isNaN(avg)) return "nan";
  if (!Number.isFinite(avg)) return avg > 0 ? "inf" : "-inf";
  if ((absolute ? Math.abs(avg) : avg) > 1e-3) return avg.toFixed(4);
  const [mant, exp] = avg.toExponential(4).split("e") as [string, string];
  const sign = exp.startsWith("-") ? "-" : "+";
  const digits = exp.replace(/^[+-]/, "").padStart(2, "0");
  return `${mant}e${sign}${digits}`;
}

function formatTime(timePerUnit: number, unit: string): string {
  if (timePerUnit >= 1 || timePerUnit === 0) return ` ${timePerUnit.toFixed(0)}s/${unit}`;
  if (timePerUnit >= 1e-3) return ` ${(timePerUnit * 1000).toFixed(0)}ms/${unit}`;
  return ` ${(timePerUnit * 1e6).toFixed(0)}us/${unit}`;
}

const now = (): number => performance.now() / 1000;

export class Progbar {
  target: number | null;
  readonly width: number;
  readonly verbose: number;
  readonly interval: number;
  readonly unitName: string;
  private readonly isStateless: (name: string) => boolean;
  private readonly write: (text: string) => void;
  private readonly dynamic: boolean;
  private seenSoFar = 0;
  private readonly values = new Map<string, [number, number]>();
  private readonly start = now();
  private lastUpdate = 0;
  private timeAfterFirstStep: number | null = null;
  private prevTotalWidth = 0;

  constructor(target: number | null, options: ProgbarOptions = {}) {
    this.target = target;
    this.width = options.width ?? 20;
    this.verbose = options.verbose ?? 1;
    this.interval = options.interval ?? 0.05;
    this.unitName = options.unitName ?? "step";
    if (options.statefulMetrics && options.statelessMetrics) throw new Error("Only one of `statefulMetrics` or `statelessMetrics` can be provided.");
    const stateful = new Set(options.statefulMetrics ?? []);
    const stateless = options.statelessMetrics ? new Set(options.statelessMetrics) : null;
    this.isStateless = stateless ? (k) => stateless.has(k) : (k) => !stateful.has(k);
    this.write = options.write ?? ((t: string) => void process.stdout.write(t));
    this.dynamic = options.dynamicDisplay ?? Boolean(process.stdout.isTTY);
  }

  /** Updates the bar to step `current` with `[name, value]` pairs; `finalize` ends the line. */
  update(current: number, values: [string, number][] = [], finalize?: boolean): void {
    const fin = finalize ?? (this.target === null ? false : current >= this.target);
    for (const [k, v] of values) {
      if (this.isStateless(k)) {
        if (fin) this.values.set(k, [v, 1]);
        else {
          const base = Math.max(current - this.seenSoFar, 1);
          const prev = this.values.get(k);
          if (prev) {
            prev[0] += v * base;
            prev[1] += base;
          } else this.values.set(k, [v * base, base]);
        }
      } else this.values.set(k, [v, 1]);
    }
    this.seenSoFar = current;
    const t = now();
    const timePerUnit = this.estimateStepDuration(current, t);
    if (this.verbose === 1) {
      if (t - this.lastUpdate < this.interval && !fin) return;
      if (!this.dynamic && !fin) {
        this.lastUpdate = t;
        return;
      }
      const bold = (s: string) => (this.dynamic ? `\x1b[1m${s}\x1b[0m` : s);
      let message = this.dynamic ? "\r" : "";
      let bar: string;
      let plainBar: string;
      if (this.target !== null && this.target > 0) {
        const numdigits = Math.floor(Math.log10(this.target)) + 1;
        const count = `${String(current).padStart(numdigits)}/${this.target}`;
        const progWidth = Math.floor(this.width * (current / this.target));
        const done = "━".repeat(Math.max(0, Math.min(this.width, progWidth)));
        const todo = "━".repeat(Math.max(0, this.width - progWidth));
        plainBar = `${count} ${done}${todo}`;
        bar = this.dynamic ? `${bold(count)} ${done ? `\x1b[32m${done}\x1b[0m` : ""}\x1b[37m${todo}\x1b[0m` : plainBar;
      } else {
        plainBar = `${String(current).padStart(7)}/Unknown`;
        bar = plainBar;
      }
      let info: string;
      if (this.target !== null && this.target > 0 && !fin) {
        const eta = timePerUnit * (this.target - current);
        let etaFormat: string;
        if (eta > 3600) etaFormat = `${Math.floor(eta / 3600)}:${String(Math.floor((eta % 3600) / 60)).padStart(2, "0")}:${String(Math.floor(eta % 60)).padStart(2, "0")}`;
        else if (eta > 60) etaFormat = `${Math.floor(eta / 60)}:${String(Math.floor(eta % 60)).padStart(2, "0")}`;
        else etaFormat = `${Math.floor(eta)}s`;
        info = ` ${bold(etaFormat)}`;
      } else {
        info = ` ${bold(`${(t - this.start).toFixed(0)}s`)}`;
      }
      info += formatTime(timePerUnit, this.unitName);
      for (const [k, [sum, count]] of this.values) info += ` - ${k}: ${formatMetricValue(sum / Math.max(1, count))}`;
      message += bar + info;
      const plainInfo = info.replace(/\x1b\[[0-9;]*m/g, "");
      const totalWidth = plainBar.length + plainInfo.length;
      if (this.dynamic && this.prevTotalWidth > totalWidth) message += " ".repeat(this.prevTotalWidth - totalWidth);
      if (fin) message += "\n";
      this.write(message);
      this.prevTotalWidth = totalWidth;
    } else if (this.verbose === 2) {
      if (fin && this.target !== null && this.target > 0) {
        const numdigits = Math.floor(Math.log10(this.target)) + 1;
        let info = `${String(current).padStart(numdigits)}/${this.target} - ${(t - this.start).toFixed(0)}s -${formatTime(timePerUnit, this.unitName)}`;
        for (const [k, [sum, count]] of this.values) info += ` - ${k}: ${formatMetricValue(sum / Math.max(1, count), false)}`;
        this.write(`${info}\n`);
      }
    }
    this.lastUpdate = t;
  }

  /** Advances by `n` steps. */
  add(n: number, values?: [string, number][]): void {
    this.update(this.seenSoFar + n, values);
  }

  private estimateStepDuration(current: number, t: number): number {
    if (!current) return 0;
    let perUnit: number;
    if (this.timeAfterFirstStep !== null && current > 1) perUnit = (t - this.timeAfterFirstStep) / (current - 1);
    else perUnit = (t - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = t;
    return perUnit;
  }
}
