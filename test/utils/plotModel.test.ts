import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { renderModel } from "../../src/utils/plotModel/index.js";
import type { Layout } from "../../src/utils/plotModel/layout.js";
import { pngStats } from "./helpers.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "plot-model-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => keras.utils.clearSession());

/** The seeds' model: Dense(16) on (3, 2), Activation, Flatten, Dense(4). */
function seedsModel() {
  const model = new keras.Sequential();
  model.add(new keras.layers.Dense(16, { inputShape: [3, 2], name: "D16" }));
  model.add(new keras.layers.Activation("relu"));
  model.add(new keras.layers.Flatten());
  model.add(new keras.layers.Dense(4));
  return model;
}

/** Two inputs, a shared layer, a skip connection and two outputs. */
function branchyModel() {
  const a = keras.Input({ shape: [8], name: "input_a" });
  const b = keras.Input({ shape: [4], name: "input_b" });
  const shared = new keras.layers.Dense(8, { name: "shared" });
  const ha = shared.apply(a);
  const hb = shared.apply(new keras.layers.Dense(8, { name: "proj_b" }).apply(b));
  const cat = new keras.layers.Concatenate({ name: "cat" }).apply([ha, hb]);
  const out1 = new keras.layers.Dense(1, { name: "out1" }).apply(cat);
  const mid = new keras.layers.Dense(3, { name: "mid", activation: "softmax" }).apply(cat);
  const skip = new keras.layers.Dense(3, { name: "skip" }).apply(a);
  const out2 = new keras.layers.Add({ name: "add" }).apply([mid, skip]);
  return new keras.Model({ inputs: [a, b], outputs: [out1, out2], name: "branchy" });
}

function expectNoOverlap(layout: Layout) {
  const boxes = [...layout.nodes.values()];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const p = boxes[i]!;
      const q = boxes[j]!;
      const apartX = Math.abs(p.x - q.x) >= (p.width + q.width) / 2;
      const apartY = Math.abs(p.y - q.y) >= (p.height + q.height) / 2;
      expect(apartX || apartY, `boxes ${p.id} and ${q.id} overlap`).toBe(true);
    }
    const b = boxes[i]!;
    expect(b.x - b.width / 2).toBeGreaterThanOrEqual(0);
    expect(b.y - b.height / 2).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width / 2).toBeLessThanOrEqual(layout.width);
    expect(b.y + b.height / 2).toBeLessThanOrEqual(layout.height);
  }
}

