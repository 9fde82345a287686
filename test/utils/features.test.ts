import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

const table = readFileSync(path.resolve(import.meta.dirname, "../../docs/features.md"), "utf8");

/** Rows marked done or partial, with the backticked names of their keras-ts column. */
function claimedRows(): { row: string; names: string[] }[] {
  const rows: { row: string; names: string[] }[] = [];
  for (const line of table.split("\n")) {
    if (!line.startsWith("|")) continue;
    const cells = line.split("|").map((c) => c.trim());
    const status = cells[3] ?? "";
    if (!status.includes("✅") && !status.includes("🟡")) continue;
    const names = [...(cells[2] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    rows.push({ row: cells[1]!, names });
  }
  return rows;
}

function resolve(name: string): unknown {
  let cur: unknown = keras;
  for (const part of name.split(".")) {
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

describe("docs/features.md", () => {
  it("names only exports that exist for every feature it marks done or partial", () => {
    const rows = claimedRows();
    expect(rows.length).toBeGreaterThan(30);
    const missing = rows.flatMap((r) => r.names.filter((n) => resolve(n) === undefined).map((n) => `${r.row}: ${n}`));
    expect(missing).toEqual([]);
  });
  it("lists the methods it claims on Model", () => {
    for (const m of ["summary", "compile", "fit", "evaluate", "predict", "trainOnBatch"]) expect(typeof (keras.Model.prototype as unknown as Record<string, unknown>)[m]).toBe("function");
  });
});
