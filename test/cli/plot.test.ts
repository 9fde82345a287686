import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pngStats } from "../utils/helpers.js";
import { assertBuilt, fixture, runBin, tempDir } from "./bin.js";

describe("keras-ts plot (bin)", () => {
  beforeAll(assertBuilt);

  it("writes an SVG with shapes, dtypes and layer names", async () => {
    const dir = tempDir();
    const out = join(dir, "model.svg");
    const r = await runBin(["plot", fixture("cnn_bn_k2.1.h5"), "-o", out, "--show-shapes", "--show-dtype", "--show-layer-names", "--rankdir", "LR"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote ${out}`);
    const svg = readFileSync(out, "utf8");
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("(None, 8, 8, 1)");
    expect(svg).toContain("float32");
    expect(svg).toContain("conv2d_1");
    expect(svg).toContain("BatchNormalization");
    const width = Number(/width="([\d.]+)/.exec(svg)![1]);
    const height = Number(/height="([\d.]+)/.exec(svg)![1]);
    expect(width).toBeGreaterThan(height); // left to right
  }, 180_000);

  it("writes a non-blank PNG whose size follows --dpi", async () => {
    const dir = tempDir();
    const small = join(dir, "small.png");
    const big = join(dir, "big.png");
    expect((await runBin(["plot", fixture("diabetes_mlp_k3.1.keras"), "--output", small, "--dpi", "72"])).code).toBe(0);
    expect((await runBin(["plot", fixture("diabetes_mlp_k3.1.keras"), "-o", big, "--dpi=144", "--show-shapes"])).code).toBe(0);
    const s = pngStats(small);
    const b = pngStats(big);
    expect(s.width).toBeGreaterThan(50);
    expect(s.nonWhite).toBeGreaterThan(500);
    expect(b.height).toBeGreaterThan(1.8 * s.height);
  }, 180_000);

  it("a missing or corrupt model exits 1 and writes nothing; an unwritable output exits 1", async () => {
    const dir = tempDir();
    const out = join(dir, "m.svg");
    const missing = await runBin(["plot", join(dir, "missing.h5"), "-o", out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(dir, "missing.h5"));
    const corrupt = join(dir, "corrupt.keras");
    writeFileSync(corrupt, new Uint8Array(4096).fill(7));
    const c = await runBin(["plot", corrupt, "-o", out]);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(corrupt);
    expect(existsSync(out)).toBe(false);
    writeFileSync(join(dir, "a-file"), "x");
    const unwritable = join(dir, "a-file", "m.svg"); // a path under a regular file
    const u = await runBin(["plot", fixture("diabetes_mlp_k3.1.keras"), "-o", unwritable]);
    expect(u.code).toBe(1);
    expect(u.stderr).toContain(unwritable);
  }, 180_000);
});
