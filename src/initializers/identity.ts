import type { DType } from "../tensor/dtypes.js";
import { eye } from "../ops/numpy/creation.js";
import { multiply } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { Initializer } from "./initializer.js";

/** gain · identity matrix (2-D shapes only). */
export class Identity extends Initializer {
  static override readonly className: string = "Identity";
  readonly gain: number;
  constructor(options: { gain?: number } = {}) {
    super();
    this.gain = options.gain ?? 1.0;
  }
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    if (shape.length !== 2) throw new ValueError(`Identity initializer needs a 2-D shape, but received ${formatShape(shape)}.`);
    return multiply(eye(shape[0]!, shape[1]!, 0, dtype), this.gain);
  }
  override getConfig() {
    return { gain: this.gain };
  }
}
