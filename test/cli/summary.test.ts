import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, fixture, runBin, tempDir } from "./bin.js";

describe("keras-ts summary / inspect (bin)", () => {
  beforeAll(assertBuilt);

  it("summary prints Keras 3's rich table of a .keras file", async () => {
    const r = await runBin(["summary", fixture("diabetes_mlp_k3.1.keras")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("┏━━");
    expect(r.stdout).toMatch(/│ dense_\d+ \(Dense\)\s+│ \(None, 20\)\s+│\s+220 │/);
    expect(r.stdout).toContain(" Total params: 661 (2.58 KB)");
  }, 180_000);

  it("summary --style classic --line-length --show-trainable on a legacy .h5", async () => {
    const r = await runBin(["summary", fixture("cnn_bn_k2.1.h5"), "--style", "classic", "--show-trainable"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Layer (type)");
    expect(r.stdout).toContain("Trainable");
    expect(r.stdout).toMatch(/conv2d_1 \(Conv2D\)\s+\(None, 8, 8, 1\)\s+28/);
    expect(r.stdout).toContain("Total params: 79");
    expect(r.stdout).toContain("Non-trainable params: 2");
    const narrow = await runBin(["summary", fixture("cnn_bn_k2.1.h5"), "--style=classic", "--line-length", "50"]);
    expect(narrow.code).toBe(0);
    const rule = narrow.stdout.split("\n").find((l) => /^=+$/.test(l))!;
    expect(rule.length).toBe(50);
    const expanded = await runBin(["summary", fixture("emg_gru_k3.9.keras"), "--expand-nested"]);
    expect(expanded.code).toBe(0);
    expect(expanded.stdout).toContain("(GRU)");
  }, 180_000);

  it("inspect still works through the bin, text and --json", async () => {
    const r = await runBin(["inspect", fixture("cnn_bn_k2.1.h5")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Format:        legacy HDF5 full model");
    expect(r.stdout).toContain("Keras version: 2.1.3");
    const j = await runBin(["inspect", fixture("diabetes_mlp_k3.1.keras"), "--json"]);
    expect(j.code).toBe(0);
    expect((JSON.parse(j.stdout) as { kerasVersion: string }).kerasVersion).toBe("3.1.1");
  }, 180_000);

  it("a missing file, a directory, a corrupt or truncated file exit 1 and name the file", async () => {
    const dir = tempDir();
    const missing = join(dir, "no-such-model.keras");
    const garbage = join(dir, "garbage.h5");
    writeFileSync(garbage, "this is not an HDF5 file at all\n".repeat(20));
    const truncated = join(dir, "truncated.keras");
    const whole = readFileSync(fixture("diabetes_mlp_k3.1.keras"));
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const truncatedH5 = join(dir, "truncated.h5");
    const h5 = readFileSync(fixture("cnn_bn_k2.1.h5"));
    writeFileSync(truncatedH5, h5.subarray(0, 3000));
    for (const command of ["summary", "inspect"]) {
      const m = await runBin([command, missing]);
      expect(m.code).toBe(1);
      expect(m.stderr).toContain(missing);
      expect(m.stderr).toMatch(/not found/i);
      for (const bad of [garbage, truncated, truncatedH5, dir]) {
        const r = await runBin([command, bad]);
        expect(r.code, `${command} ${bad}`).toBe(1);
        expect(r.stderr).toContain(bad);
        expect(r.stderr.split("\n").filter((l) => l.trim() !== "").length).toBeLessThan(5); // a message, not a stack trace
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    }
    expect((await runBin(["summary", garbage])).stderr).toMatch(/not a Keras model file/);
  }, 180_000);
});
