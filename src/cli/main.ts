#!/usr/bin/env node
/**
 * The `keras-ts` command line: `inspect`, `summary`, `plot`, `predict` and `convert` on Keras
 * model files (.keras zips and legacy .h5, detected by content). One file per command in
 * ./commands/. Exit codes: 0 ok, 1 runtime error (unreadable file, wrong data), 2 wrong usage.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import "../backend/cpu/index.js";
import { UsageError } from "./args.js";
import { CliError, EXIT_ERROR, EXIT_OK, EXIT_USAGE, type CliIO, type Command } from "./command.js";
import { convertCommand } from "./commands/convert.js";
import { inspectCommand } from "./commands/inspect.js";
import { plotCommand } from "./commands/plot.js";
import { predictCommand } from "./commands/predict.js";
import { summaryCommand } from "./commands/summary.js";

export type { CliIO } from "./command.js";

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [inspectCommand, summaryCommand, plotCommand, predictCommand, convertCommand];

export const USAGE = `Usage: keras-ts <command> [options]

Work with Keras model files: .keras (zip), legacy .h5 and .weights.h5, detected by content.

Commands:
${COMMANDS.map((c) => `  ${c.synopsis}\n      ${c.description}`).join("\n")}

Options:
  -h, --help   Show this help; 'keras-ts <command> --help' shows a command's options.

Exit codes: 0 success, 1 the file could not be read (or the command failed), 2 wrong usage.`;

const defaultIO: CliIO = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** Runs the CLI on arguments (without `node` and the script); returns the exit code. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(USAGE);
    return EXIT_USAGE;
  }
  if (first === "-h" || first === "--help") {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (first === "help") {
    if (rest.length === 0) {
      io.out(USAGE);
      return EXIT_OK;
    }
    const target = COMMANDS.find((c) => c.name === rest[0]);
    if (!target) {
      io.err(`keras-ts: unknown command '${rest[0]!}'.\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    io.out(target.help);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.err(`keras-ts: unknown ${first.startsWith("-") ? "option" : "command"} '${first}'.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (rest.includes("-h") || rest.includes("--help")) {
    io.out(command.help);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`keras-ts ${command.name}: ${e.message}\nRun 'keras-ts ${command.name} --help' for the options.`);
      return EXIT_USAGE;
    }
    io.err(`keras-ts ${command.name}: ${e instanceof CliError ? e.message : e instanceof Error ? e.message : String(e)}`);
    return EXIT_ERROR;
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
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`keras-ts: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
