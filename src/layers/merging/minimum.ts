import { minimum } from "../../ops/numpy/arithmetic.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Merge, type MergeOptions } from "./baseMerge.js";

/**
 * The elementwise minimum of a list of inputs: `new Minimum().apply([a, b])`. With masks, a position
 * masked out in one input takes the other input's value. No weights.
 */
export class Minimum extends Merge {
  static override readonly className: string = "Minimum";

  constructor(options: MergeOptions = {}) {
    super(options);
  }

  protected mergeFunction(inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor {
    return this.foldMasked(minimum, inputs, masks);
  }
}
