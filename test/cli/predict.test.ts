import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readNpy } from "../../src/saving/npy.js";
import { assertBuilt, fixture, runBin, tempDir } from "./bin.js";

const golden = readNpy(new Uint8Array(readFileSync(fixture("cnn_bn_k2.1_predictions.npy"))));

describe("keras-ts predict (bin)", () => {
  beforeAll(assertBuilt);

  it("predicts a legacy .h5 on its .npy input and prints JSON matching the Keras predictions", async () => {
    const r = await runBin(["predict", fixture("cnn_bn_k2.1.h5"), "--input", fixture("cnn_bn_k2.1_input.npy")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const y = JSON.parse(r.stdout) as number[][];
    expect([y.length, y[0]!.length]).toEqual(golden.shape);
    y.flat().forEach((v, i) => expect(Math.abs(v - golden.data[i]!)).toBeLessThan(1e-5));
    expect(r.stdout.split("\n")[1]).toMatch(/^ {2}\[-?\d/); // one sample per line
  }, 180_000);

  it("reads JSON nested arrays, honours --batch-size and writes --output", async () => {
    const dir = tempDir();
    const input = join(dir, "rows.json");
    const rows = Array.from({ length: 7 }, (_, i) => Array.from({ length: 10 }, (_, j) => ((i * 10 + j) % 13) / 13 - 0.5));
    writeFileSync(input, JSON.stringify(rows));
    const model = fixture("diabetes_mlp_k3.1.keras");
    const printed = await runBin(["predict", model, "--input", input]);
    expect(printed.code).toBe(0);
    const y = JSON.parse(printed.stdout) as number[][];
    expect(y.length).toBe(7);
    expect(y.every((row) => row.length === 1 && Number.isFinite(row[0]))).toBe(true);
    const out = join(dir, "out.json");
    const written = await runBin(["predict", model, "-i", input, "--batch-size", "3", "--output", out]);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(out);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(y);
  }, 180_000);

  it("a wrong input shape exits 1 and prints expected vs received", async () => {
    const dir = tempDir();
    const input = join(dir, "three.json");
    writeFileSync(input, "[[1, 2, 3], [4, 5, 6]]");
    const r = await runBin(["predict", fixture("diabetes_mlp_k3.1.keras"), "--input", input]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(input);
    expect(r.stderr).toContain("expected (None, 10), but received (2, 3)");
    const npy = await runBin(["predict", fixture("diabetes_mlp_k3.1.keras"), "--input", fixture("cnn_bn_k2.1_input.npy")]);
    expect(npy.code).toBe(1);
    expect(npy.stderr).toContain("expected (None, 10), but received (5, 10, 10, 3)");
  }, 180_000);

  it("bad data files exit 1 and name the file and the problem", async () => {
    const dir = tempDir();
    const model = fixture("diabetes_mlp_k3.1.keras");
    const ragged = join(dir, "ragged.json");
    writeFileSync(ragged, JSON.stringify([Array(10).fill(0), Array(9).fill(0)]));
    const notJson = join(dir, "broken.json");
    writeFileSync(notJson, "[[1, 2,");
    const words = join(dir, "words.json");
    writeFileSync(words, JSON.stringify([Array(10).fill("a")]));
    const badNpy = join(dir, "bad.npy");
    writeFileSync(badNpy, Buffer.concat([readFileSync(fixture("cnn_bn_k2.1_input.npy")).subarray(0, 200)]));
    const cases: [string, RegExp][] = [
      [join(dir, "missing.json"), /input file not found/],
      [ragged, /not rectangular: the data\[1\] has shape \(9,\), but the data\[0\] has shape \(10,\)/],
      [notJson, /neither a NumPy \.npy file nor valid JSON/],
      [words, /is string, expected a number/],
      [badNpy, /.+/],
    ];
    for (const [file, message] of cases) {
      const r = await runBin(["predict", model, "--input", file]);
      expect(r.code, file).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
    const missingModel = await runBin(["predict", join(dir, "nope.h5"), "--input", ragged]);
    expect(missingModel.code).toBe(1);
    expect(missingModel.stderr).toContain(join(dir, "nope.h5"));
  }, 180_000);
});
