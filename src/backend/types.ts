/**
 * The backend contract: kernels over raw buffers. A backend never sees a Tensor,
 * only `TensorData` (a typed array, a shape and a dtype).
 */
export type DType = "float32" | "float64" | "int32" | "bool";

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** A buffer with its shape and dtype, in row-major (C) order. */
export interface TensorData {
  readonly values: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/**
 * A kernel computes one primitive. It receives its inputs' buffers and the primitive's
 * attributes, and returns new buffers (it never writes into its inputs).
 */
export type Kernel = (inputs: readonly TensorData[], attrs: any) => TensorData[];

/**
 * A backend: a name and its kernels. Backends that keep data elsewhere (WebGPU) will add
 * upload/download hooks here; CPU and WASM backends work on host typed arrays directly.
 */
export interface Backend {
  readonly name: string;
  readonly kernels: Map<string, Kernel>;
  /** How many threads the backend's kernels use (1 for the plain CPU backend). */
  threads(): number;
}
