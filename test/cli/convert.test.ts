import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, fixture, runBin, tempDir } from "./bin.js";

describe("keras-ts convert (bin)", () => {
  beforeAll(assertBuilt);

  it("converts a legacy .h5 to a Keras 3 .keras that predicts the same", async () => {
    const dir = tempDir();
    const out = join(dir, "cnn.keras");
    const r = await runBin(["convert", fixture("cnn_bn_k2.1.h5"), "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(out);
    const zip = unzipSync(new Uint8Array(readFileSync(out)));
    expect(Object.keys(zip).sort()).toEqual(expect.arrayContaining(["config.json", "metadata.json", "model.weights.h5"]));
    const inspect = await runBin(["inspect", out]);
    expect(inspect.stdout).toContain(".keras zip (Keras 3)");
    const input = fixture("cnn_bn_k2.1_input.npy");
    const before = await runBin(["predict", fixture("cnn_bn_k2.1.h5"), "--input", input]);
    const after = await runBin(["predict", out, "--input", input]);
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
  }, 180_000);

  it("converts a .keras to legacy .h5 and to .weights.h5", async () => {
    const dir = tempDir();
    const h5 = join(dir, "mlp.h5");
    expect((await runBin(["convert", fixture("diabetes_mlp_k3.1.keras"), "--output", h5])).code).toBe(0);
    expect((await runBin(["inspect", h5])).stdout).toContain("legacy HDF5 full model");
    const weights = join(dir, "mlp.weights.h5");
    const w = await runBin(["convert", fixture("diabetes_mlp_k3.1.keras"), "-o", weights]);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain("Keras 3 weights");
    expect((await runBin(["inspect", weights])).stdout).toContain("Keras 3 weights (.weights.h5)");
  }, 180_000);

  it("a missing or corrupt input exits 1, names the file and leaves an existing output intact", async () => {
    const dir = tempDir();
    const out = join(dir, "keep.keras");
    writeFileSync(out, "previous");
    const corrupt = join(dir, "corrupt.h5");
    writeFileSync(corrupt, Buffer.concat([readFileSync(fixture("cnn_bn_k2.1.h5")).subarray(0, 4000)]));
    for (const bad of [corrupt, join(dir, "missing.h5")]) {
      const r = await runBin(["convert", bad, "-o", out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(bad);
      expect(readFileSync(out, "utf8")).toBe("previous");
    }
    expect(existsSync(join(dir, "missing.h5"))).toBe(false);
  }, 180_000);
});
