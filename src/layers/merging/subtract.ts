import { subtract } from "../../ops/numpy/arithmetic.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Merge, type MergeOptions } from "./baseMerge.js";

/** Subtracts two inputs elementwise: `new Subtract().apply([a, b])` is `a - b`. No weights. */
export class Subtract extends Merge {
  static override readonly className: string = "Subtract";

  constructor(options: MergeOptions = {}) {
    super(options);
  }

  protected override inputCount(): [number, number] {
    return [2, 2];
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return subtract(inputs[0]!, inputs[1]!);
  }
}
