import { argmax } from "../ops/numpy/reductions.js";
import { take } from "../ops/numpy/manipulation.js";
import { arange } from "../ops/numpy/creation.js";
import { shuffle as randomShuffle } from "../random/index.js";
import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { toInputTensors } from "./data.js";
import { sliceBatch } from "./predict.js";

/** One batch: inputs, targets (one per output) and optional sample weights (one per output). */
export interface Batch {
  x: Tensor[];
  y: Tensor[] | null;
  sw: (Tensor | null)[] | null;
}

/** An (async) iterable of batches (`[x, y]`, `[x, y, sampleWeight]` or `{ x, y, sampleWeight }`). */
export type BatchIterable = Iterable<unknown> | AsyncIterable<unknown>;

export function isBatchIterable(x: unknown): x is BatchIterable {
  if (x === null || typeof x !== "object") return false;
  if (Array.isArray(x) || ArrayBuffer.isView(x) || x instanceof Tensor || x instanceof Variable) return false;
  return Symbol.asyncIterator in x || Symbol.iterator in x;
}

/** Targets as one tensor per output (a list / dict for several outputs). */
export function toTargetTensors(y: unknown, outputNames: readonly string[], numOutputs: number, what = "y"): Tensor[] {
  if (numOutputs <= 1) {
    if (y !== null && typeof y === "object" && !Array.isArray(y) && !ArrayBuffer.isView(y) && !(y instanceof Tensor) && outputNames.length === 1 && outputNames[0]! in (y as object)) {
      return [convertToTensor((y as Record<string, unknown>)[outputNames[0]!])];
    }
    const t = y instanceof Tensor ? y : convertToTensor(y);
    if (t.shape.length === 0) throw new ValueError(`${what} must have a batch dimension, but received a scalar.`);
    return [t];
  }
  return toInputTensors(y, outputNames.length === numOutputs ? outputNames : Array.from({ length: numOutputs }, (_, i) => `output_${i}`), what);
}

/** Sample weights: one array for all outputs, or a list / dict with one per output. */
export function toSampleWeights(sw: unknown, outputNames: readonly string[], numOutputs: number): (Tensor | null)[] | null {
  if (sw === null || sw === undefined) return null;
  if (numOutputs > 1 && (Array.isArray(sw) || (typeof sw === "object" && !ArrayBuffer.isView(sw) && !(sw instanceof Tensor)))) {
    const list = Array.isArray(sw) && sw.length === numOutputs && sw.every((s) => s === null || s instanceof Tensor || Array.isArray(s) || ArrayBuffer.isView(s));
    if (list) return (sw as unknown[]).map((s) => (s === null ? null : convertToTensor(s, "float32")));
    if (!Array.isArray(sw)) return outputNames.map((n) => ((sw as Record<string, unknown>)[n] === undefined ? null : convertToTensor((sw as Record<string, unknown>)[n], "float32")));
  }
  const t = convertToTensor(sw, "float32");
  return Array.from({ length: Math.max(1, numOutputs) }, () => t);
}

/** Keras's `class_weight_to_sample_weights`: one weight per sample from its class. */
export function classWeightToSampleWeights(y: Tensor, classWeight: Record<number | string, number>): Tensor {
  let labels = y;
  if (labels.shape.length > 1) labels = labels.shape[labels.shape.length - 1] !== 1 ? argmax(labels, -1) : convertToTensor(labels.values, labels.dtype);
  const n = y.shape[0]!;
  const out = new Float32Array(n);
  const values = labels.values;
  for (let i = 0; i < n; i++) {
    const c = Math.round(Number(values[i]));
    out[i] = classWeight[c] ?? 1.0;
  }
  return new Tensor(out, [n], "float32");
}

