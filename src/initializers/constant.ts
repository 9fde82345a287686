import type { DType } from "../tensor/dtypes.js";
import { full } from "../ops/numpy/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { Initializer } from "./initializer.js";

/** Fills with a constant (default 0). */
export class Constant extends Initializer {
  static override readonly className: string = "Constant";
  readonly value: number;
  constructor(value = 0) {
    super();
    this.value = typeof value === "object" && value !== null ? Number((value as { value?: number }).value ?? 0) : value;
  }
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return full(shape, this.value, dtype);
  }
  override getConfig() {
    return { value: this.value };
  }
}

export class Zeros extends Initializer {
  static override readonly className: string = "Zeros";
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return full(shape, 0, dtype);
  }
}

export class Ones extends Initializer {
  static override readonly className: string = "Ones";
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return full(shape, 1, dtype);
  }
}
