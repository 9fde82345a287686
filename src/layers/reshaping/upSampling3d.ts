import { positionalOptions } from "../layer.js";
import type { IntOrTuple } from "../convolutional/convUtils.js";
import { BaseUpSampling, type UpSamplingOptions } from "./baseUpSampling.js";

/**
 * Upsamples volumes by repeating each cell `size` times per spatial dim (default [2, 2, 2]):
 * `(batch, d1, d2, d3, channels)` → `(batch, d1 * s1, d2 * s2, d3 * s3, channels)`. No weights.
 *
 * ```ts
 * const up = new keras.layers.UpSampling3D(2);
 * ```
 */
export class UpSampling3D extends BaseUpSampling {
  static override readonly className: string = "UpSampling3D";

  constructor(size?: IntOrTuple | UpSamplingOptions, options?: UpSamplingOptions) {
    super(3, positionalOptions<UpSamplingOptions>(size, options, "size"), ["size", "dataFormat"]);
  }
}