describe("keras.utils.plotModel", () => {
  it("writes an SVG of a Sequential model with every layer, the InputLayer and Keras-style shapes", () => {
    const model = seedsModel();
    const file = path.join(dir, "seq.svg");
    const svg = keras.utils.plotModel(model, { toFile: file, showShapes: true, showLayerNames: true });
    expect(readFileSync(file, "utf8")).toBe(svg);
    expect(svg.startsWith("<svg")).toBe(true);
    for (const name of ["input_layer", "D16", "activation", "flatten", "dense"]) expect(svg).toContain(`>${name}</tspan>`);
    for (const cls of ["(InputLayer)", "(Dense)", "(Activation)", "(Flatten)"]) expect(svg).toContain(cls);
    expect(svg).toContain("(None, 3, 16)");
    expect(svg).toContain("Input shape: <tspan font-weight=\"bold\">(None, 3, 2)</tspan>");
    expect(svg).toContain("Output shape: <tspan font-weight=\"bold\">(None, 48)</tspan>");
    // a vertical chain: same centre line, top to bottom in model order, one edge per link
    const { layout } = renderModel(model, { showShapes: true, showLayerNames: true });
    const nodes = [...layout.nodes.values()];
    expect(nodes).toHaveLength(5);
    for (let i = 1; i < nodes.length; i++) {
      expect(nodes[i]!.x).toBeCloseTo(nodes[0]!.x, 6);
      expect(nodes[i]!.y).toBeGreaterThan(nodes[i - 1]!.y);
    }
    expect(layout.edges).toHaveLength(4);
    expectNoOverlap(layout);
  });

  it("renders the diagram to a PNG that is the right size and not blank", () => {
    const file = path.join(dir, "seq.png");
    const svg = keras.utils.plotModel(seedsModel(), { toFile: file, showShapes: true, dpi: 144 });
    const vb = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
    const stats = pngStats(file);
    // points at 144 dpi: 2 pixels per point
    expect(stats.width).toBeCloseTo(Number(vb[1]) * 2, -1);
    expect(stats.height).toBeCloseTo(Number(vb[2]) * 2, -1);
    const share = stats.nonWhite / (stats.width * stats.height);
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.8);
  });

  it("lays out branches, shared layers, several inputs and outputs without overlapping boxes", () => {
    const model = branchyModel();
    const { svg, layout, boxes } = renderModel(model, { showShapes: true, showLayerNames: true });
    const names = model.layers.map((l) => l.name);
    expect(new Set(names)).toEqual(new Set(["input_a", "input_b", "shared", "proj_b", "cat", "out1", "mid", "skip", "add"]));
    for (const n of names) expect(svg).toContain(`>${n}</tspan>`);
    // the shared layer is one box with two incoming edges
    expect(boxes.filter((b) => b.name === "shared")).toHaveLength(1);
    const id = (name: string) => boxes.find((b) => b.name === name)!.id;
    const into = (name: string) => layout.edges.filter((e) => e.to === id(name)).map((e) => boxes.find((b) => b.id === e.from)!.name).sort();
    expect(into("shared")).toEqual(["input_a", "proj_b"]);
    expect(into("cat")).toEqual(["shared"]);
    expect(into("add")).toEqual(["mid", "skip"]);
    expect(layout.edges).toHaveLength(9);
    expect(svg).toContain("[(None, 8), (None, 8)]");
    expectNoOverlap(layout);
    // every edge goes downwards
    for (const e of layout.edges) expect(e.points[e.points.length - 1]!.y).toBeGreaterThan(e.points[0]!.y);
    const png = path.join(dir, "branchy.png");
    keras.utils.plotModel(model, { toFile: png, showShapes: true, dpi: 72 });
    expect(pngStats(png).nonWhite).toBeGreaterThan(1000);
  });

  it('draws left to right with rankdir "LR"', () => {
    const { layout } = renderModel(seedsModel(), { rankdir: "LR" });
    const nodes = [...layout.nodes.values()];
    for (let i = 1; i < nodes.length; i++) {
      expect(nodes[i]!.x).toBeGreaterThan(nodes[i - 1]!.x);
      expect(nodes[i]!.y).toBeCloseTo(nodes[0]!.y, 6);
    }
    expectNoOverlap(layout);
  });

  it("shows dtypes, activations and trainable flags when asked, and hides names", () => {
    const model = seedsModel();
    model.getLayer("dense").trainable = false;
    const svg = keras.utils.plotModel(model, { toFile: null, showDtype: true, showLayerActivations: true, showTrainable: true, showLayerNames: false });
    expect(svg).toContain("Output dtype: <tspan font-weight=\"bold\">float32</tspan>");
    expect(svg).toContain("Activation: <tspan font-weight=\"bold\">relu</tspan>");
    expect(svg).toContain("Activation: <tspan font-weight=\"bold\">linear</tspan>");
    expect(svg).toContain(">Trainable</tspan>");
    expect(svg).toContain(">Non-trainable</tspan>");
    expect(svg).not.toContain(">D16</tspan>");
    expect(svg).toContain(">Dense</tspan>");
  });

  it("draws a nested model as one box, or expanded inside a labelled cluster", () => {
    const inner = new keras.Sequential([new keras.layers.Dense(4, { inputShape: [8], name: "inner_d1" }), new keras.layers.Dense(2, { name: "inner_d2" })], { name: "inner" });
    const x = keras.Input({ shape: [8], name: "x" });
    const y = new keras.layers.Dense(1, { name: "head" }).apply(inner.apply(new keras.layers.Dense(8, { name: "pre" }).apply(x)));
    const model = new keras.Model({ inputs: x, outputs: y });
    const flat = renderModel(model, { showShapes: true, showLayerNames: true });
    expect(flat.svg).toContain(">inner</tspan> (Sequential)");
    expect(flat.svg).not.toContain("inner_d1");
    expect(flat.layout.edges).toHaveLength(3);
    const expanded = renderModel(model, { showShapes: true, expandNested: true, showLayerNames: true });
    expect(expanded.svg).toContain('class="cluster"');
    expect(expanded.svg).toContain(">inner</text>");
    for (const n of ["pre", "inner_d1", "inner_d2", "head"]) expect(expanded.svg).toContain(`>${n}</tspan>`);
    const names = (id: string) => expanded.boxes.find((b) => b.id === id)!.name;
    const links = expanded.layout.edges.map((e) => `${names(e.from)}->${names(e.to)}`);
    expect(links).toContain("pre->input_layer");
    expect(links).toContain("inner_d2->head");
    expectNoOverlap(expanded.layout);
  });

  it("errors name the problem: unbuilt model, unknown format, Python-style option", () => {
    const unbuilt = new keras.Sequential([new keras.layers.Dense(2)]);
    expect(() => keras.utils.plotModel(unbuilt, { toFile: null })).toThrow(/has not yet been built.*inputShape/);
    expect(() => keras.utils.plotModel(seedsModel(), { toFile: path.join(dir, "m.pdf") })).toThrow(/cannot write '.*m\.pdf': the format '\.pdf' is not supported\. keras-ts writes \.svg and \.png/);
    expect(() => keras.utils.plotModel(seedsModel(), { show_shapes: true } as never)).toThrow(/unrecognized option 'show_shapes'\. Did you mean 'showShapes'\?/);
    expect(() => keras.utils.plotModel(seedsModel(), { toFile: null, rankdir: "XY" as never })).toThrow(/rankdir must be "TB", "LR", "BT" or "RL"/);
  });
});
