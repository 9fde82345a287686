#!/usr/bin/env node
/**
 * The `keras-ts` command line: `keras-ts inspect FILE` prints a model or weights file's format,
 * the Keras version that wrote it, the model summary and every weight with its shape.
 * Exit codes: 0 ok, 1 error (unreadable file), 2 usage.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import "../backend/cpu/index.js";
import { readSource } from "../saving/fileIO.js";
import { inspectBytes } from "../saving/inspect.js";
import { formatReport } from "./inspect.js";

export const USAGE = `Usage: keras-ts <command> [options]

Commands:
  inspect FILE [--json]   Show a Keras file's format, Keras version, model summary and weights.
                          FILE: .keras (zip), legacy .h5, or .weights.h5 (detected by content).

Options:
  -h, --help              Show this help.

Exit codes: 0 success, 1 the file could not be read, 2 wrong usage.`;

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIO: CliIO = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** Runs the CLI on arguments (without `node` and the script); returns the exit code. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  if (argv.length === 0 || argv.includes("-h") || argv.includes("--help") || argv[0] === "help") {
    (argv.length === 0 ? io.err : io.out)(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const [command, ...rest] = argv;
  if (command !== "inspect") {
    io.err(`keras-ts: unknown command '${command}'.\n\n${USAGE}`);
    return 2;
  }
  const json = rest.includes("--json");
  const files = rest.filter((a) => a !== "--json");
  const unknown = files.filter((a) => a.startsWith("-"));
  if (unknown.length > 0 || files.length !== 1) {
    io.err(unknown.length > 0 ? `keras-ts inspect: unknown option '${unknown[0]}'.` : "keras-ts inspect: expected exactly one FILE.");
    io.err(USAGE);
    return 2;
  }
  const file = files[0]!;
  try {
    const { bytes, name } = await readSource(file);
    const report = await inspectBytes(bytes, name);
    if (json) io.out(JSON.stringify({ file, ...report }, null, 2));
    else for (const line of formatReport(file, report)) io.out(line);
    return 0;
  } catch (e) {
    io.err(`keras-ts inspect: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && pathToFileURL(realpathSync(process.argv[1])).href === import.meta.url;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`keras-ts: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
