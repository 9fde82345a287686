import { add, divide } from "../../ops/numpy/arithmetic.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Merge, type MergeOptions } from "./baseMerge.js";

/** The elementwise mean of a list of inputs: `new Average().apply([a, b])`. No weights. */
export class Average extends Merge {
  static override readonly className: string = "Average";

  constructor(options: MergeOptions = {}) {
    super(options);
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return divide(
      inputs.reduce((a, b) => add(a, b)),
      inputs.length,
    );
  }
}
