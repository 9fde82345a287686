/** Runs every ```js block of docs/shapes.md and compares what it prints with the ```text block after it. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { resetNameCounters } from "../../src/util/names.js";

const doc = readFileSync(new URL("../../docs/shapes.md", import.meta.url), "utf8");
const blocks = [...doc.matchAll(/```(js|text)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1]!, body: m[2]! }));

describe("docs/shapes.md examples", () => {
  resetNameCounters();
  const pairs: { code: string; expected: string }[] = [];
  blocks.forEach((b, i) => {
    if (b.kind === "js" && blocks[i + 1]?.kind === "text") pairs.push({ code: b.body, expected: blocks[i + 1]!.body });
  });

  it("has examples", () => expect(pairs.length).toBeGreaterThanOrEqual(5));

  pairs.forEach(({ code, expected }, i) => {
    it(`example ${i + 1} prints what the guide says`, () => {
      const out: string[] = [];
      const consoleLike = { log: (...args: unknown[]) => out.push(args.map(String).join(" ")) };
      const saved = process.env.COLUMNS;
      process.env.COLUMNS = "80";
      try {
        new Function("keras", "console", code)(keras, consoleLike);
      } finally {
        if (saved === undefined) delete process.env.COLUMNS;
        else process.env.COLUMNS = saved;
      }
      expect(out.join("\n") + "\n").toBe(expected);
    });
  });
});
