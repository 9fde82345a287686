import { BaseConv, twoPositional, type ConvOptions } from "./baseConv.js";
import type { IntOrTuple } from "./convUtils.js";

/**
 * 3D convolution: slides `filters` kernels over the three spatial dims of volumes.
 * Input `(batch, d1, d2, d3, channels)` (channels_last, default) or
 * `(batch, channels, d1, d2, d3)`; output has `filters` channels.
 * Weights: `kernel` `(...kernelSize, channels / groups, filters)`, `bias` `(filters,)`.
 *
 * ```ts
 * const conv = new keras.layers.Conv3D(32, 3, { padding: "same", activation: "relu" });
 * ```
 */
export class Conv3D extends BaseConv {
  static override readonly className: string = "Conv3D";

  constructor(filters: number | ConvOptions, kernelSize?: IntOrTuple | ConvOptions, options?: ConvOptions) {
    super(3, twoPositional<ConvOptions>(filters, kernelSize, options, ["filters", "kernelSize"]));
  }
}
