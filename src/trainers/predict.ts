import { getStructureVersion, type Layer } from "../layers/layer.js";
import { concatenate } from "../ops/numpy/manipulation.js";
import { slice } from "../ops/numpy/manipulation.js";
import type { KerasTensor } from "../tensor/kerasTensor.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { numSamples } from "./data.js";

/** Splits tensors along axis 0 into batches of `batchSize` (the last may be smaller). */
export function sliceBatch(tensors: readonly Tensor[], start: number, end: number): Tensor[] {
  return tensors.map((t) => (start === 0 && end === t.shape[0] ? t : slice(t, [start, ...t.shape.slice(1).map(() => 0)], [end - start, ...t.shape.slice(1)])));
}

export function checkBatchSize(batchSize: unknown, where: string): number {
  if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize <= 0) {
    throw new ValueError(`${where}: \`batchSize\` must be a positive integer, but received batchSize=${String(batchSize)}.`);
  }
  return batchSize;
}

/**
 * Runs `step` over batches of the inputs and concatenates the outputs along axis 0 (Keras's
 * predict loop). A batch larger than `chunkSize` runs as several chunks (same results when the
 * model computes each sample independently); `onBatch(i, total)` follows each batch.
 */
export function predictBatches(inputs: Tensor[], batchSize: number, chunkSize: number, step: (batch: Tensor[]) => Tensor[], onBatch?: (i: number, total: number) => void): Tensor[] {
  const n = numSamples(inputs);
  if (n <= Math.min(batchSize, chunkSize)) {
    const out = step(inputs);
    onBatch?.(1, 1);
    return out;
  }
  const pieces: Tensor[][] = [];
  const total = Math.ceil(n / batchSize);
  for (let b = 0; b < total; b++) {
    const end = Math.min(n, (b + 1) * batchSize);
    for (let i = b * batchSize; i < end; i += chunkSize) pieces.push(step(sliceBatch(inputs, i, Math.min(end, i + chunkSize))));
    onBatch?.(b + 1, total);
  }
  return pieces[0]!.map((_, k) => concatenate(pieces.map((c) => c[k]!), 0));
}

/**
 * Chunking applies when one batch's largest activation exceeds LARGE_BATCH_BYTES, and then
 * aims at CHUNK_BYTES per chunk. Large layer outputs are fresh allocations whose pages are
 * touched for the first time (~15 µs per 4 KiB page on the project VM, docs/performance.md),
 * which costs more than the arithmetic, and they fall out of the caches; activations of a
 * cache-sized chunk come from memory the allocator reuses. Measured on W1–W3 inference at batch
 * 1000: the CNN of W2 (86 MB for conv1's output) is fastest with 1–2 MiB chunks; the LSTM of W3
 * (6.4 MB of input, but 50 steps of gates inside) peaks at 317 MiB of RSS unchunked and 210 MiB
 * in chunks of ~330, for ~10% of its speed; the MLP of W1 (3 MB) stays whole.
 */
export const LARGE_BATCH_BYTES = 4 * 1024 * 1024;
export const CHUNK_BYTES = 2 * 1024 * 1024;

/** What chunk planning needs of a model: its graph's layers and symbolic inputs. */
interface ChunkableModel extends Layer {
  readonly inputs: KerasTensor[];
}

/**
 * Samples per chunk for `model`'s predict on batches of `batchSize`: Infinity (no chunking)
 * unless every layer computes samples independently in inference, all shapes are known, and a
 * batch's largest activation (among the inputs and the layers' symbolic outputs, nested models
 * included) exceeds LARGE_BATCH_BYTES; then CHUNK_BYTES over that activation's size per sample.
 */
export function predictChunkSize(model: ChunkableModel, batchSize: number): number {
  const largest = largestActivationBytes(model);
  if (largest === null || largest * batchSize <= LARGE_BATCH_BYTES) return Infinity;
  return Math.max(1, Math.floor(CHUNK_BYTES / largest));
}

/** Bytes per sample of the model's largest activation, or null when it is not chunkable; cached. */
function largestActivationBytes(model: ChunkableModel): number | null {
  const version = getStructureVersion();
  const cached = chunkSizes.get(model);
  if (cached && cached.version === version) return cached.largest;
  let largest: number | null = null;
  if (model.inputs.length > 0 && model.perSampleInference) largest = largestSampleBytes(model, model.inputs);
  chunkSizes.set(model, { version, largest });
  return largest;
}

/** Largest per-sample activations by model, valid while no model's weights or layers change (the structure version). */
const chunkSizes = new WeakMap<object, { version: number; largest: number | null }>();

function largestSampleBytes(layer: Layer, extra: readonly KerasTensor[]): number | null {
  let largest = 0;
  const consider = (t: KerasTensor): boolean => {
    let size = t.dtype === "float64" ? 8 : t.dtype === "bool" ? 1 : 4;
    for (let i = 1; i < t.shape.length; i++) {
      const d = t.shape[i];
      if (d === null || d === undefined) return false;
      size *= d;
    }
    largest = Math.max(largest, size);
    return true;
  };
  for (const t of extra) if (!consider(t)) return null;
  for (const sub of layer.subLayers()) {
    for (const node of sub.inboundNodes) for (const t of node.outputTensors) if (!consider(t)) return null;
    const inner = largestSampleBytes(sub, []);
    if (inner === null) return null;
    largest = Math.max(largest, inner);
  }
  return largest;
}
