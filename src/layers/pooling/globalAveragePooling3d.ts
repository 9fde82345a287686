import { mean } from "../../ops/numpy/reductions.js";
import type { Tensor } from "../../tensor/tensor.js";
import { positionalOptions } from "../layer.js";
import type { DataFormat } from "../convolutional/convUtils.js";
import { BaseGlobalPooling, type GlobalPoolingOptions } from "./baseGlobalPooling.js";

/**
 * Global average pooling over the 3 spatial dims: `(batch, d1, d2, d3, channels)` → `(batch, channels)`
 * (`keepdims: true` keeps the spatial dims with size 1). No weights.
 *
 * ```ts
 * const gap = new keras.layers.GlobalAveragePooling3D();
 * ```
 */
export class GlobalAveragePooling3D extends BaseGlobalPooling {
  static override readonly className: string = "GlobalAveragePooling3D";

  constructor(dataFormat?: DataFormat | GlobalPoolingOptions | null, options?: GlobalPoolingOptions) {
    super(3, positionalOptions<GlobalPoolingOptions>(dataFormat ?? undefined, options, "dataFormat"));
  }

  override call(inputs: Tensor): Tensor {
    return mean(inputs, this.spatialAxes(), this.keepdims);
  }
}
