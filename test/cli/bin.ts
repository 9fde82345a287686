/** Runs the built `keras-ts` bin (dist/cli/main.js) in a child process, as a user would. */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(root, "dist/cli/main.js");
export const FIXTURES = join(root, "test/fixtures/keras");

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Throws a clear error when dist/ is missing or older than src/cli (run `npm run build`; `npm test` does). */
export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run 'npm run build' first (npm test does).`);
  const built = statSync(BIN).mtimeMs;
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const stale = walk(join(root, "src/cli")).filter((f) => statSync(f).mtimeMs > built);
  if (stale.length > 0) throw new Error(`dist/ is older than ${stale[0]!}: run 'npm run build' first (npm test does).`);
}

/** `keras-ts ...args` through node; resolves with the exit code and both streams. */
export function runBin(args: string[], cwd = tmpdir()): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 60_000, env: { ...process.env, COLUMNS: "80" } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") {
        reject(error);
        return;
      }
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "keras-ts-cli-"));
}

export const fixture = (name: string): string => join(FIXTURES, name);
