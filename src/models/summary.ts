import { historyOf, type Node } from "../graph/node.js";
import { InputLayer } from "../layers/core/inputLayer.js";
import { Layer } from "../layers/layer.js";
import type { KerasTensor } from "../tensor/kerasTensor.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { checkOptions } from "../util/options.js";
import type { Model } from "./model.js";

export interface SummaryOptions {
  /** "rich" (default): Keras 3's box table; "classic": Keras 2's text table. */
  style?: "rich" | "classic";
  /** Total width of the table (default: Keras's, 76/88/108 for rich without a terminal, 65/98 for classic). */
  lineLength?: number;
  /** Relative or absolute column positions. */
  positions?: number[];
  /** Receives each line instead of stdout. */
  printFn?: (line: string) => void;
  /** Also list the layers of nested models. */
  expandNested?: boolean;
  /** Add a "Trainable" column. */
  showTrainable?: boolean;
  /** [firstName, lastName]: print only this range of layers (regexes allowed). */
  layerRange?: [string, string];
}

interface Graphish {
  graph?: { nodesByDepth: Map<number, Node[]>; operations: unknown[] };
  layers: Layer[];
  inputLayer?: InputLayer | null;
}

/** Keras 3's readable_memory_size: "976.00 B", "1.17 KB", … */
export function readableMemorySize(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let v = bytes;
  for (const unit of units) {
    if (v / 1024 < 1) return `${v.toFixed(2)} ${unit}`;
    v /= 1024;
  }
  return `${v.toFixed(2)} PB`;
}

const fmtInt = (n: number) => n.toLocaleString("en-US");

function countParams(weights: readonly { size: number }[]): number {
  let n = 0;
  for (const w of new Set(weights)) n += w.size;
  return n;
}

function bytesOf(weights: readonly { size: number; dtype: string }[]): number {
  let n = 0;
  for (const w of new Set(weights)) n += w.size * (w.dtype === "float64" ? 8 : w.dtype === "bool" ? 1 : 4);
  return n;
}

/** The layers listed and whether the model reads as a plain stack (Keras's `sequential_like`). */
function layersAndShape(model: Model): { layers: Layer[]; sequentialLike: boolean; relevant: Set<Node> | null } {
  const g = model as unknown as Graphish;
  if (!g.graph || model.className === "Sequential") {
    return { layers: model.layers, sequentialLike: true, relevant: null };
  }
  const layers = g.graph.operations.filter((o): o is Layer => o instanceof Layer);
  const relevant = new Set<Node>();
  for (const v of g.graph.nodesByDepth.values()) for (const n of v) relevant.add(n);
  let sequentialLike = true;
  const nodes: Node[] = [];
  for (const v of g.graph.nodesByDepth.values()) {
    if (v.length > 1 || (v.length === 1 && v[0]!.inputTensors.length > 1)) {
      sequentialLike = false;
      break;
    }
    nodes.push(...v);
  }
  if (sequentialLike) {
    for (const layer of layers) {
      const inModel = layer.inboundNodes.filter((n) => nodes.includes(n));
      if (inModel.length > 1) {
        sequentialLike = false;
        break;
      }
    }
  }
  return { layers, sequentialLike, relevant };
}

/** Keras 3's format_layer_shape: "(None, 3, 16)" without a trailing comma; "?" if unknown. */
function richShape(layer: Layer): string {
  const fmt = (s: readonly (number | null)[]) => `(${s.map((d) => (d === null ? "None" : String(d))).join(", ")})`;
  let shapes: string[];
  if (layer.inboundNodes.length > 0) {
    const node = layer.inboundNodes[layer.inboundNodes.length - 1]!;
    shapes = node.outputTensors.map((t) => fmt(t.shape));
  } else if (layer.built && layer.buildInputShape) {
    try {
      const out = layer.computeOutputShape(layer.buildInputShape);
      shapes = Array.isArray(out[0]) || (Array.isArray(out) && out.length > 0 && Array.isArray(out[0])) ? (out as (number | null)[][]).map(fmt) : [fmt(out as (number | null)[])];
    } catch {
      return "?";
    }
  } else {
    return "?";
  }
  return shapes.length === 1 ? shapes[0]! : `[${shapes.join(", ")}]`;
}

