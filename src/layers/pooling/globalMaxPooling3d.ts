import { max } from "../../ops/numpy/reductions.js";
import type { Tensor } from "../../tensor/tensor.js";
import { positionalOptions } from "../layer.js";
import type { DataFormat } from "../convolutional/convUtils.js";
import { BaseGlobalPooling, type GlobalPoolingOptions } from "./baseGlobalPooling.js";

/**
 * Global max pooling over the 3 spatial dim(s): `(batch, d1, d2, d3, channels)` → `(batch, channels)`
 * (`keepdims: true` keeps the spatial dims with size 1). No weights.
 *
 * ```ts
 * const gmp = new keras.layers.GlobalMaxPooling3D({ keepdims: true });
 * ```
 */
export class GlobalMaxPooling3D extends BaseGlobalPooling {
  static override readonly className: string = "GlobalMaxPooling3D";

  constructor(dataFormat?: DataFormat | GlobalPoolingOptions | null, options?: GlobalPoolingOptions) {
    super(3, positionalOptions<GlobalPoolingOptions>(dataFormat ?? undefined, options, "dataFormat"));
  }

  override call(inputs: Tensor): Tensor {
    return max(inputs, this.spatialAxes(), this.keepdims);
  }
}
