import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = path.resolve(BENCH_DIR, "..");

/**
 * The workload spec: ../shared/bench/workloads.json when the shared anchors are checked out
 * beside the repository (the single source of truth), else the copy in bench/.
 * BENCH_SPEC overrides the path.
 */
export function specPath() {
  const candidates = [process.env.BENCH_SPEC, path.resolve(REPO_DIR, "../shared/bench/workloads.json"), path.join(BENCH_DIR, "workloads.json")];
  for (const p of candidates) if (p && existsSync(p)) return p;
  throw new Error("bench: workloads.json not found");
}

export function loadSpec() {
  const file = specPath();
  const spec = JSON.parse(readFileSync(file, "utf8"));
  if (spec.specVersion !== 1) throw new Error(`bench: unsupported specVersion ${spec.specVersion} in ${file}`);
  return { spec, file };
}

export function workloadSpec(spec, id) {
  const w = spec.workloads.find((x) => x.id === id);
  if (!w) throw new Error(`bench: unknown workload ${id}`);
  return w;
}
