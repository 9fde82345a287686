import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { niceTicks } from "../../src/utils/plotHistory.js";
import { pngStats } from "./helpers.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "plot-history-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = {
  loss: [2.3, 1.2, 0.8, 0.6, 0.55],
  val_loss: [2.1, 1.3, 0.9, 0.75, 0.7],
  accuracy: [0.1, 0.5, 0.7, 0.8, 0.82],
  val_accuracy: [0.12, 0.45, 0.66, 0.74, 0.77],
};

describe("keras.utils.plotHistory", () => {
  it("draws one panel per metric with training and validation curves, axes and legend", () => {
    const file = path.join(dir, "h.svg");
    const svg = keras.utils.plotHistory(record, { toFile: file });
    expect(readFileSync(file, "utf8")).toBe(svg);
    expect(svg.match(/class="panel"/g)).toHaveLength(2);
    expect(svg).toContain('id="panel-loss"');
    expect(svg).toContain('id="panel-accuracy"');
    expect(svg.match(/class="curve"/g)).toHaveLength(4);
    expect(svg.match(/>training</g)).toHaveLength(2);
    expect(svg.match(/>validation</g)).toHaveLength(2);
    expect(svg).toContain(">epoch<");
    // y ticks of the loss panel: 0 … 2.5 in steps of 0.5; x ticks are epochs
    for (const t of [">0<", ">0.5<", ">1.0<", ">2.5<", ">5<"]) expect(svg).toContain(t);
  });

  it("accepts a History object (history + epoch) and draws only the metrics asked for", () => {
    const history = { history: { loss: [1, 0.5, 0.25], val_loss: [1.1, 0.6, 0.4], mae: [3, 2, 1] }, epoch: [0, 1, 2] };
    const svg = keras.utils.plotHistory(history, { toFile: null, metrics: ["mae"] });
    expect(svg.match(/class="panel"/g)).toHaveLength(1);
    expect(svg).toContain('id="panel-mae"');
    expect(svg.match(/class="curve"/g)).toHaveLength(1);
    expect(() => keras.utils.plotHistory(history, { toFile: null, metrics: ["accuracy"] })).toThrow("plotHistory: no metric 'accuracy' in the history. It has: loss, mae.");
    expect(() => keras.utils.plotHistory({}, { toFile: null })).toThrow(/history is empty/);
  });

  it("renders to a PNG with both curve colours", () => {
    const file = path.join(dir, "h.png");
    keras.utils.plotHistory(record, { toFile: file, dpi: 96 });
    const blue = pngStats(file, [0x1f, 0x77, 0xb4]);
    const orange = pngStats(file, [0xff, 0x7f, 0x0e]);
    expect(blue.width).toBeGreaterThan(800);
    expect(blue.nonWhite / (blue.width * blue.height)).toBeGreaterThan(0.02);
    expect(blue.matching).toBeGreaterThan(200);
    expect(orange.matching).toBeGreaterThan(200);
  });

  it("skips non-finite values and picks round ticks", () => {
    const svg = keras.utils.plotHistory({ loss: [1, Number.NaN, 0.5] }, { toFile: null });
    const d = /class="curve" data-series="training" d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(niceTicks(0.43, 2.3).ticks).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(0.1, 0.9).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(5, 5).ticks[0]).toBeLessThanOrEqual(4.5);
  });
});