/** Parses one element of a batch iterable. */
export function parseBatchElement(el: unknown, inputNames: readonly string[], outputNames: readonly string[], numOutputs: number): Batch {
  let x: unknown;
  let y: unknown;
  let sw: unknown;
  if (Array.isArray(el) && (el.length === 2 || el.length === 3) && !(typeof el[0] === "number")) {
    [x, y, sw] = el as unknown[];
  } else if (el !== null && typeof el === "object" && !Array.isArray(el) && "x" in (el as object)) {
    ({ x, y, sampleWeight: sw } = el as { x: unknown; y?: unknown; sampleWeight?: unknown });
  } else {
    throw new ValueError(`Each element of a batch iterable must be [x, y], [x, y, sampleWeight] or { x, y, sampleWeight }; received ${Array.isArray(el) ? `an array of length ${el.length}` : typeof el}.`);
  }
  return {
    x: toInputTensors(x, inputNames),
    y: y === undefined || y === null ? null : toTargetTensors(y, outputNames, numOutputs),
    sw: toSampleWeights(sw, outputNames, numOutputs),
  };
}

/** In-memory arrays split into (optionally shuffled) batches, one permutation per epoch. */
export class ArrayData {
  readonly numSamples: number;
  constructor(
    readonly x: Tensor[],
    readonly y: Tensor[] | null,
    readonly sw: (Tensor | null)[] | null,
    readonly batchSize: number,
  ) {
    const all = [...x, ...(y ?? []), ...((sw ?? []).filter((t) => t !== null) as Tensor[])];
    const n = x[0]?.shape[0] ?? 0;
    const bad = all.find((t) => t.shape[0] !== n);
    if (bad !== undefined) {
      const describe = (name: string, ts: (Tensor | null)[] | null) => (ts ?? []).filter((t): t is Tensor => t !== null).map((t) => `${name} ${formatShape(t.shape)}`);
      throw new ValueError(
        `Data cardinality is ambiguous: x and y (and sample weights) must have the same number of samples (first dimension). Received: ${[...describe("x", x), ...describe("y", y), ...describe("sample_weight", sw)].join(", ")}. Make sure all arrays contain the same number of samples.`,
      );
    }
    this.numSamples = n;
  }

  get numBatches(): number {
    return Math.ceil(this.numSamples / this.batchSize);
  }

  /** Batches of one epoch (shuffled with the global seed when `shuffle`). */
  *batches(shuffle: boolean): Generator<Batch> {
    const n = this.numSamples;
    const perm = shuffle && n > 1 ? randomShuffle(arange(0, n, 1, "int32")) : null;
    for (let start = 0; start < n; start += this.batchSize) {
      const end = Math.min(n, start + this.batchSize);
      let pick: (ts: Tensor[]) => Tensor[];
      if (perm) {
        const idx = sliceBatch([perm], start, end)[0]!;
        pick = (ts) => ts.map((t) => take(t, idx, 0));
      } else {
        pick = (ts) => sliceBatch(ts, start, end);
      }
      const sw = this.sw ? this.sw.map((t) => (t === null ? null : pick([t])[0]!)) : null;
      yield { x: pick(this.x), y: this.y ? pick(this.y) : null, sw };
    }
  }

  /** The last `fraction` of the samples as validation data (Keras's validation_split, before shuffling). */
  split(fraction: number): [ArrayData, ArrayData] {
    const splitAt = Math.floor(this.numSamples * (1 - fraction));
    if (splitAt === 0 || splitAt === this.numSamples) {
      throw new ValueError(`Training data contains ${this.numSamples} samples, which is not sufficient to split it into a validation and training set as specified by \`validationSplit=${fraction}\`. Either provide more data, or a different value for the \`validationSplit\` argument.`);
    }
    const part = (a: number, b: number) => (ts: Tensor[]) => sliceBatch(ts, a, b);
    const cut = (a: number, b: number) =>
      new ArrayData(part(a, b)(this.x), this.y ? part(a, b)(this.y) : null, this.sw ? this.sw.map((t) => (t === null ? null : part(a, b)([t])[0]!)) : null, this.batchSize);
    return [cut(0, splitAt), cut(splitAt, this.numSamples)];
  }
}
