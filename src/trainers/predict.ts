import { concatenate } from "../ops/numpy/manipulation.js";
import { slice } from "../ops/numpy/manipulation.js";
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
 * Runs `step` over batches of the inputs and concatenates the outputs along axis 0
 * (Keras's predict loop).
 */
export function predictBatches(inputs: Tensor[], batchSize: number, step: (batch: Tensor[]) => Tensor[], onBatch?: (i: number, total: number) => void): Tensor[] {
  const n = numSamples(inputs);
  if (n <= batchSize) return step(inputs);
  const chunks: Tensor[][] = [];
  const total = Math.ceil(n / batchSize);
  for (let i = 0, b = 0; i < n; i += batchSize, b++) {
    chunks.push(step(sliceBatch(inputs, i, Math.min(n, i + batchSize))));
    onBatch?.(b + 1, total);
  }
  return chunks[0]!.map((_, k) => concatenate(chunks.map((c) => c[k]!), 0));
}
