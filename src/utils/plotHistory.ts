/**
 * keras.utils.plotHistory: training curves from `model.fit`'s History, one panel per metric
 * (loss, accuracy, …), training and validation (`val_*`) curves, axes with ticks, a legend.
 * SVG written by keras-ts; PNG rendered by resvg.
 */
import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";
import { writeImage } from "./render/output.js";
import { escapeXml, FONT_FAMILY, num, svgText } from "./render/text.js";

export interface PlotHistoryOptions {
  /** File to write: `.svg` or `.png` (default `"history.png"`); `null` writes nothing. */
  toFile?: string | null;
  /** The metrics to draw, without `val_` (default: every metric in the history, loss first). */
  metrics?: string[];
  /** Resolution of the PNG in dots per inch (default 100; the SVG's units are points). */
  dpi?: number;
  /** A title above the panels. */
  title?: string;
}

/** A `History` from `fit` (or anything with `history` and optionally `epoch`), or a plain record of lists. */
export type HistoryLike = { history: Record<string, readonly number[]>; epoch?: readonly number[] } | Record<string, readonly number[]>;

const TRAIN_COLOR = "#1f77b4";
const VAL_COLOR = "#ff7f0e";
const PANEL_W = 440;
const PANEL_H = 300;
const M = { left: 64, right: 18, top: 34, bottom: 48 };

/** About `count` round tick values covering [lo, hi] (steps of 1, 2, 2.5 or 5 × 10^k). */
export function niceTicks(lo: number, hi: number, count = 5): { ticks: number[]; step: number } {
  if (!(hi > lo)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= hi + step * 1e-9 || ticks.length < 2; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < hi) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return { ticks, step };
}

function tickLabel(v: number, step: number): string {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9) + (String(step / 10 ** Math.floor(Math.log10(step))).includes(".") ? 1 : 0));
  return Math.abs(v) < step * 1e-6 ? "0" : v.toFixed(Math.min(decimals, 10));
}

function normalize(history: HistoryLike): { series: Record<string, number[]>; epochs: number[] | null } {
  if (!history || typeof history !== "object") throw new ValueError(`plotHistory: expected a History (from model.fit) or a record like { loss: [...] }, but received ${String(history)}.`);
  const h = history as { history?: unknown; epoch?: unknown };
  const record = h.history && typeof h.history === "object" && !Array.isArray(h.history) ? (h.history as Record<string, unknown>) : (history as Record<string, unknown>);
  const series: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(record)) {
    if (!Array.isArray(v)) throw new ValueError(`plotHistory: history["${k}"] should be a list of numbers per epoch, but received ${typeof v}.`);
    series[k] = v.map(Number);
  }
  const epochs = Array.isArray(h.epoch) && h.history ? (h.epoch as number[]).map(Number) : null;
  return { series, epochs };
}

