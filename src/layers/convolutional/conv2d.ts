import { BaseConv, twoPositional, type ConvOptions } from "./baseConv.js";
import type { IntOrTuple } from "./convUtils.js";

/**
 * 2D convolution: slides `filters` kernels over the rows and columns of images.
 * Input `(batch, rows, cols, channels)` (channels_last, default) or
 * `(batch, channels, rows, cols)`; output has `filters` channels.
 * Weights: `kernel` `(...kernelSize, channels / groups, filters)`, `bias` `(filters,)`.
 *
 * ```ts
 * const conv = new keras.layers.Conv2D(32, 3, { padding: "same", activation: "relu" });
 * ```
 */
export class Conv2D extends BaseConv {
  static override readonly className: string = "Conv2D";

  constructor(filters: number | ConvOptions, kernelSize?: IntOrTuple | ConvOptions, options?: ConvOptions) {
    super(2, twoPositional<ConvOptions>(filters, kernelSize, options, ["filters", "kernelSize"]));
  }
}