/** Keras 2's `layer.output_shape`: a tuple, a list of tuples, or "multiple". */
function classicShape(layer: Layer): string {
  if (layer.inboundNodes.length === 0) {
    if (layer.built && layer.buildInputShape) {
      try {
        const out = layer.computeOutputShape(layer.buildInputShape);
        return Array.isArray(out[0]) ? `[${(out as (number | null)[][]).map(formatShape).join(", ")}]` : formatShape(out as (number | null)[]);
      } catch {
        return "?";
      }
    }
    return "multiple";
  }
  const all = layer.inboundNodes.map((n) => n.outputTensors.map((t) => formatShape(t.shape)).join("|"));
  if (new Set(all).size > 1) return "multiple";
  const node = layer.inboundNodes[0]!;
  const shapes = node.outputTensors.map((t) => formatShape(t.shape));
  if (layer instanceof InputLayer) return `[${shapes[0]}]`;
  return node.outputsAreList ? `[${shapes.join(", ")}]` : shapes[0]!;
}

function connections(layer: Layer, relevant: Set<Node> | null): string[] {
  const out: string[] = [];
  for (const node of layer.inboundNodes) {
    if (relevant && !relevant.has(node)) continue;
    for (const t of node.inputTensors as KerasTensor[]) {
      const h = historyOf(t);
      if (h) out.push(`${h.operation.name}[${h.nodeIndex}][${h.tensorIndex}]`);
    }
  }
  return out;
}

function layerRangeBounds(layers: Layer[], range: [string, string] | undefined): [number, number] {
  if (!range) return [0, layers.length];
  if (!Array.isArray(range) || range.length !== 2) {
    throw new ValueError(`layerRange must be a list of length 2. Received: layerRange=${JSON.stringify(range)}`);
  }
  const first = layers.findIndex((l) => new RegExp(range[0]).test(l.name));
  let last = -1;
  layers.forEach((l, i) => {
    if (new RegExp(range[1]).test(l.name)) last = i;
  });
  if (first < 0 || last < 0) throw new ValueError(`Passed layerRange does not match any layer names: ${JSON.stringify(range)}.`);
  return [first, last + 1];
}

function paramsOf(layer: Layer, style: "rich" | "classic"): string {
  if (!layer.built) return style === "rich" ? "0 (unbuilt)" : "0 (unused)";
  const n = layer.countParams();
  return style === "rich" ? fmtInt(n) : String(n);
}

function totals(model: Model) {
  const trainable = model.trainableWeights;
  const nonTrainable = model.nonTrainableWeights;
  const opt = model.optimizerVariablesForSummary();
  return {
    trainable: countParams(trainable),
    trainableBytes: bytesOf(trainable),
    nonTrainable: countParams(nonTrainable),
    nonTrainableBytes: bytesOf(nonTrainable),
    optimizer: opt ? countParams(opt) : null,
    optimizerBytes: opt ? bytesOf(opt) : 0,
  };
}

/** Prints `model.summary()` in Keras 3 (rich) or Keras 2 (classic) style. */
export function printSummary(model: Model, options: SummaryOptions = {}): void {
  checkOptions("summary", options, ["style", "lineLength", "positions", "printFn", "expandNested", "showTrainable", "layerRange"]);
  const print = options.printFn ?? ((line: string) => process.stdout.write(`${line}\n`));
  const style = options.style ?? "rich";
  if (style !== "rich" && style !== "classic") throw new ValueError(`summary: \`style\` must be 'rich' or 'classic', but received '${String(style)}'.`);
  const lines = style === "rich" ? richLines(model, options) : classicLines(model, options);
  for (const l of lines) print(l);
}

// ------------------------------------------------------------------ classic (Keras 2)

