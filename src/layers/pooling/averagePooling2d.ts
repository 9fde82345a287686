import { positionalOptions } from "../layer.js";
import type { IntOrTuple } from "../convolutional/convUtils.js";
import { BasePooling, type PoolingOptions } from "./basePooling.js";

/**
 * 2D average pooling: the average (padded cells excluded) of each `poolSize` window, moved by `strides` (default: the
 * pool size). Input `(batch, rows, cols, channels)` (channels_last, default) or channels_first; no weights.
 *
 * ```ts
 * const pool = new keras.layers.AveragePooling2D(2); // halves each spatial dim
 * ```
 */
export class AveragePooling2D extends BasePooling {
  static override readonly className: string = "AveragePooling2D";

  constructor(poolSize?: IntOrTuple | PoolingOptions, options?: PoolingOptions) {
    super(2, "average", positionalOptions<PoolingOptions>(poolSize, options, "poolSize"));
  }
}
