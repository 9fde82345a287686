/** `keras-ts summary FILE`: the model's summary table, Keras 3 (rich) or Keras 2 (classic) style. */
import { printSummary } from "../../models/summary.js";
import { choice, parseArgs, positiveInt, singleFile } from "../args.js";
import { EXIT_OK, loadModelFile, type Command } from "../command.js";

export const summaryCommand: Command = {
  name: "summary",
  synopsis: "summary FILE [--style rich|classic] [...]",
  description: "Print the model's summary table (layers, output shapes, parameters).",
  help: `Usage: keras-ts summary FILE [options]

Load a model (.keras zip or legacy .h5, detected by content) and print its summary, like
Python's model.summary().

Options:
  --style rich|classic   Keras 3's box table (rich, default) or Keras 2's text table (classic).
  --line-length N        Total width of the table.
  --expand-nested        Also list the layers of nested models.
  --show-trainable       Add a "Trainable" column.
  -h, --help             Show this help.

Exit codes: 0 success, 1 the model could not be loaded, 2 wrong usage.`,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ["--style", "--line-length"], flags: ["--expand-nested", "--show-trainable"] });
    const file = singleFile(args);
    const style = choice(args, "--style", ["rich", "classic"] as const);
    const lineLength = positiveInt(args, "--line-length");
    const model = await loadModelFile(file);
    printSummary(model, {
      ...(style !== undefined ? { style } : {}),
      ...(lineLength !== undefined ? { lineLength } : {}),
      expandNested: args.flags.has("--expand-nested"),
      showTrainable: args.flags.has("--show-trainable"),
      printFn: io.out,
    });
    return EXIT_OK;
  },
};
