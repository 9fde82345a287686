import { positionalOptions } from "../layer.js";
import type { IntOrTuple } from "../convolutional/convUtils.js";
import { BasePooling, type PoolingOptions } from "./basePooling.js";

/**
 * 3D average pooling: the average (padded cells excluded) of each `poolSize` window, moved by `strides` (default: the
 * pool size). Input `(batch, d1, d2, d3, channels)` (channels_last, default) or channels_first; no weights.
 *
 * ```ts
 * const pool = new keras.layers.AveragePooling3D(2); // halves each spatial dim
 * ```
 */
export class AveragePooling3D extends BasePooling {
  static override readonly className: string = "AveragePooling3D";

  constructor(poolSize?: IntOrTuple | PoolingOptions, options?: PoolingOptions) {
    super(3, "average", positionalOptions<PoolingOptions>(poolSize, options, "poolSize"));
  }
}
