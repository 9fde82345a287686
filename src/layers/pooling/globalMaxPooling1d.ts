import { max } from "../../ops/numpy/reductions.js";
import type { Tensor } from "../../tensor/tensor.js";
import { positionalOptions } from "../layer.js";
import type { DataFormat } from "../convolutional/convUtils.js";
import { BaseGlobalPooling, type GlobalPoolingOptions } from "./baseGlobalPooling.js";

/**
 * Global max pooling over the 1 spatial dim(s): `(batch, steps, channels)` → `(batch, channels)`
 * (`keepdims: true` keeps the spatial dims with size 1). No weights.
 *
 * ```ts
 * const gmp = new keras.layers.GlobalMaxPooling1D({ keepdims: true });
 * ```
 */
export class GlobalMaxPooling1D extends BaseGlobalPooling {
  static override readonly className: string = "GlobalMaxPooling1D";

  constructor(dataFormat?: DataFormat | GlobalPoolingOptions | null, options?: GlobalPoolingOptions) {
    super(1, positionalOptions<GlobalPoolingOptions>(dataFormat ?? undefined, options, "dataFormat"));
  }

  override call(inputs: Tensor): Tensor {
    return max(inputs, this.spatialAxes(), this.keepdims);
  }
}
