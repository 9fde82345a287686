/** keras.utils.splitDataset (Keras's `split_dataset`). */
import { NumpyRandomState } from "../datasets/numpyShuffle.js";
import { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";
import { asTensor, gatherRows, pyRound } from "./arrays.js";

export interface SplitDatasetOptions {
  /** Size of the left part: a fraction in (0, 1) or a number of samples. Default: the rest, or 0.5 if `rightSize` is not given either. */
  leftSize?: number | null;
  /** Size of the right part: a fraction in (0, 1) or a number of samples. Default: the rest. */
  rightSize?: number | null;
  /** Shuffle the samples before splitting (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle. */
  seed?: number;
}

function size(v: number | null | undefined, total: number, which: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new ValueError(`splitDataset: ${which} must be a fraction in (0, 1) or a positive number of samples, but received ${String(v)}.`);
  if (v < 1) return pyRound(v * total);
  if (!Number.isInteger(v)) throw new ValueError(`splitDataset: ${which} must be a fraction in (0, 1) or an integer number of samples, but received ${v}.`);
  if (v > total) throw new ValueError(`splitDataset: ${which}=${v} is larger than the number of samples (${total}).`);
  return v;
}

/**
 * Splits a dataset in two (Keras's `keras.utils.split_dataset`): `data` is one array/tensor, or a
 * list of tensors (or typed arrays) sharing the first dimension (`[x, y]`); the result has the
 * same structure, twice. (A nested JS array is one array: convert `x` and `y` to tensors to split them together.)
 *
 * ```ts
 * const [[xTrain, yTrain], [xVal, yVal]] = keras.utils.splitDataset([x, y], { leftSize: 0.8 });
 * ```
 */
export function splitDataset(data: unknown, options: SplitDatasetOptions = {}): [Tensor | Tensor[], Tensor | Tensor[]] {
  checkOptions("splitDataset", options, ["leftSize", "rightSize", "shuffle", "seed"]);
  const isList = Array.isArray(data) && data.length > 0 && data.every((d) => d instanceof Tensor || ArrayBuffer.isView(d));
  const parts = (isList ? (data as unknown[]) : [data]).map((d, i) => asTensor(d, `splitDataset (array ${i})`));
  const total = parts[0]!.shape[0];
  if (total === undefined) throw new ValueError("splitDataset: the data must have a first (samples) dimension, but received a scalar.");
  for (const p of parts) {
    if (p.shape[0] !== total) throw new ValueError(`splitDataset: all arrays must have the same number of samples, but received ${parts.map((q) => q.shape[0]).join(" and ")}.`);
  }
  let left = size(options.leftSize, total, "leftSize");
  let right = size(options.rightSize, total, "rightSize");
  if (left === null && right === null) left = pyRound(0.5 * total);
  if (left === null) left = total - right!;
  if (right === null) right = total - left;
  if (left + right > total) throw new ValueError(`splitDataset: leftSize + rightSize (${left} + ${right}) is larger than the number of samples (${total}).`);
  if (left === 0 || right === 0) throw new ValueError(`splitDataset: both parts must have at least one sample, but got ${left} and ${right} samples out of ${total}.`);
  const order = options.shuffle ? new NumpyRandomState(options.seed ?? Math.floor(Math.random() * 2 ** 31)).permutation(total) : Int32Array.from({ length: total }, (_, i) => i);
  const l = order.subarray(0, left);
  const r = order.subarray(total - right);
  const lt = parts.map((p) => gatherRows(p, l));
  const rt = parts.map((p) => gatherRows(p, r));
  return isList ? [lt, rt] : [lt[0]!, rt[0]!];
}
