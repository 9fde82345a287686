import { allocate } from "../backend/dtypes.js";
import { sizeOf } from "../backend/shapes.js";
import type { DType, TensorData, TypedArray } from "../backend/types.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";

let nextTensorId = 0;
/** How many times JS has read tensor values through the public API (item, dataSync, arraySync, …). */
let valueReads = 0;

/**
 * @internal The count of value reads so far. The compiled predict compares it before and after
 * tracing a forward pass: a layer that reads values in JS cannot be replayed as a kernel list.
 * (Kernels read `values` directly and are not counted.)
 */
export function tensorValueReads(): number {
  return valueReads;
}

/**
 * @internal For ops that read a tensor's values in JS outside a kernel to build their result
 * (index normalization, data-dependent sizes): counts as a read, so a traced step that does
 * it is not replayed with the first call's values baked in.
 */
export function noteValueRead(): void {
  valueReads++;
}

/** Nested JS arrays of a tensor's values (a number or boolean for a scalar). */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An immutable n-dimensional array of numbers. Tensors live in ordinary JS memory and are
 * garbage-collected like any object: there is nothing to dispose.
 *
 * ```ts
 * const t = keras.ops.convertToTensor([[1, 2], [3, 4]]);
 * t.shape;       // [2, 2]
 * t.arraySync(); // [[1, 2], [3, 4]]
 * ```
 */
export class Tensor implements TensorData {
  /** A process-unique id, used by the autodiff tape. */
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The number of elements. */
  readonly size: number;
  /** @internal The row-major buffer. Shared between tensors (never mutated). */
  readonly values: TypedArray;

  /** @internal Use `keras.ops.convertToTensor` to make tensors from data. */
  constructor(values: TypedArray, shape: readonly number[], dtype: DType) {
    this.id = nextTensorId++;
    this.values = values;
    this.shape = shape;
    this.dtype = dtype;
    this.size = values.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The values as nested JS arrays (booleans for bool tensors); a scalar gives a number. */
  arraySync(): NestedArray {
    valueReads++;
    const values = this.values;
    const isBool = this.dtype === "bool";
    const read = (i: number): number | boolean => (isBool ? values[i] !== 0 : values[i]!);
    if (this.shape.length === 0) return read(0);
    const build = (axis: number, offset: number, stride: number): NestedArray[] => {
      const n = this.shape[axis]!;
      const inner = stride / Math.max(n, 1);
      const out: NestedArray[] = new Array(n);
      if (axis === this.shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = read(offset + i);
      } else {
        for (let i = 0; i < n; i++) out[i] = build(axis + 1, offset + i * inner, inner);
      }
      return out;
    };
    return build(0, 0, this.size);
  }

  /** Async twin of `arraySync()` (for API parity with device backends). */
  async array(): Promise<NestedArray> {
    return this.arraySync();
  }

  /** A copy of the flat row-major values as a typed array. */
  dataSync(): TypedArray {
    valueReads++;
    return this.values.slice();
  }

  async data(): Promise<TypedArray> {
    return this.dataSync();
  }

  /** The value of a one-element tensor as a JS number. */
  item(): number {
    valueReads++;
    if (this.size !== 1) throw new ValueError(`item() needs a tensor with one element, but the tensor has shape ${formatShape(this.shape)}.`);
    return Number(this.values[0]);
  }

  toString(): string {
    return `Tensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}, values=${JSON.stringify(this.arraySync())})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** @internal Makes a tensor from a buffer the caller owns (no copy, no checks). */
export function makeTensor(values: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(values, shape, dtype);
}

/** @internal A tensor of zeros. */
export function zerosTensor(shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape)), shape, dtype);
}
