import { positionalOptions } from "../layer.js";
import type { IntOrTuple } from "../convolutional/convUtils.js";
import { BasePooling, type PoolingOptions } from "./basePooling.js";

/**
 * 1D average pooling: the average (padded cells excluded) of each `poolSize` window, moved by `strides` (default: the
 * pool size). Input `(batch, steps, channels)` (channels_last, default) or channels_first; no weights.
 *
 * ```ts
 * const pool = new keras.layers.AveragePooling1D(2); // halves each spatial dim
 * ```
 */
export class AveragePooling1D extends BasePooling {
  static override readonly className: string = "AveragePooling1D";

  constructor(poolSize?: IntOrTuple | PoolingOptions, options?: PoolingOptions) {
    super(1, "average", positionalOptions<PoolingOptions>(poolSize, options, "poolSize"));
  }
}
