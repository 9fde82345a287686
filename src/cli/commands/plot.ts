/** `keras-ts plot FILE -o model.svg|model.png`: a diagram of the model, like Keras's plot_model. */
import { plotModel } from "../../utils/plotModel/index.js";
import { UsageError, choice, parseArgs, positiveNumber, singleFile } from "../args.js";
import { CliError, EXIT_OK, messageOf, loadModelFile, type Command } from "../command.js";

export const plotCommand: Command = {
  name: "plot",
  synopsis: "plot FILE -o OUT.svg|OUT.png [...]",
  description: "Draw a diagram of the model's layers and connections (SVG or PNG).",
  help: `Usage: keras-ts plot FILE -o OUT.svg|OUT.png [options]

Load a model (.keras zip or legacy .h5) and draw its layers and connections, like Python's
keras.utils.plot_model, without Graphviz. The extension of OUT chooses SVG or PNG.

Options:
  -o, --output OUT        The image to write: .svg or .png (required).
  --show-shapes           Show each layer's input and output shapes, e.g. (None, 3, 16).
  --show-dtype            Show each layer's output dtype.
  --show-layer-names      Show the layer names.
  --rankdir TB|LR|BT|RL   Direction of the graph: top to bottom (default) or left to right.
  --expand-nested         Draw the layers of nested models inside their model.
  --dpi N                 Resolution of a PNG in dots per inch (default 200).
  -h, --help              Show this help.

Exit codes: 0 success, 1 the model could not be loaded or the image not written, 2 wrong usage.`,
  async run(argv, io) {
    const args = parseArgs(argv, {
      values: ["--output", "--rankdir", "--dpi"],
      flags: ["--show-shapes", "--show-dtype", "--show-layer-names", "--expand-nested"],
      aliases: { "-o": "--output" },
    });
    const file = singleFile(args);
    const out = args.values.get("--output");
    if (out === undefined) throw new UsageError("missing the output image: -o OUT.svg or -o OUT.png.");
    const lower = out.toLowerCase();
    if (!lower.endsWith(".svg") && !lower.endsWith(".png")) throw new UsageError(`the output image must end in .svg or .png, but received '${out}'.`);
    const rankdir = choice(args, "--rankdir", ["TB", "LR", "BT", "RL"] as const);
    const dpi = positiveNumber(args, "--dpi");
    const model = await loadModelFile(file);
    try {
      plotModel(model, {
        toFile: out,
        showShapes: args.flags.has("--show-shapes"),
        showDtype: args.flags.has("--show-dtype"),
        showLayerNames: args.flags.has("--show-layer-names"),
        expandNested: args.flags.has("--expand-nested"),
        ...(rankdir !== undefined ? { rankdir } : {}),
        ...(dpi !== undefined ? { dpi } : {}),
      });
    } catch (e) {
      throw new CliError(`cannot write the diagram '${out}': ${messageOf(e)}`);
    }
    io.out(`Wrote ${out}`);
    return EXIT_OK;
  },
};
