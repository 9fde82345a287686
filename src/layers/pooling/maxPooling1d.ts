import { positionalOptions } from "../layer.js";
import type { IntOrTuple } from "../convolutional/convUtils.js";
import { BasePooling, type PoolingOptions } from "./basePooling.js";

/**
 * 1D max pooling: the maximum of each `poolSize` window, moved by `strides` (default: the
 * pool size). Input `(batch, steps, channels)` (channels_last, default) or channels_first; no weights.
 *
 * ```ts
 * const pool = new keras.layers.MaxPooling1D(2); // halves each spatial dim
 * ```
 */
export class MaxPooling1D extends BasePooling {
  static override readonly className: string = "MaxPooling1D";

  constructor(poolSize?: IntOrTuple | PoolingOptions, options?: PoolingOptions) {
    super(1, "max", positionalOptions<PoolingOptions>(poolSize, options, "poolSize"));
  }
}