function classicLines(model: Model, options: SummaryOptions): string[] {
  const { layers, sequentialLike, relevant } = layersAndShape(model);
  let lineLength = options.lineLength ?? (sequentialLike ? 65 : 98);
  let positions = options.positions ?? (sequentialLike ? [0.45, 0.85, 1.0] : [0.33, 0.55, 0.67, 1.0]);
  const header = sequentialLike ? ["Layer (type)", "Output Shape", "Param #"] : ["Layer (type)", "Output Shape", "Param #", "Connected to"];
  if (options.showTrainable) {
    lineLength += 11;
    positions = [...positions, 1.0];
    header.push("Trainable");
  }
  if (positions[positions.length - 1]! <= 1) positions = positions.map((p) => Math.floor(lineLength * p));
  const out: string[] = [];
  const row = (fields: string[]) => {
    let line = "";
    fields.forEach((f, i) => {
      if (i > 0) line = `${line.slice(0, -1)} `;
      line += f;
      line = line.slice(0, positions[i]);
      line += " ".repeat(Math.max(0, positions[i]! - line.length));
    });
    out.push(line);
  };
  out.push(`Model: "${model.name}"`);
  out.push("_".repeat(lineLength));
  row(header);
  out.push("=".repeat(lineLength));
  const [lo, hi] = layerRangeBounds(layers, options.layerRange);
  const shown: { layer: Layer; prefix: string }[] = [];
  const collect = (l: Layer, depth: number) => {
    shown.push({ layer: l, prefix: depth ? `${"   ".repeat(depth)}` : "" });
    const nested = (l as { layers?: Layer[] }).layers;
    if (options.expandNested && Array.isArray(nested)) for (const s of nested) collect(s, depth + 1);
  };
  for (const l of layers.slice(lo, hi)) collect(l, 0);
  shown.forEach(({ layer, prefix }, i) => {
    const fields = [`${prefix}${layer.name} (${layer.className})`, classicShape(layer), paramsOf(layer, "classic")];
    const conns = sequentialLike ? [] : connections(layer, relevant);
    if (!sequentialLike) fields.push(conns[0] ?? "");
    if (options.showTrainable) fields.push(layer.weights.length ? (layer.trainable ? "Y" : "N") : "");
    row(fields);
    for (const c of conns.slice(1)) row(sequentialLike ? ["", "", c] : ["", "", "", c]);
    out.push((i === shown.length - 1 ? "=" : "_").repeat(lineLength));
  });
  if (shown.length === 0) out.push("=".repeat(lineLength));
  const t = totals(model);
  out.push(`Total params: ${fmtInt(t.trainable + t.nonTrainable)}`);
  out.push(`Trainable params: ${fmtInt(t.trainable)}`);
  out.push(`Non-trainable params: ${fmtInt(t.nonTrainable)}`);
  out.push("_".repeat(lineLength));
  return out;
}

// ------------------------------------------------------------------ rich (Keras 3)

/** Python's round(): half to even. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** rich's ratio_reduce: take `total` away from `values` in proportion to `ratios`, capped by `maximums`. */
function ratioReduce(total: number, ratios: number[], maximums: number[], values: number[]): number[] {
  const rs = ratios.map((r, i) => (maximums[i] ? r : 0));
  let totalRatio = rs.reduce((a, b) => a + b, 0);
  if (!totalRatio) return [...values];
  let remaining = total;
  return values.map((v, i) => {
    const r = rs[i]!;
    if (r && totalRatio > 0) {
      const d = Math.min(maximums[i]!, pyRound((r * remaining) / totalRatio));
      remaining -= d;
      totalRatio -= r;
      return v - d;
    }
    return v;
  });
}

/** Word-wraps cell text to `width` (long words are cut with an ellipsis, as rich does). */
function wrap(text: string, width: number): string[] {
  const words = text.split(" ");
  const lines: string[] = [];
  let cur = "";
  for (const w of words) {
    const word = w.length > width ? `${w.slice(0, Math.max(0, width - 1))}…` : w;
    if (!cur) cur = word;
    else if (cur.length + 1 + word.length <= width) cur += ` ${word}`;
    else {
      lines.push(cur);
      cur = word;
    }
  }
  lines.push(cur);
  return lines;
}

