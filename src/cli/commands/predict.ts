/** `keras-ts predict FILE --input data.json|data.npy`: run the model on data, print or write JSON. */
import { readFile, writeFile } from "node:fs/promises";
import type { Model } from "../../models/model.js";
import { reshape } from "../../ops/numpy/shape.js";
import { readNpy } from "../../saving/npy.js";
import { convertToTensor } from "../../tensor/convert.js";
import type { Tensor } from "../../tensor/tensor.js";
import { formatShape } from "../../util/format.js";
import { UsageError, parseArgs, positiveInt, singleFile } from "../args.js";
import { CliError, EXIT_OK, aboutFile, loadModelFile, messageOf, type Command } from "../command.js";

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** The shape of a rectangular nested array of numbers; throws a message naming the first irregularity. */
function nestedShape(value: unknown, where = "the data"): number[] {
  if (typeof value === "number" || typeof value === "boolean") return [];
  if (!Array.isArray(value)) throw new Error(`${where} is ${value === null ? "null" : typeof value}, expected a number or a nested array of numbers.`);
  if (value.length === 0) return [0];
  const first = nestedShape(value[0], `${where}[0]`);
  for (let i = 1; i < value.length; i++) {
    const s = nestedShape(value[i], `${where}[${i}]`);
    if (s.length !== first.length || s.some((d, k) => d !== first[k])) {
      throw new Error(`the nested arrays are not rectangular: ${where}[${i}] has shape ${formatShape(s)}, but ${where}[0] has shape ${formatShape(first)}.`);
    }
  }
  return [value.length, ...first];
}

interface InputArray {
  shape: number[];
  toTensor: (dtype: string) => Tensor;
}

/** Reads the input file: NumPy .npy (by its magic bytes) or JSON nested arrays. */
async function readInputs(path: string, model: Model): Promise<InputArray[]> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new CliError(code === "ENOENT" ? `input file not found: ${path}` : aboutFile(path, e));
  }
  const names = model.inputNames;
  if (bytes.length >= 6 && NPY_MAGIC.every((b, i) => bytes[i] === b)) {
    let npy;
    try {
      npy = readNpy(bytes, path);
    } catch (e) {
      throw new CliError(aboutFile(path, e));
    }
    if (npy.dtype === "object" || npy.objects) throw new CliError(`${path}: holds a NumPy object array; predict needs a numeric array.`);
    if (names.length !== 1) throw new CliError(`${path}: a .npy file holds one array, but the model has ${names.length} inputs (${names.join(", ")}); give a JSON file with one array per input.`);
    const data = npy.data;
    const shape = npy.shape;
    return [
      {
        shape,
        toTensor: (dtype) => reshape(convertToTensor(dtype === "int32" ? Int32Array.from(data) : Float32Array.from(data), dtype), shape),
      },
    ];
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new CliError(`${path}: neither a NumPy .npy file nor valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  let parts: unknown[];
  if (names.length === 1) parts = [json];
  else if (Array.isArray(json) && json.length === names.length) parts = json;
  else if (json !== null && typeof json === "object" && !Array.isArray(json)) {
    const obj = json as Record<string, unknown>;
    const missing = names.filter((n) => !(n in obj));
    if (missing.length > 0) throw new CliError(`${path}: the model's inputs are ${names.join(", ")}, but the JSON object has no ${missing.join(", ")}.`);
    parts = names.map((n) => obj[n]);
  } else {
    throw new CliError(`${path}: the model has ${names.length} inputs (${names.join(", ")}); give a JSON array with one nested array per input, or an object keyed by input name.`);
  }
  return parts.map((part, i) => {
    let shape: number[];
    try {
      shape = nestedShape(part, names.length === 1 ? "the data" : `input '${names[i]!}'`);
    } catch (e) {
      throw new CliError(aboutFile(path, e));
    }
    return { shape, toTensor: (dtype) => convertToTensor(part, dtype) };
  });
}

/** Checks each input against the model's declared input shape, e.g. (None, 3). */
function checkShapes(path: string, model: Model, inputs: InputArray[]): void {
  model.inputs.forEach((spec, i) => {
    const got = inputs[i]!.shape;
    const want = spec.shape;
    const ok = got.length === want.length && want.every((d, k) => d === null || d === got[k]);
    if (!ok) {
      const which = model.inputs.length === 1 ? "the model's input" : `the model's input '${model.inputNames[i]!}'`;
      throw new CliError(`${path}: wrong input shape for ${which}: expected ${formatShape(want)}, but received ${formatShape(got)}.`);
    }
  });
}

/** JSON with one sample per line for a batch of predictions. */
function toJson(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return JSON.stringify(value);
  return `[\n${value.map((v) => `  ${JSON.stringify(v)}`).join(",\n")}\n]`;
}

export const predictCommand: Command = {
  name: "predict",
  synopsis: "predict FILE --input DATA.json|DATA.npy [...]",
  description: "Run the model on data from a JSON or .npy file and print the predictions as JSON.",
  help: `Usage: keras-ts predict FILE --input DATA [options]

Load a model (.keras zip or legacy .h5) and run model.predict on DATA:
  DATA.npy    a NumPy array (any numeric dtype), the batch along the first axis;
  DATA.json   nested arrays of numbers, e.g. [[1, 2, 3], [4, 5, 6]] for input shape (None, 3).
              A model with several inputs takes an array with one nested array per input,
              or an object keyed by input name.
The data's shape must match the model's input shape. The predictions are printed to stdout
as JSON (one sample per line; a model with several outputs gives an array of them).

Options:
  -i, --input DATA      The input data file (required).
  --batch-size N        Samples per batch (default 32).
  -o, --output OUT.json Write the predictions to OUT.json instead of stdout.
  -h, --help            Show this help.

Exit codes: 0 success, 1 the model or data could not be read or do not fit, 2 wrong usage.`,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ["--input", "--batch-size", "--output"], aliases: { "-i": "--input", "-o": "--output" } });
    const file = singleFile(args);
    const input = args.values.get("--input");
    if (input === undefined) throw new UsageError("missing the input data: --input DATA.json or --input DATA.npy.");
    const batchSize = positiveInt(args, "--batch-size");
    const output = args.values.get("--output");
    const model = await loadModelFile(file);
    const inputs = await readInputs(input, model);
    checkShapes(input, model, inputs);
    let result: unknown;
    try {
      const tensors = inputs.map((x, i) => x.toTensor(model.inputs[i]!.dtype));
      const y = model.predict(tensors.length === 1 ? tensors[0] : tensors, batchSize !== undefined ? { batchSize } : {}) as Tensor | Tensor[];
      result = Array.isArray(y) ? y.map((t) => t.arraySync()) : y.arraySync();
    } catch (e) {
      throw new CliError(`prediction of '${file}' on '${input}' failed: ${messageOf(e)}`);
    }
    const text = toJson(result);
    if (output === undefined) {
      io.out(text);
      return EXIT_OK;
    }
    try {
      await writeFile(output, `${text}\n`);
    } catch (e) {
      throw new CliError(`cannot write the predictions to '${output}': ${messageOf(e)}`);
    }
    io.out(`Wrote the predictions for ${inputs[0]!.shape[0] ?? 1} samples to ${output}`);
    return EXIT_OK;
  },
};