/** Draws one panel at (ox, oy). */
function panel(name: string, train: number[] | undefined, val: number[] | undefined, epochsOf: (n: number) => number[], ox: number, oy: number): string {
  const out: string[] = [];
  const pw = PANEL_W - M.left - M.right;
  const ph = PANEL_H - M.top - M.bottom;
  const x0 = ox + M.left;
  const y0 = oy + M.top;
  const lines = [
    { label: "training", data: train, color: TRAIN_COLOR, dash: "" },
    { label: "validation", data: val, color: VAL_COLOR, dash: ' stroke-dasharray="6,3"' },
  ].filter((l): l is { label: string; data: number[]; color: string; dash: string } => Array.isArray(l.data) && l.data.length > 0);
  const n = Math.max(...lines.map((l) => l.data.length));
  const xs = epochsOf(n);
  const finite = lines.flatMap((l) => l.data.filter((v) => Number.isFinite(v)));
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const yT = niceTicks(lo, hi, 5);
  const yMin = yT.ticks[0]!;
  const yMax = yT.ticks[yT.ticks.length - 1]!;
  const xMin = xs[0] ?? 1;
  const xMax = Math.max(xs[xs.length - 1] ?? 1, xMin + 1);
  const xT = niceTicks(xMin, xMax, Math.min(8, Math.max(1, xMax - xMin)));
  const xStep = Math.max(1, Math.round(xT.step));
  const sx = (v: number) => x0 + ((v - xMin) / (xMax - xMin)) * pw;
  const sy = (v: number) => y0 + ph - ((v - yMin) / (yMax - yMin)) * ph;
  out.push(`<g class="panel" id="panel-${escapeXml(name)}">`);
  for (const t of yT.ticks) {
    const y = sy(t);
    out.push(`<line x1="${num(x0)}" y1="${num(y)}" x2="${num(x0 + pw)}" y2="${num(y)}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${num(x0 - 5)}" y1="${num(y)}" x2="${num(x0)}" y2="${num(y)}" stroke="#444"/>`);
    out.push(svgText(tickLabel(t, yT.step), x0 - 8, y, 11, { anchor: "end", fill: "#222" }));
  }
  for (let e = Math.ceil(xMin / xStep) * xStep; e <= xMax + 1e-9; e += xStep) {
    const x = sx(e);
    out.push(`<line x1="${num(x)}" y1="${num(y0 + ph)}" x2="${num(x)}" y2="${num(y0 + ph + 5)}" stroke="#444"/>`);
    out.push(svgText(String(e), x, y0 + ph + 16, 11, { fill: "#222" }));
  }
  out.push(svgText([{ text: name, bold: true }], x0 + pw / 2, oy + M.top / 2, 14, { fill: "black" }));
  out.push(svgText("epoch", x0 + pw / 2, y0 + ph + 36, 12, { fill: "#222" }));
  const ly = y0 + ph / 2;
  out.push(svgText(name, ox + 14, ly, 12, { fill: "#222", transform: `rotate(-90 ${num(ox + 14)} ${num(ly)})` }));
  for (const l of lines) {
    let d = "";
    let pen = false;
    l.data.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${num(sx(xs[i]!))},${num(sy(v))} `;
      pen = true;
    });
    out.push(`<path class="curve" data-series="${escapeXml(l.label)}" d="${d.trim()}" fill="none" stroke="${l.color}" stroke-width="2"${l.dash}/>`);
    if (l.data.length <= 40) {
      l.data.forEach((v, i) => {
        if (Number.isFinite(v)) out.push(`<circle cx="${num(sx(xs[i]!))}" cy="${num(sy(v))}" r="2.5" fill="${l.color}"/>`);
      });
    }
  }
  out.push(`<rect x="${num(x0)}" y="${num(y0)}" width="${num(pw)}" height="${num(ph)}" fill="none" stroke="#444" stroke-width="1"/>`);
  // legend: in the corner of the axes with the fewest points under it
  const lw = 104;
  const lh = 10 + 18 * lines.length;
  const corners = [
    [x0 + pw - lw - 8, y0 + 8],
    [x0 + pw - lw - 8, y0 + ph - lh - 8],
    [x0 + 8, y0 + 8],
    [x0 + 8, y0 + ph - lh - 8],
  ] as const;
  const pts = lines.flatMap((l) => l.data.map((v, i) => [sx(xs[i]!), sy(v)] as const));
  const under = ([cx, cy]: readonly [number, number]) => pts.filter(([px, py]) => px >= cx - 6 && px <= cx + lw + 6 && py >= cy - 6 && py <= cy + lh + 6).length;
  const [lx, lyTop] = corners.reduce((best, c) => (under(c) < under(best) ? c : best), corners[0]);
  out.push(`<rect x="${num(lx)}" y="${num(lyTop)}" width="${lw}" height="${lh}" fill="white" fill-opacity="0.85" stroke="#bbb"/>`);
  lines.forEach((l, i) => {
    const yy = lyTop + 14 + 18 * i;
    out.push(`<line x1="${num(lx + 8)}" y1="${num(yy)}" x2="${num(lx + 32)}" y2="${num(yy)}" stroke="${l.color}" stroke-width="2"${l.dash}/>`);
    out.push(svgText(l.label, lx + 38, yy, 11, { anchor: "start", fill: "#222" }));
  });
  out.push("</g>");
  return out.join("\n");
}

/** @internal The SVG of the training curves (and the metrics drawn). */
export function renderHistory(history: HistoryLike, options: Omit<PlotHistoryOptions, "toFile" | "dpi"> = {}): { svg: string; metrics: string[]; width: number; height: number } {
  const { series, epochs } = normalize(history);
  const available: string[] = [];
  for (const k of Object.keys(series)) {
    const base = k.startsWith("val_") ? k.slice(4) : k;
    if (!available.includes(base)) available.push(base);
  }
  available.sort((a, b) => (a === "loss" ? -1 : b === "loss" ? 1 : 0));
  const metrics = options.metrics ?? available;
  if (metrics.length === 0) throw new ValueError("plotHistory: the history is empty; there is nothing to plot. Train with model.fit first.");
  for (const m of metrics) {
    if (!series[m] && !series[`val_${m}`]) throw new ValueError(`plotHistory: no metric '${m}' in the history. It has: ${available.join(", ") || "nothing"}.`);
  }
  const cols = Math.min(2, metrics.length);
  const rows = Math.ceil(metrics.length / cols);
  const titleH = options.title ? 30 : 0;
  const width = cols * PANEL_W + 10;
  const height = rows * PANEL_H + titleH + 10;
  const epochsOf = (n: number) => Array.from({ length: n }, (_, i) => (epochs && epochs[i] !== undefined ? epochs[i]! + 1 : i + 1));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}pt" height="${height}pt" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}">`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  if (options.title) out.push(svgText([{ text: options.title, bold: true }], width / 2, 18, 16, { fill: "black" }));
  metrics.forEach((m, i) => {
    const ox = 5 + (i % cols) * PANEL_W;
    const oy = 5 + titleH + Math.floor(i / cols) * PANEL_H;
    out.push(panel(m, series[m], series[`val_${m}`], epochsOf, ox, oy));
  });
  out.push("</svg>");
  return { svg: out.join("\n"), metrics, width, height };
}

/**
 * Draws the training curves of a `History` (what `await model.fit(...)` returns) or of a plain
 * record such as `{ loss: [...], val_loss: [...] }`: one panel per metric with the training
 * curve and, when present, the validation (`val_*`) curve. Writes `toFile` (`.svg` or `.png`)
 * and returns the SVG text.
 *
 * ```ts
 * const history = await model.fit(x, y, { epochs: 10, validationSplit: 0.2 });
 * keras.utils.plotHistory(history, { toFile: "out/history.svg" });
 * ```
 */
export function plotHistory(history: HistoryLike, options: PlotHistoryOptions = {}): string {
  checkOptions("plotHistory", options, ["toFile", "metrics", "dpi", "title"]);
  const dpi = options.dpi ?? 100;
  if (!(typeof dpi === "number" && dpi > 0 && Number.isFinite(dpi))) throw new ValueError(`plotHistory: dpi must be a positive number, but received ${String(dpi)}.`);
  const { svg } = renderHistory(history, { metrics: options.metrics, title: options.title });
  const toFile = options.toFile === undefined ? "history.png" : options.toFile;
  // points → resvg's px (4/3) → dpi: zoom dpi/96
  if (toFile !== null) writeImage(svg, toFile, dpi / 96, "plotHistory");
  return svg;
}
