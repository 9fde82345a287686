/** keras.utils.padSequences (Keras's `pad_sequences`). */
import type { DType } from "../tensor/dtypes.js";
import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";

export interface PadSequencesOptions {
  /** Length of the result (default: the longest sequence). */
  maxlen?: number | null;
  /** "int32" (default), "float32" or "float64". */
  dtype?: DType;
  /** Pad at the start ("pre", default) or the end ("post"). */
  padding?: "pre" | "post";
  /** Cut long sequences at the start ("pre", default) or the end ("post"). */
  truncating?: "pre" | "post";
  /** The padding value (default 0). */
  value?: number;
}

type Step = number | readonly Step[];

function flatStep(step: Step, out: number[]): void {
  if (typeof step === "number") out.push(step);
  else for (const s of step) flatStep(s, out);
}

function shapeOf(step: Step): number[] {
  const shape: number[] = [];
  let s: Step = step;
  while (Array.isArray(s)) {
    shape.push(s.length);
    s = (s as readonly Step[])[0]!;
  }
  return shape;
}

/**
 * Pads sequences to the same length (Keras's `keras.utils.pad_sequences`): a list of `n`
 * sequences becomes a tensor `[n, maxlen]` (or `[n, maxlen, ...stepShape]` when the steps are
 * arrays). Sequences shorter than `maxlen` are padded with `value`, longer ones truncated.
 *
 * ```ts
 * keras.utils.padSequences([[1], [2, 3], [4, 5, 6]]).arraySync(); // [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
 * ```
 */
export function padSequences(sequences: Iterable<ArrayLike<Step> | readonly Step[]>, options: PadSequencesOptions = {}): Tensor {
  checkOptions("padSequences", options, ["maxlen", "dtype", "padding", "truncating", "value"]);
  const { dtype = "int32", padding = "pre", truncating = "pre", value = 0 } = options;
  if (padding !== "pre" && padding !== "post") throw new ValueError(`padSequences: padding type "${String(padding)}" not understood. Use "pre" or "post".`);
  if (truncating !== "pre" && truncating !== "post") throw new ValueError(`padSequences: truncating type "${String(truncating)}" not understood. Use "pre" or "post".`);
  if (!["int32", "float32", "float64"].includes(dtype)) throw new ValueError(`padSequences: dtype must be "int32", "float32" or "float64", but received "${dtype}".`);
  if (sequences === null || sequences === undefined || typeof (sequences as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new ValueError(`padSequences: \`sequences\` must be iterable (a list of sequences), but received ${String(sequences)}.`);
  }
  const seqs: Step[][] = [];
  let i = 0;
  for (const s of sequences) {
    if (s === null || typeof s !== "object" || typeof (s as ArrayLike<Step>).length !== "number") {
      throw new ValueError(`padSequences: \`sequences\` must be a list of iterables. Found non-iterable: ${String(s)} at index ${i}.`);
    }
    seqs.push(Array.from(s as ArrayLike<Step>));
    i++;
  }
  let stepShape: number[] = [];
  for (const s of seqs) {
    if (s.length > 0) {
      stepShape = shapeOf(s[0]!);
      break;
    }
  }
  const stepSize = stepShape.reduce((a, b) => a * b, 1);
  const longest = Math.max(0, ...seqs.map((s) => s.length));
  const maxlen = options.maxlen ?? longest;
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new ValueError(`padSequences: maxlen must be a non-negative integer, but received ${maxlen}.`);
  const n = seqs.length;
  const out = dtype === "int32" ? new Int32Array(n * maxlen * stepSize) : dtype === "float64" ? new Float64Array(n * maxlen * stepSize) : new Float32Array(n * maxlen * stepSize);
  out.fill(value);
  seqs.forEach((s, idx) => {
    if (s.length === 0) return;
    const trunc = truncating === "pre" ? s.slice(-maxlen) : s.slice(0, maxlen);
    if (maxlen === 0) return;
    const flat: number[] = [];
    for (const step of trunc) {
      const before = flat.length;
      flatStep(step, flat);
      if (flat.length - before !== stepSize) {
        throw new ValueError(`padSequences: shape of sample ${JSON.stringify(shapeOf(step))} of sequence at position ${idx} is different from expected shape ${JSON.stringify(stepShape)}.`);
      }
    }
    const offset = padding === "post" ? 0 : (maxlen - trunc.length) * stepSize;
    const base = idx * maxlen * stepSize + offset;
    for (let k = 0; k < flat.length; k++) out[base + k] = flat[k]!;
  });
  return makeTensor(out, [n, maxlen, ...stepShape], dtype);
}
