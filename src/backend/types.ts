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
  /**
   * Compiles a whole straight-line program of kernel calls (a traced step) into one function,
   * or gives null when it cannot (then the caller runs the kernels one by one). Optional: a
   * backend without it always runs kernel by kernel. A compiled program must give the same
   * values as its kernels run one by one.
   */
  compileProgram?(program: KernelProgram): CompiledProgram | null;
}

/** A slot's shape and dtype in a `KernelProgram`. */
export interface SlotSpec {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** One kernel call of a `KernelProgram`: the kernel's name and attributes, input and output slots. */
export interface ProgramStep {
  readonly name: string;
  readonly attrs: unknown;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

/**
 * A straight-line program over numbered slots: the caller fills the `inputs` slots, the steps
 * run in order, and the `outputs` slots are the result.
 */
export interface KernelProgram {
  readonly slots: readonly SlotSpec[];
  readonly inputs: readonly number[];
  readonly steps: readonly ProgramStep[];
  readonly outputs: readonly number[];
}

/** A compiled `KernelProgram`: its inputs' buffers in, fresh output buffers out. */
export type CompiledProgram = (inputs: readonly TensorData[]) => TensorData[];
