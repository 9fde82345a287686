import { maximum } from "../../ops/numpy/arithmetic.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Merge, type MergeOptions } from "./baseMerge.js";

/**
 * The elementwise maximum of a list of inputs: `new Maximum().apply([a, b])`. With masks, a position
 * masked out in one input takes the other input's value. No weights.
 */
export class Maximum extends Merge {
  static override readonly className: string = "Maximum";

  constructor(options: MergeOptions = {}) {
    super(options);
  }

  protected mergeFunction(inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor {
    return this.foldMasked(maximum, inputs, masks);
  }
}
