/**
 * The small argument parser shared by the `keras-ts` commands: positionals, boolean flags,
 * options with a value (`--style rich` or `--style=rich`), short aliases (`-o`), `-h/--help`.
 */

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface ArgSpec {
  /** Options taking a value, by long name (`"--style"`). */
  values?: readonly string[];
  /** Flags without a value (`"--expand-nested"`). */
  flags?: readonly string[];
  /** Short aliases: `{ "-o": "--output" }`. */
  aliases?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
  help: boolean;
}

/** Parses `argv` against `spec`; throws UsageError for an unknown option, a missing or repeated value. */
export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const flags = new Set(spec.flags ?? []);
  const out: ParsedArgs = { positionals: [], values: new Map(), flags: new Set(), help: false };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || !arg.startsWith("-") || arg === "-") {
      out.positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    if (arg === "-h" || arg === "--help") {
      out.help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const rawName = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
    const name = spec.aliases?.[rawName] ?? rawName;
    if (flags.has(name)) {
      if (eq > 0 && arg.startsWith("--")) throw new UsageError(`option '${name}' takes no value.`);
      out.flags.add(name);
    } else if (values.has(name)) {
      let value: string | undefined;
      if (eq > 0 && arg.startsWith("--")) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        if (value === undefined || (value.startsWith("-") && value !== "-" && !/^-\d/.test(value))) throw new UsageError(`option '${rawName}' needs a value.`);
        i++;
      }
      if (out.values.has(name)) throw new UsageError(`option '${name}' is given more than once.`);
      out.values.set(name, value);
    } else {
      throw new UsageError(`unknown option '${rawName}'.`);
    }
  }
  return out;
}

/** The value of an option that must be a positive integer (or undefined when absent). */
export function positiveInt(args: ParsedArgs, name: string): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new UsageError(`option '${name}' must be a positive integer, but received '${raw}'.`);
  return Number(raw);
}

/** The value of an option that must be a positive number (or undefined when absent). */
export function positiveNumber(args: ParsedArgs, name: string): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`option '${name}' must be a positive number, but received '${raw}'.`);
  return n;
}

/** The value of an option restricted to `choices` (or undefined when absent). */
export function choice<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`option '${name}' must be one of ${choices.join(", ")}, but received '${raw}'.`);
  return raw as T;
}

/** Exactly one positional FILE. */
export function singleFile(args: ParsedArgs): string {
  if (args.positionals.length === 0) throw new UsageError("expected a model FILE.");
  if (args.positionals.length > 1) throw new UsageError(`expected one model FILE, but received ${args.positionals.length} arguments: ${args.positionals.join(" ")}.`);
  return args.positionals[0]!;
}
