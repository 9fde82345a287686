/**
 * Runs every ```js block of docs/training.md (they may `await`): each must run without throwing,
 * and where a ```text block follows, what it prints must equal that block.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

const doc = readFileSync(new URL("../../docs/training.md", import.meta.url), "utf8");
const blocks = [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1]!, body: m[2]! }));

type AsyncFn = (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => AsyncFn;

describe("docs/training.md examples", () => {
  const examples: { code: string; expected: string | null }[] = [];
  blocks.forEach((b, i) => {
    if (b.kind === "js") examples.push({ code: b.body, expected: blocks[i + 1]?.kind === "text" ? blocks[i + 1]!.body : null });
  });

  it("has examples, most with their output", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(examples.filter((e) => e.expected !== null).length).toBeGreaterThanOrEqual(4);
  });

  examples.forEach(({ code, expected }, i) => {
    it(`example ${i + 1} runs${expected !== null ? " and prints what the guide says" : ""}`, async () => {
      const out: string[] = [];
      const consoleLike = { log: (...args: unknown[]) => out.push(args.map(String).join(" ")) };
      await new AsyncFunction("keras", "console", code)(keras, consoleLike);
      if (expected !== null) expect(out.join("\n") + "\n").toBe(expected);
    });
  });
});
