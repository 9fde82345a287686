import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, fixture, runBin } from "./bin.js";

const COMMANDS = ["inspect", "summary", "plot", "predict", "convert"];

describe("keras-ts bin: help, usage errors, exit codes", () => {
  beforeAll(assertBuilt);

  it("--help lists every command and exits 0", async () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const r = await runBin(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: keras-ts <command>/);
      for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c} FILE`);
      expect(r.stderr).toBe("");
    }
  }, 180_000);

  it("every command has its own --help (also as 'help COMMAND'), exit 0", async () => {
    for (const c of COMMANDS) {
      const r = await runBin([c, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: keras-ts ${c} FILE`));
      expect(r.stdout).toContain("Exit codes: 0 success");
      expect((await runBin(["help", c])).stdout).toBe(r.stdout);
    }
    const plot = await runBin(["plot", "-h"]);
    for (const flag of ["--show-shapes", "--show-dtype", "--show-layer-names", "--rankdir", "--expand-nested", "--dpi"]) expect(plot.stdout).toContain(flag);
    const summary = await runBin(["summary", "--help"]);
    for (const flag of ["--style rich|classic", "--line-length N", "--expand-nested", "--show-trainable"]) expect(summary.stdout).toContain(flag);
    const predict = await runBin(["predict", "--help"]);
    for (const flag of ["--input", "--batch-size N", "--output"]) expect(predict.stdout).toContain(flag);
  }, 180_000);

  it("no arguments, an unknown command or option exits 2 with the usage on stderr", async () => {
    const none = await runBin([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: keras-ts");
    const unknown = await runBin(["explode", "x.keras"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'explode'");
    const opt = await runBin(["--verbose"]);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toContain("unknown option '--verbose'");
    expect((await runBin(["help", "explode"])).code).toBe(2);
  }, 180_000);

  it("bad flags of each command exit 2 and name the problem", async () => {
    const model = fixture("diabetes_mlp_k3.1.keras");
    const cases: [string[], RegExp][] = [
      [["summary", model, "--bogus"], /unknown option '--bogus'/],
      [["summary", model, "--style", "fancy"], /'--style' must be one of rich, classic, but received 'fancy'/],
      [["summary", model, "--line-length", "-3"], /'--line-length' must be a positive integer, but received '-3'/],
      [["summary", model, "--line-length"], /'--line-length' needs a value/],
      [["summary"], /expected a model FILE/],
      [["summary", model, model], /expected one model FILE, but received 2/],
      [["plot", model], /missing the output image/],
      [["plot", model, "-o", "model.gif"], /must end in \.svg or \.png, but received 'model\.gif'/],
      [["plot", model, "-o", "m.svg", "--rankdir", "XY"], /'--rankdir' must be one of TB, LR, BT, RL/],
      [["plot", model, "-o", "m.png", "--dpi", "zero"], /'--dpi' must be a positive number/],
      [["predict", model], /missing the input data/],
      [["predict", model, "--input", "x.json", "--batch-size", "0"], /'--batch-size' must be a positive integer/],
      [["convert", model], /missing the output file/],
      [["convert", model, "-o", "out.onnx"], /cannot tell the target format of 'out\.onnx'/],
      [["inspect", model, "--pretty"], /unknown option '--pretty'/],
    ];
    for (const [args, message] of cases) {
      const r = await runBin(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(`Run 'keras-ts ${args[0]!} --help'`);
      expect(r.stdout).toBe("");
    }
  }, 180_000);
});