function richLines(model: Model, options: SummaryOptions): string[] {
  const { layers, sequentialLike, relevant } = layersAndShape(model);
  let positions: number[];
  const header = ["Layer (type)", "Output Shape", "Param #"];
  const align: ("left" | "right" | "center")[] = ["left", "left", "right"];
  let defaultLength: number;
  if (sequentialLike) {
    defaultLength = 88;
    positions = options.positions ?? [0.45, 0.8, 1.0];
  } else {
    defaultLength = 108;
    positions = options.positions ?? [0.3, 0.56, 0.74, 1.0];
    header.push("Connected to");
    align.push("left");
  }
  if (options.showTrainable) {
    defaultLength += 12;
    positions = [...positions.map((p) => p * 0.9), 1.0];
    header.push("Trainable");
    align.push("center");
  }
  // Keras caps the width at the terminal's columns - 4 (80 columns when there is no terminal).
  const columns = Number(process.env.COLUMNS) || (process.stdout.isTTY && process.stdout.columns) || 80;
  defaultLength = Math.min(defaultLength, columns - 4);
  const lineLength = options.lineLength ?? defaultLength;
  const requested: number[] = [];
  let current = 0;
  for (const p of positions) {
    const w = Math.floor(p * lineLength) - current;
    if (w < 4) throw new ValueError("Insufficient console width to print summary.");
    requested.push(w);
    current += w;
  }
  // rich: fixed-width columns (+2 padding each) squeezed evenly into width - borders
  const borders = header.length + 1;
  const maxWidth = lineLength - borders;
  let widths = requested.map((w) => w + 2);
  const excess = widths.reduce((a, b) => a + b, 0) - maxWidth;
  if (excess > 0) widths = ratioReduce(excess, widths.map(() => 1), widths, widths);
  const inner = widths.map((w) => w - 2);

  const rows: string[][] = [];
  const [lo, hi] = layerRangeBounds(layers, options.layerRange);
  const addLayer = (layer: Layer, level: number) => {
    const prefix = level ? `${"   ".repeat(level)}└ ` : "";
    const fields = [`${prefix}${layer.name} (${layer.className})`, richShape(layer), paramsOf(layer, "rich")];
    if (!sequentialLike) {
      const c = connections(layer, relevant);
      fields.push(c.length ? c.join(", ") : "-");
    }
    if (options.showTrainable) fields.push(layer.weights.length ? (layer.trainable ? "Y" : "N") : "-");
    rows.push(fields);
    const nested = (layer as { layers?: Layer[] }).layers;
    if (options.expandNested && Array.isArray(nested)) for (const l of nested) addLayer(l, level + 1);
  };
  for (const l of layers.slice(lo, hi)) addLayer(l, 0);

  const pad = (text: string, w: number, a: "left" | "right" | "center") => {
    const space = Math.max(0, w - text.length);
    if (a === "right") return " ".repeat(space) + text;
    if (a === "center") return " ".repeat(Math.floor(space / 2)) + text + " ".repeat(space - Math.floor(space / 2));
    return text + " ".repeat(space);
  };
  const rule = (l: string, fill: string, mid: string, r: string) => l + widths.map((w) => fill.repeat(w)).join(mid) + r;
  const renderRow = (cells: string[], edge: string, sep: string): string[] => {
    const wrapped = cells.map((c, i) => wrap(c, inner[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      out.push(edge + wrapped.map((w, i) => ` ${pad(w[k] ?? "", inner[i]!, align[i]!)} `).join(sep) + edge);
    }
    return out;
  };
  const out: string[] = [];
  out.push(`Model: "${model.name}"`);
  out.push(rule("┏", "━", "┳", "┓"));
  out.push(...renderRow(header, "┃", "┃"));
  out.push(rule("┡", "━", "╇", "┩"));
  rows.forEach((r, i) => {
    if (i > 0) out.push(rule("├", "─", "┼", "┤"));
    out.push(...renderRow(r, "│", "│"));
  });
  out.push(rule("└", "─", "┴", "┘"));
  const t = totals(model);
  const total = t.trainable + t.nonTrainable + (t.optimizer ?? 0);
  const totalBytes = t.trainableBytes + t.nonTrainableBytes + t.optimizerBytes;
  out.push(` Total params: ${fmtInt(total)} (${readableMemorySize(totalBytes)})`);
  out.push(` Trainable params: ${fmtInt(t.trainable)} (${readableMemorySize(t.trainableBytes)})`);
  out.push(` Non-trainable params: ${fmtInt(t.nonTrainable)} (${readableMemorySize(t.nonTrainableBytes)})`);
  if (t.optimizer !== null) out.push(` Optimizer params: ${fmtInt(t.optimizer)} (${readableMemorySize(t.optimizerBytes)})`);
  return out;
}
