/**
 * keras-ts benchmark: the performance-anchor workloads (../shared/bench/workloads.md) for
 * keras-ts and its peers, each (runner, workload) in its own child process, side by side.
 *
 *   npm run bench                      all workloads, all runners
 *   npm run bench -- --only W4         some workloads (comma-separated)
 *   npm run bench -- --runners keras-ts,tfjs-wasm
 *   npm run bench -- --sizes 256,512   (W4 only; a quick look, not the spec's sizes)
 *
 * Prints a table (figures, keras-ts/peer ratios, peak RSS) and writes one JSON result per
 * process plus summary.json to bench/results/<timestamp>/ (and bench/results/latest/).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { RUNNERS, PEERS } from "./runners/index.mjs";
import { WORKLOADS } from "./workloads/index.mjs";
import { BENCH_DIR, loadSpec } from "./lib/spec.mjs";
import { writeFileSync } from "node:fs";

function parseArgs(argv) {
  const args = { only: Object.keys(WORKLOADS), runners: Object.keys(RUNNERS), sizes: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--only") args.only = value().split(",");
    else if (flag === "--runners") args.runners = value().split(",");
    else if (flag === "--sizes") args.sizes = value();
    else if (flag === "--help" || flag === "-h") {
      console.log("usage: node bench/run.mjs [--only W4,...] [--runners keras-ts,tfjs-wasm,tfjs-cpu] [--sizes 256,512]");
      process.exit(0);
    } else throw new Error(`bench: unknown argument ${argv[i]}`);
  }
  for (const w of args.only) if (!WORKLOADS[w]) throw new Error(`bench: unknown workload ${w} (have ${Object.keys(WORKLOADS).join(", ")})`);
  for (const r of args.runners) if (!RUNNERS[r]) throw new Error(`bench: unknown runner ${r} (have ${Object.keys(RUNNERS).join(", ")})`);
  return args;
}

const TIME = "/usr/bin/time";

function runChild(runner, workload, outFile, sizes) {
  const childArgs = [path.join(BENCH_DIR, "child.mjs"), runner, workload, outFile, ...(sizes ? ["--sizes", sizes] : [])];
  const useTime = existsSync(TIME);
  const cmd = useTime ? TIME : process.execPath;
  const argv = useTime ? ["-v", process.execPath, ...childArgs] : childArgs;
  const t0 = Date.now();
  const proc = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = (Date.now() - t0) / 1000;
  let result;
  try {
    result = JSON.parse(readFileSync(outFile, "utf8"));
  } catch {
    result = { runner, workload, specVersion: 1, ok: false, error: `child failed (status ${proc.status}): ${(proc.stderr || "").slice(-2000)}` };
  }
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(proc.stderr || "");
  if (m) result.peakRssMiB = Number(m[1]) / 1024;
  if (!result.ok && proc.stderr) result.stderr = proc.stderr.split("\n").filter((l) => !/^\t/.test(l)).join("\n").slice(-2000);
  writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");
  return { result, seconds };
}

const fmt = (x, digits = 1) => (x === undefined || x === null || Number.isNaN(x) ? "—" : x >= 100 ? x.toFixed(0) : x.toFixed(digits));

/** Rows of the table: [label, (result) => number | "FAIL" | undefined]. */
function rowsFor(workloadId, results) {
  const rows = [];
  if (workloadId === "W4") {
    const ns = new Set();
    for (const r of results) for (const s of r.gemm?.sizes ?? []) ns.add(s.n);
    for (const n of [...ns].sort((a, b) => a - b)) {
      const pick = (key) => (r) => {
        if (!r.gemm) return r.ok === false ? "FAIL" : undefined;
        const s = r.gemm.sizes.find((x) => x.n === n);
        return !s ? undefined : s.ok === false ? "FAIL" : s[key];
      };
      rows.push([`W4 GEMM n=${n} (GFLOP/s, best)`, pick("gflops")]);
      rows.push([`W4 GEMM n=${n} (GFLOP/s, median)`, pick("gflopsMedian")]);
    }
  }
  const partValue = (partName, key) => (r) => {
    const p = r[partName];
    if (!p) return r.ok === false ? "FAIL" : undefined;
    return p.ok === false ? "FAIL" : p[key];
  };
  if (["W1", "W2", "W3"].includes(workloadId)) {
    rows.push([`${workloadId} train (samples/s)`, partValue("train", "samplesPerSec")]);
    rows.push([`${workloadId} infer (samples/s)`, partValue("infer", "samplesPerSec")]);
  }
  if (workloadId === "W5") {
    rows.push([`W5 latency (µs, median; lower is better)`, partValue("latency", "medianUs")]);
    rows.push([`W5 latency (µs, p90; lower is better)`, partValue("latency", "p90Us")]);
  }
  rows.push([`${workloadId} peak RSS (MiB; lower is better)`, (r) => r.peakRssMiB]);
  return rows;
}

