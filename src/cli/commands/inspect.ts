/** `keras-ts inspect FILE [--json]`: a file's format, Keras version, summary and weights. */
import { readSource } from "../../saving/fileIO.js";
import { inspectBytes } from "../../saving/inspect.js";
import { parseArgs, singleFile } from "../args.js";
import { CliError, EXIT_OK, aboutFile, type Command } from "../command.js";
import { formatReport } from "../inspect.js";

export const inspectCommand: Command = {
  name: "inspect",
  synopsis: "inspect FILE [--json]",
  description: "Show a Keras file's format, Keras version, model summary and weights.",
  help: `Usage: keras-ts inspect FILE [--json]

Show a Keras file's format, the Keras version that wrote it, the model summary and every
weight with its shape and dtype. FILE: .keras (zip), legacy .h5, or .weights.h5 (detected
by content, not by extension). A model that cannot be rebuilt still shows its weights.

Options:
  --json       Print the report as JSON.
  -h, --help   Show this help.

Exit codes: 0 success, 1 the file could not be read, 2 wrong usage.`,
  async run(argv, io) {
    const args = parseArgs(argv, { flags: ["--json"] });
    const file = singleFile(args);
    let report;
    try {
      const { bytes, name } = await readSource(file);
      report = await inspectBytes(bytes, name);
    } catch (e) {
      throw new CliError(aboutFile(file, e));
    }
    if (report.format.startsWith("unknown")) throw new CliError(`${file}: not a Keras file: its content is neither a .keras zip, an HDF5 (.h5) file nor a JSON model config.`);
    if (args.flags.has("--json")) io.out(JSON.stringify({ file, ...report }, null, 2));
    else for (const line of formatReport(file, report)) io.out(line);
    return EXIT_OK;
  },
};
