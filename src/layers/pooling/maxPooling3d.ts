import { positionalOptions } from "../layer.js";
import type { IntOrTuple } from "../convolutional/convUtils.js";
import { BasePooling, type PoolingOptions } from "./basePooling.js";

/**
 * 3D max pooling: the maximum of each `poolSize` window, moved by `strides` (default: the
 * pool size). Input `(batch, d1, d2, d3, channels)` (channels_last, default) or channels_first; no weights.
 *
 * ```ts
 * const pool = new keras.layers.MaxPooling3D(2); // halves each spatial dim
 * ```
 */
export class MaxPooling3D extends BasePooling {
  static override readonly className: string = "MaxPooling3D";

  constructor(poolSize?: IntOrTuple | PoolingOptions, options?: PoolingOptions) {
    super(3, "max", positionalOptions<PoolingOptions>(poolSize, options, "poolSize"));
  }
}
