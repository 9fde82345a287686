import { add } from "../../ops/numpy/arithmetic.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Merge, type MergeOptions } from "./baseMerge.js";

/**
 * Adds a list of inputs elementwise (same shapes, or broadcastable): `new Add().apply([a, b])`.
 * No weights.
 */
export class Add extends Merge {
  static override readonly className: string = "Add";

  constructor(options: MergeOptions = {}) {
    super(options);
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => add(a, b));
  }
}
