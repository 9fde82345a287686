/**
 * The layer boxes of a model diagram, drawn like Keras's plot_model tables: a black header with
 * the layer's name in bold and its class, then white cells for the input and output shapes, the
 * dtype, the activation, and a green "Trainable" or red "Non-trainable" cell when asked.
 */
import * as activations from "../../activations/index.js";
import type { Layer } from "../../layers/layer.js";
import type { KerasTensor } from "../../tensor/kerasTensor.js";
import { formatShape } from "../../util/format.js";
import { num, svgText, textWidth, type TextRun } from "../render/text.js";
import { isInputLayer, type GraphBox } from "./graph.js";

export interface BoxOptions {
  showShapes: boolean;
  showDtype: boolean;
  showLayerNames: boolean;
  showLayerActivations: boolean;
  showTrainable: boolean;
}

interface Cell {
  runs: TextRun[];
  fill: string;
  color: string;
}

export interface BoxSpec {
  id: string;
  name: string;
  header: TextRun[];
  activation: TextRun[] | null;
  cells: Cell[];
  width: number;
  height: number;
}

const HEADER_FONT = 16;
const BODY_FONT = 14;
const PAD = 10;
const SPACING = 2;
const HEADER_H = HEADER_FONT * 1.25 + 2 * PAD;
const ROW_H = BODY_FONT * 1.25 + 2 * PAD;

/** Python's str() of a shape or a list of shapes: `(None, 3, 16)`, `[(None, 3), (None, 4)]`. */
function shapeText(tensors: readonly KerasTensor[] | null, asList: boolean): string {
  if (!tensors || tensors.length === 0) return "?";
  const parts = tensors.map((t) => formatShape(t.shape));
  return asList || parts.length > 1 ? `[${parts.join(", ")}]` : parts[0]!;
}

function activationName(layer: Layer): string | null {
  const fn = (layer as unknown as { activation?: unknown }).activation;
  if (typeof fn !== "function") return null;
  try {
    return activations.serialize(fn as activations.ActivationFn);
  } catch {
    return fn.name || "custom";
  }
}

/** What a box says and how big it is. */
export function describeBox(box: GraphBox, o: BoxOptions): BoxSpec {
  const layer = box.layer;
  const header: TextRun[] = o.showLayerNames ? [{ text: layer.name, bold: true }, { text: ` (${layer.className})` }] : [{ text: layer.className, bold: true }];
  const act = o.showLayerActivations ? activationName(layer) : null;
  const activation: TextRun[] | null = act !== null ? [{ text: "Activation: " }, { text: act, bold: true }] : null;
  const cells: Cell[] = [];
  const white = (label: string, value: string): Cell => ({ runs: [{ text: `${label}: ` }, { text: value, bold: true }], fill: "white", color: "black" });
  const node = box.node;
  if (o.showShapes) {
    if (!isInputLayer(layer)) cells.push(white("Input shape", shapeText(node ? node.inputTensors : null, node ? node.inputsAreList : false)));
    cells.push(white("Output shape", shapeText(node ? node.outputTensors : null, node ? node.outputsAreList : false)));
  }
  if (o.showDtype) {
    const dt = node ? node.outputTensors.map((t) => t.dtype) : [];
    cells.push(white("Output dtype", dt.length === 0 ? "?" : dt.length === 1 ? dt[0]! : `[${dt.join(", ")}]`));
  }
  if (o.showTrainable && layer.weights.length > 0) {
    cells.push(layer.trainable ? { runs: [{ text: "Trainable", bold: true }], fill: "forestgreen", color: "white" } : { runs: [{ text: "Non-trainable", bold: true }], fill: "firebrick", color: "white" });
  }
  const cellsW = cells.reduce((a, c) => a + textWidth(c.runs, BODY_FONT) + 2 * PAD, 0) + Math.max(0, cells.length - 1) * SPACING;
  const inner = Math.max(textWidth(header, HEADER_FONT) + 2 * PAD, activation ? textWidth(activation, BODY_FONT) + 2 * PAD : 0, cellsW);
  const width = Math.ceil(inner + 2 * SPACING);
  const height = Math.ceil(SPACING + HEADER_H + (activation ? SPACING + ROW_H : 0) + (cells.length ? SPACING + ROW_H : 0) + SPACING);
  return { id: box.id, name: layer.name, header, activation, cells, width, height };
}

/** The SVG of a box whose centre is at (cx, cy). */
export function drawBox(spec: BoxSpec, cx: number, cy: number): string {
  const x0 = cx - spec.width / 2;
  const y0 = cy - spec.height / 2;
  const innerW = spec.width - 2 * SPACING;
  const parts: string[] = [];
  parts.push(`<g class="layer" id="${spec.id}">`);
  parts.push(`<title>${svgEscape(spec.name)}</title>`);
  parts.push(`<rect x="${num(x0)}" y="${num(y0)}" width="${num(spec.width)}" height="${num(spec.height)}" fill="black"/>`);
  let y = y0 + SPACING;
  parts.push(svgText(spec.header, cx, y + HEADER_H / 2, HEADER_FONT, { fill: "white" }));
  y += HEADER_H + SPACING;
  if (spec.activation) {
    parts.push(`<rect x="${num(x0 + SPACING)}" y="${num(y)}" width="${num(innerW)}" height="${num(ROW_H)}" fill="white"/>`);
    parts.push(svgText(spec.activation, cx, y + ROW_H / 2, BODY_FONT, { fill: "black" }));
    y += ROW_H + SPACING;
  }
  if (spec.cells.length) {
    const natural = spec.cells.map((c) => textWidth(c.runs, BODY_FONT) + 2 * PAD);
    const free = innerW - (spec.cells.length - 1) * SPACING - natural.reduce((a, b) => a + b, 0);
    let x = x0 + SPACING;
    spec.cells.forEach((c, i) => {
      const w = natural[i]! + free / spec.cells.length;
      parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(ROW_H)}" fill="${c.fill}"/>`);
      parts.push(svgText(c.runs, x + w / 2, y + ROW_H / 2, BODY_FONT, { fill: c.color }));
      x += w + SPACING;
    });
  }
  parts.push("</g>");
  return parts.join("");
}

function svgEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