function printTable(workloadIds, runners, byKey) {
  const peers = PEERS.filter((p) => runners.includes(p));
  const header = ["workload", ...runners, ...(runners.includes("keras-ts") ? peers.map((p) => `keras-ts/${p}`) : [])];
  const lines = [header];
  for (const w of workloadIds) {
    const results = runners.map((r) => byKey.get(`${r}/${w}`)).filter(Boolean);
    for (const [label, get] of rowsFor(w, results)) {
      const values = runners.map((r) => {
        const res = byKey.get(`${r}/${w}`);
        return res ? get(res) : undefined;
      });
      const cells = values.map((v) => (typeof v === "number" ? fmt(v) : v ?? "—"));
      if (runners.includes("keras-ts")) {
        const k = values[runners.indexOf("keras-ts")];
        for (const p of peers) {
          const v = values[runners.indexOf(p)];
          cells.push(typeof k === "number" && typeof v === "number" && v > 0 ? `${fmt(k / v, 2)}x` : "—");
        }
      }
      lines.push([label, ...cells]);
    }
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => String(l[i]).length)));
  const out = lines.map((l) => "| " + l.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(" | ") + " |");
  out.splice(1, 0, "| " + widths.map((w, i) => (i === 0 ? "-".repeat(w) : "-".repeat(w - 1) + ":")).join(" | ") + " |");
  console.log(out.join("\n"));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { file: specFile } = loadSpec();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const dir = path.join(BENCH_DIR, "results", stamp);
  mkdirSync(dir, { recursive: true });
  console.log(`keras-ts bench: workloads ${args.only.join(", ")}; runners ${args.runners.join(", ")}; spec ${specFile}`);
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? "?"} x${os.availableParallelism?.() ?? os.cpus().length}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  const byKey = new Map();
  for (const w of args.only) {
    for (const r of args.runners) {
      const outFile = path.join(dir, `${r}-${w}.json`);
      process.stdout.write(`  ${r} ${w} ... `);
      const { result, seconds } = runChild(r, w, outFile, args.sizes);
      const errors = result.error ?? Object.entries(result).filter(([, v]) => v && typeof v === "object" && v.ok === false).map(([k, v]) => `${k}: ${v.error}`).join("; ");
      console.log(`${result.ok ? "ok" : `FAIL: ${errors}`} (${seconds.toFixed(1)} s${result.threads ? `, ${result.threads} thread${result.threads > 1 ? "s" : ""}` : ""})`);
      byKey.set(`${r}/${w}`, result);
    }
  }
  console.log();
  printTable(args.only, args.runners, byKey);
  const summary = { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.availableParallelism?.(), loadavg: os.loadavg(), args, results: [...byKey.values()] };
  writeFileSync(path.join(dir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  const latest = path.join(BENCH_DIR, "results", "latest");
  rmSync(latest, { recursive: true, force: true });
  cpSync(dir, latest, { recursive: true });
  console.log(`\nresults: ${path.relative(process.cwd(), dir)}/ (copied to bench/results/latest/)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
