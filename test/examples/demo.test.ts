/** `npm start` runs examples/demo.mjs: it must finish offline, print the tour and draw its pictures. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function nonWhiteShare(file: string): { width: number; height: number; share: number } {
  const png = PNG.sync.read(readFileSync(file));
  let nonWhite = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i + 3]! > 0 && (png.data[i]! < 240 || png.data[i + 1]! < 240 || png.data[i + 2]! < 240)) nonWhite++;
  }
  return { width: png.width, height: png.height, share: nonWhite / (png.width * png.height) };
}

describe("the main demo (npm start)", () => {
  it("tells the Flatten story, trains on digits, saves, reloads and draws", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "keras-ts-demo-"));
    const out = execFileSync(process.execPath, [path.join(root, "examples/demo.mjs")], { cwd, encoding: "utf8", timeout: 240_000, env: { ...process.env, COLUMNS: "80" } });
    expect(out).toContain("│ D16 (Dense)                     │ (None, 3, 16)          │            48 │");
    expect(out).toContain("model.predict(x).shape → (1, 4)");
    expect(out).toContain("model.predict(x).shape → (1, 3, 4)");
    expect(out).toMatch(/Epoch 30\/30/);
    const acc = Number(/Test accuracy: ([\d.]+)%/.exec(out)![1]);
    expect(acc).toBeGreaterThan(90);
    expect(out).toContain("predictions differ by at most 0.");
    for (const f of ["model.png", "history.png"]) {
      const s = nonWhiteShare(path.join(cwd, "out", f));
      expect(s.width).toBeGreaterThan(200);
      expect(s.height).toBeGreaterThan(200);
      expect(s.share).toBeGreaterThan(0.03);
      expect(s.share).toBeLessThan(0.9);
    }
    expect(readFileSync(path.join(cwd, "out/model.svg"), "utf8")).toContain("(None, 64)");
    expect(existsSync(path.join(cwd, "out/digits_mlp.keras"))).toBe(true);
  });
});
