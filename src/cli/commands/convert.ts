/** `keras-ts convert FILE -o OUT`: load a model and save it in the format OUT's extension names. */
import { saveModel } from "../../saving/saveModel.js";
import { saveWeights } from "../../saving/weightsFile.js";
import { UsageError, parseArgs, singleFile } from "../args.js";
import { CliError, EXIT_OK, messageOf, loadModelFile, type Command } from "../command.js";

type Target = "keras" | "h5" | "weights";

function targetOf(path: string): Target | null {
  const p = path.toLowerCase();
  if (p.endsWith(".weights.h5")) return "weights";
  if (p.endsWith(".keras")) return "keras";
  if (p.endsWith(".h5") || p.endsWith(".hdf5")) return "h5";
  return null;
}

export const convertCommand: Command = {
  name: "convert",
  synopsis: "convert FILE -o OUT.keras|OUT.h5",
  description: "Convert a model file, e.g. a legacy .h5 to a Keras 3 .keras file.",
  help: `Usage: keras-ts convert FILE -o OUT

Load a model (.keras zip or legacy .h5, detected by content) with its compile configuration
and optimizer state, and save it in the format chosen by OUT's extension:
  OUT.keras        Keras 3's native format (opens in Python with keras.saving.load_model).
  OUT.h5, .hdf5    Legacy HDF5 full-model format.
  OUT.weights.h5   The weights only, in Keras 3's layout.
The output is written atomically: on failure, an existing OUT is left intact.

Options:
  -o, --output OUT   The file to write (required).
  -h, --help         Show this help.

Exit codes: 0 success, 1 the model could not be loaded or saved, 2 wrong usage.`,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ["--output"], aliases: { "-o": "--output" } });
    const file = singleFile(args);
    const out = args.values.get("--output");
    if (out === undefined) throw new UsageError("missing the output file: -o OUT.keras or -o OUT.h5.");
    const target = targetOf(out);
    if (target === null) throw new UsageError(`cannot tell the target format of '${out}': use a .keras, .h5 (or .hdf5) or .weights.h5 extension.`);
    const model = await loadModelFile(file, true);
    try {
      if (target === "weights") await saveWeights(model, out);
      else await saveModel(model, out);
    } catch (e) {
      throw new CliError(`cannot save '${out}': ${messageOf(e)}`);
    }
    io.out(`Converted ${file} -> ${out} (${target === "keras" ? "Keras 3 .keras zip" : target === "h5" ? "legacy HDF5" : "Keras 3 weights"})`);
    return EXIT_OK;
  },
};
