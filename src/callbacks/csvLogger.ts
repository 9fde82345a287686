import { checkOptions } from "../util/options.js";
import { Callback, type Logs } from "./callback.js";

type Fs = typeof import("node:fs");

/**
 * Streams epoch results to a CSV file (Keras's CSVLogger): a header `epoch,<sorted log keys>`,
 * then one row per epoch. Node.js only (uses node:fs).
 * @example new keras.callbacks.CSVLogger("training.log", { append: true })
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private appendHeader = true;
  private fs: Fs | null = null;
  private headerWritten = false;

  constructor(filename: string, options: { separator?: string; append?: boolean } = {}) {
    super();
    checkOptions("CSVLogger", options, ["separator", "append"]);
    this.filename = filename;
    this.separator = options.separator ?? ",";
    this.append = options.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.fs = await import("node:fs");
    this.keys = null;
    this.headerWritten = false;
    if (this.append) {
      this.appendHeader = !(this.fs.existsSync(this.filename) && this.fs.readFileSync(this.filename, "utf8").length > 0);
    } else {
      this.appendHeader = true;
      this.fs.writeFileSync(this.filename, "");
    }
  }

  private cell(v: unknown): string {
    const s = v === undefined ? "NA" : typeof v === "number" ? String(v) : String(v);
    return s.includes(this.separator) || s.includes('"') || s.includes("\n") ? `"${s.replace(/"/g, '""')}"` : s;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const fs = this.fs;
    if (!fs) return;
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      const hasVal = this.keys.some((k) => k.startsWith("val_"));
      if (!hasVal && this.params.doValidation) this.keys.push(...this.keys.map((k) => `val_${k}`));
    }
    let text = "";
    if (this.appendHeader && !this.headerWritten) {
      text += `${["epoch", ...this.keys].join(this.separator)}\r\n`;
      this.headerWritten = true;
    }
    text += `${[String(epoch), ...this.keys.map((k) => this.cell(logs[k]))].join(this.separator)}\r\n`;
    fs.appendFileSync(this.filename, text);
  }

  override onTrainEnd(): void {
    this.fs = null;
  }
}
