import { mean } from "../../ops/numpy/reductions.js";
import type { Tensor } from "../../tensor/tensor.js";
import { positionalOptions } from "../layer.js";
import type { DataFormat } from "../convolutional/convUtils.js";
import { BaseGlobalPooling, type GlobalPoolingOptions } from "./baseGlobalPooling.js";

/**
 * Global average pooling over the 2 spatial dims: `(batch, rows, cols, channels)` → `(batch, channels)`
 * (`keepdims: true` keeps the spatial dims with size 1). No weights.
 *
 * ```ts
 * const gap = new keras.layers.GlobalAveragePooling2D();
 * ```
 */
export class GlobalAveragePooling2D extends BaseGlobalPooling {
  static override readonly className: string = "GlobalAveragePooling2D";

  constructor(dataFormat?: DataFormat | GlobalPoolingOptions | null, options?: GlobalPoolingOptions) {
    super(2, positionalOptions<GlobalPoolingOptions>(dataFormat ?? undefined, options, "dataFormat"));
  }

  override call(inputs: Tensor): Tensor {
    return mean(inputs, this.spatialAxes(), this.keepdims);
  }
}
