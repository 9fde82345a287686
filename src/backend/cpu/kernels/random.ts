import { allocate } from "../../dtypes.js";
import type { DType, TensorData } from "../../types.js";
import { RandomStream } from "./philox.js";

/**
 * Random draws as kernels: a pure function of a seed generator's state (an int32 `[seed,
 * counter]` tensor) and the attributes, so a traced step that draws (Dropout in training)
 * replays with the state it reads at each replay.
 */

export interface DropoutMaskAttrs {
  shape: readonly number[];
  rate: number;
  dtype: DType;
}

/**
 * `dropoutMask(state)`: one value per element of `shape`, `1 / (1 − rate)` where the stream's
 * next uniform double (Philox keyed by the state's two words) is ≥ rate, else 0 (`rate` 1: all 0).
 */
export function dropoutMaskKernel(inputs: readonly TensorData[], attrs: DropoutMaskAttrs): TensorData[] {
  const state = inputs[0]!.values;
  const stream = new RandomStream([state[0]! >>> 0, state[1]! >>> 0]);
  const size = attrs.shape.reduce((a, b) => a * b, 1);
  const scale = attrs.rate < 1 ? 1 / (1 - attrs.rate) : 0;
  const out = allocate(attrs.dtype, size);
  for (let i = 0; i < size; i++) out[i] = stream.nextDouble() >= attrs.rate ? scale : 0;
  return [{ values: out, shape: attrs.shape, dtype: attrs.dtype }];
}
