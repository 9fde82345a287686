import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { main } from "../../src/cli/main.js";
import { fixturePath } from "../saving/fixtures.js";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("keras-ts CLI", () => {
  it("--help prints the usage and exits 0; no arguments or a wrong command exit 2", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("inspect FILE");
    expect((await run([])).code).toBe(2);
    expect((await run(["explode", "x"])).code).toBe(2);
    expect((await run(["inspect"])).code).toBe(2);
    expect((await run(["inspect", "--bogus", "x.keras"])).code).toBe(2);
  });

  it("inspect prints the format, Keras version, summary and weights of a legacy .h5", async () => {
    const r = await run(["inspect", fixturePath("cnn_bn_k2.1.h5")!]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Format:        legacy HDF5 full model");
    expect(r.out).toContain("Keras version: 2.1.3 (backend: tensorflow)");
    expect(r.out).toContain("Total params: 79");
    expect(r.out).toMatch(/model_weights\/conv2d_1\/conv2d_1\/kernel:0\s+\(3, 3, 3, 1\)\s+float32/);
  });

  it("inspect reads a .keras zip and a Keras 3 .weights.h5", async () => {
    const r = await run(["inspect", fixturePath("emg_gru_k3.9.keras")!]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(".keras zip (Keras 3)");
    expect(r.out).toContain("3.9.2");
    expect(r.out).toMatch(/layers\/gru\/cell\/vars\/2\s+\(2, 96\)/);
    const dir = mkdtempSync(join(tmpdir(), "keras-ts-cli-"));
    const path = join(dir, "m.weights.h5");
    await new keras.Sequential([new keras.layers.InputLayer({ shape: [3] }), new keras.layers.Dense(2)]).saveWeights(path);
    const w = await run(["inspect", path, "--json"]);
    expect(w.code).toBe(0);
    const report = JSON.parse(w.out) as { format: string; weights: { path: string; shape: number[] }[] };
    expect(report.format).toBe("Keras 3 weights (.weights.h5)");
    expect(report.weights.map((x) => x.path)).toEqual(["layers/dense/vars/0", "layers/dense/vars/1"]);
  });

  it("a model that cannot be rebuilt still shows its weights; an unreadable file exits 1", async () => {
    const qkeras = fixturePath("qkeras_custom_layers_k3.14.keras");
    if (qkeras) {
      const r = await run(["inspect", qkeras]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/cannot be rebuilt: .*'QDense'/);
      expect(r.out).toContain("layers/q_dense/vars/0");
    }
    const bad = await run(["inspect", join(tmpdir(), "no-such-model.keras")]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/File not found/);
  });
});
