import type { TensorData } from "../../types.js";

/** The wasm kernels' fast paths serve float32 data held in a Float32Array; the rest falls back. */
export type F32 = Float32Array;

export const isF32 = (t: TensorData): t is TensorData & { values: F32 } => t.dtype === "float32" && t.values instanceof Float32Array;
