/** What every `keras-ts` command is: a name, its help text and a runner returning the exit code. */
import type { Model } from "../models/model.js";
import { loadModel } from "../saving/loadModel.js";

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  name: string;
  /** One line for the top-level help: `summary FILE [options]`. */
  synopsis: string;
  /** What it does, in one line. */
  description: string;
  /** The full `keras-ts <command> --help` text. */
  help: string;
  /** Parses `argv` (throwing UsageError for wrong usage), runs, returns the exit code. */
  run: (argv: string[], io: CliIO) => Promise<number>;
}

/** Exit codes, as conventional for command line tools. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** A runtime failure about a file (exit code 1); the message names the file. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** An error's message. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** An error's message, prefixed with `file` unless it already names it. */
export function aboutFile(file: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.includes(file) ? message : `${file}: ${message}`;
}

/** Loads a model file (.keras or legacy .h5, by content); a failure is a CliError naming the file. */
export async function loadModelFile(file: string, compile = false): Promise<Model> {
  try {
    return await loadModel(file, { compile });
  } catch (e) {
    throw new CliError(`cannot load the model '${file}': ${messageOf(e)}`);
  }
}

