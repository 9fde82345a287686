import type { DType } from "../tensor/dtypes.js";
import type { Tensor } from "../tensor/tensor.js";

/** Base class of weight initializers: `call(shape, dtype)` returns a new tensor. */
export abstract class Initializer {
  static readonly className: string = "Initializer";
  abstract call(shape: readonly number[], dtype?: DType): Tensor;
  /** Keras config (snake_case keys). */
  getConfig(): Record<string, unknown> {
    return {};
  }
  get className(): string {
    return (this.constructor as typeof Initializer).className;
  }
}

/** Keras's `compute_fans`: (fan_in, fan_out) of a weight shape. */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}
