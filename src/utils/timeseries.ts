/** keras.utils.timeseriesDatasetFromArray (Keras's `timeseries_dataset_from_array`). */
import { NumpyRandomState } from "../datasets/numpyShuffle.js";
import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";
import { asTensor, gatherRows } from "./arrays.js";

export interface TimeseriesOptions {
  /** Steps between the starts of successive windows (default 1). */
  sequenceStride?: number;
  /** Steps between the rows inside a window (default 1). */
  samplingRate?: number;
  /** Windows per batch (default 128; `null` yields single windows without a batch axis). */
  batchSize?: number | null;
  /** Shuffle the windows (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle. */
  seed?: number;
  /** First row used (default 0). */
  startIndex?: number;
  /** Row after the last one used (default: all rows). */
  endIndex?: number;
}

/** Batches of windows, iterable any number of times; `length` is the number of batches. */
export class TimeseriesDataset implements Iterable<[Tensor, Tensor] | Tensor> {
  constructor(
    private readonly makeBatch: (starts: Int32Array) => [Tensor, Tensor] | Tensor,
    private readonly starts: Int32Array,
    private readonly batchSize: number | null,
  ) {}

  /** The number of batches. */
  get length(): number {
    return this.batchSize === null ? this.starts.length : Math.ceil(this.starts.length / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<[Tensor, Tensor] | Tensor> {
    const b = this.batchSize ?? 1;
    for (let i = 0; i < this.starts.length; i += b) yield this.makeBatch(this.starts.subarray(i, i + b));
  }
}

function positiveInt(v: number, name: string, allowZero = false): void {
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) throw new ValueError(`timeseriesDatasetFromArray: \`${name}\` must be ${allowZero ? ">= 0" : "> 0"} and an integer, but received ${name}=${v}.`);
}

/**
 * Sliding windows over a series (Keras's `keras.utils.timeseries_dataset_from_array`): window `i`
 * holds rows `start + i*stride + k*samplingRate` for `k < sequenceLength` of `data`, and its target is
 * `targets[start + i*stride]`. Returns an iterable of `[x, y]` batches (`x` only when `targets` is null):
 * `x` is `[batch, sequenceLength, ...rowShape]`.
 *
 * ```ts
 * // predict the value 10 steps after each window of 10
 * const ds = keras.utils.timeseriesDatasetFromArray(data.slice(0, -10), data.slice(10), 10, { batchSize: 32 });
 * for (const [x, y] of ds) { ... }
 * ```
 */
export function timeseriesDatasetFromArray(data: unknown, targets: unknown | null, sequenceLength: number, options: TimeseriesOptions = {}): TimeseriesDataset {
  checkOptions("timeseriesDatasetFromArray", options, ["sequenceStride", "samplingRate", "batchSize", "shuffle", "seed", "startIndex", "endIndex"]);
  const { sequenceStride = 1, samplingRate = 1, shuffle = false } = options;
  const batchSize = options.batchSize === undefined ? 128 : options.batchSize;
  const x = asTensor(data, "timeseriesDatasetFromArray (data)");
  if (x.shape.length === 0) throw new ValueError("timeseriesDatasetFromArray: `data` must have at least one dimension (time), but received a scalar.");
  const y = targets === null || targets === undefined ? null : asTensor(targets, "timeseriesDatasetFromArray (targets)");
  positiveInt(sequenceLength, "sequenceLength");
  positiveInt(sequenceStride, "sequenceStride");
  positiveInt(samplingRate, "samplingRate");
  if (batchSize !== null) positiveInt(batchSize, "batchSize");
  const len = x.shape[0]!;
  const startIndex = options.startIndex ?? 0;
  const endIndex = options.endIndex ?? len;
  positiveInt(startIndex, "startIndex", true);
  if (startIndex >= len) throw new ValueError(`timeseriesDatasetFromArray: \`startIndex\` must be lower than the length of the data (${len}), but received startIndex=${startIndex}.`);
  if (!Number.isInteger(endIndex) || endIndex <= startIndex || endIndex > len) {
    throw new ValueError(`timeseriesDatasetFromArray: \`endIndex\` must be higher than startIndex=${startIndex} and at most the length of the data (${len}), but received endIndex=${endIndex}.`);
  }
  let numSeqs = endIndex - startIndex - (sequenceLength - 1) * samplingRate;
  if (y) numSeqs = Math.min(numSeqs, y.shape[0] ?? 0);
  const count = Math.max(0, Math.ceil(numSeqs / sequenceStride));
  const starts = new Int32Array(count);
  for (let i = 0; i < count; i++) starts[i] = i * sequenceStride;
  if (shuffle) new NumpyRandomState(options.seed ?? Math.floor(Math.random() * 2 ** 31)).shuffle(starts);
  const rowShape = x.shape.slice(1);
  const makeBatch = (batch: Int32Array): [Tensor, Tensor] | Tensor => {
    const rows = new Int32Array(batch.length * sequenceLength);
    batch.forEach((s, i) => {
      for (let k = 0; k < sequenceLength; k++) rows[i * sequenceLength + k] = startIndex + s + k * samplingRate;
    });
    const flat = gatherRows(x, rows);
    const xs = makeTensor(flat.values, batchSize === null ? [sequenceLength, ...rowShape] : [batch.length, sequenceLength, ...rowShape], x.dtype);
    if (!y) return xs;
    const ys = gatherRows(y, Array.from(batch, (s) => startIndex + s));
    return [xs, batchSize === null ? makeTensor(ys.values, ys.shape.slice(1), ys.dtype) : ys];
  };
  return new TimeseriesDataset(makeBatch, starts, batchSize);
}
