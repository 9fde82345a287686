/**
 * keras.utils.plotModel: a diagram of a model's layers and connections, like Keras's
 * `plot_model`, drawn by keras-ts itself (no Graphviz): SVG, or PNG rendered by resvg.
 */
import type { Model } from "../../models/model.js";
import { ValueError } from "../../util/errors.js";
import { checkOptions } from "../../util/options.js";
import { writeImage } from "../render/output.js";
import { escapeXml, FONT_FAMILY, num, svgText } from "../render/text.js";
import { describeBox, drawBox, type BoxSpec } from "./box.js";
import { extractGraph } from "./graph.js";
import { layeredLayout, type Layout, type RankDir } from "./layout.js";

export interface PlotModelOptions {
  /** File to write: `.svg`, or `.png` (default `"model.png"`; a name without extension is PNG, as in Keras). `null` writes nothing. */
  toFile?: string | null;
  /** Show each layer's input and output shapes, `(None, 3, 16)` (default false). */
  showShapes?: boolean;
  /** Show each layer's output dtype (default false). */
  showDtype?: boolean;
  /** Show layer names in bold before the class name (default false, like Keras 3). */
  showLayerNames?: boolean;
  /** "TB" (top to bottom, default), "LR" (left to right), "BT" or "RL". */
  rankdir?: RankDir;
  /** Draw the layers of nested models inside dashed clusters (default false). */
  expandNested?: boolean;
  /** Resolution of the PNG, in dots per inch (default 200; the SVG's units are points). */
  dpi?: number;
  /** Show the activation of layers that have one (default false). */
  showLayerActivations?: boolean;
  /** Mark layers with weights as Trainable (green) or Non-trainable (red) (default false). */
  showTrainable?: boolean;
}

const OPTIONS = ["toFile", "showShapes", "showDtype", "showLayerNames", "rankdir", "expandNested", "dpi", "showLayerActivations", "showTrainable"];

function edgePath(points: { x: number; y: number }[], vertical: boolean): string {
  let d = `M${num(points[0]!.x)},${num(points[0]!.y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1]!;
    const q = points[i]!;
    if (vertical) {
      const my = (p.y + q.y) / 2;
      d += ` C${num(p.x)},${num(my)} ${num(q.x)},${num(my)} ${num(q.x)},${num(q.y)}`;
    } else {
      const mx = (p.x + q.x) / 2;
      d += ` C${num(mx)},${num(p.y)} ${num(mx)},${num(q.y)} ${num(q.x)},${num(q.y)}`;
    }
  }
  return d;
}

/** @internal The boxes, layout and SVG of a model diagram (also used by tests to check the layout). */
export function renderModel(model: Model, options: PlotModelOptions = {}): { svg: string; layout: Layout; boxes: BoxSpec[] } {
  const rankdir = options.rankdir ?? "TB";
  if (!["TB", "LR", "BT", "RL"].includes(rankdir)) throw new ValueError(`plotModel: rankdir must be "TB", "LR", "BT" or "RL", but received ${JSON.stringify(rankdir)}.`);
  const graph = extractGraph(model, options.expandNested ?? false);
  const boxOptions = {
    showShapes: options.showShapes ?? false,
    showDtype: options.showDtype ?? false,
    showLayerNames: options.showLayerNames ?? false,
    showLayerActivations: options.showLayerActivations ?? false,
    showTrainable: options.showTrainable ?? false,
  };
  const specs = graph.boxes.map((b) => describeBox(b, boxOptions));
  const specOf = new Map(specs.map((s) => [s.id, s]));
  const hasClusters = graph.clusters.length > 0;
  const layout = layeredLayout(
    specs.map((s) => ({ id: s.id, width: s.width, height: s.height })),
    graph.edges,
    { rankdir, rankSep: hasClusters ? 64 : 40, nodeSep: hasClusters ? 48 : 30, margin: hasClusters ? 40 : 16 },
  );
  const vertical = rankdir === "TB" || rankdir === "BT";
  const out: string[] = [];
  const { width, height } = layout;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}pt" height="${num(height)}pt" viewBox="0 0 ${num(width)} ${num(height)}" font-family="${escapeXml(FONT_FAMILY)}">`);
  out.push(`<title>${escapeXml(model.name)}</title>`);
  out.push(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="black"/></marker></defs>`);
  out.push(`<rect x="0" y="0" width="${num(width)}" height="${num(height)}" fill="white"/>`);
  // clusters, outermost first
  const members = (id: string): string[] => [
    ...graph.boxes.filter((b) => b.cluster === id).map((b) => b.id),
    ...graph.clusters.filter((c) => c.parent === id).flatMap((c) => members(c.id)),
  ];
  const depthOf = (id: string | null): number => (id === null ? 0 : 1 + depthOf(graph.clusters.find((c) => c.id === id)!.parent));
  for (const c of [...graph.clusters].sort((a, b) => depthOf(a.id) - depthOf(b.id))) {
    const ids = members(c.id);
    if (!ids.length) continue;
    const pad = 14 + 8 * (3 - Math.min(3, depthOf(c.id)));
    const xs = ids.map((i) => layout.nodes.get(i)!);
    const x0 = Math.min(...xs.map((n) => n.x - n.width / 2)) - pad;
    const x1 = Math.max(...xs.map((n) => n.x + n.width / 2)) + pad;
    const y0 = Math.min(...xs.map((n) => n.y - n.height / 2)) - pad - 18;
    const y1 = Math.max(...xs.map((n) => n.y + n.height / 2)) + pad;
    out.push(`<g class="cluster"><rect x="${num(x0)}" y="${num(y0)}" width="${num(x1 - x0)}" height="${num(y1 - y0)}" fill="none" stroke="black" stroke-dasharray="5,3"/>`);
    out.push(`${svgText(c.label, x0 + 8, y0 + 12, 14, { anchor: "start", fill: "black" })}</g>`);
  }
  for (const e of layout.edges) {
    out.push(`<path class="edge" d="${edgePath(e.points, vertical)}" fill="none" stroke="black" stroke-width="1.2" marker-end="url(#arrow)"/>`);
  }
  for (const [id, n] of layout.nodes) out.push(drawBox(specOf.get(id)!, n.x, n.y));
  out.push("</svg>");
  return { svg: out.join("\n"), layout, boxes: specs };
}

/**
 * Draws a model's layers and connections (Keras's `keras.utils.plot_model`) and writes it to
 * `toFile` (`.svg` or `.png`). Returns the SVG text. Sequential models are a vertical chain
 * from their InputLayer; functional models with several inputs, outputs or shared layers are
 * laid out in ranks with few crossing edges.
 *
 * ```ts
 * keras.utils.plotModel(model, { toFile: "model.svg", showShapes: true });
 * ```
 */
export function plotModel(model: Model, options: PlotModelOptions = {}): string {
  checkOptions("plotModel", options, OPTIONS);
  const dpi = options.dpi ?? 200;
  if (!(typeof dpi === "number" && dpi > 0 && Number.isFinite(dpi))) throw new ValueError(`plotModel: dpi must be a positive number, but received ${String(dpi)}.`);
  const { svg } = renderModel(model, options);
  const toFile = options.toFile === undefined ? "model.png" : options.toFile;
  // The SVG is sized in points (1/72 in), which resvg reads as 4/3 px: zoom dpi/96 gives dpi pixels per inch.
  if (toFile !== null) writeImage(svg, toFile, dpi / 96, "plotModel");
  return svg;
}
