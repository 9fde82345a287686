import { BaseConvTranspose, type ConvTransposeOptions } from "./baseConvTranspose.js";
import { twoPositional } from "./baseConv.js";
import type { IntOrTuple } from "./convUtils.js";

/**
 * 1D transposed convolution ("deconvolution"): upsamples by `strides`. Input `(batch, steps, channels)`
 * (channels_last, default); output has `filters` channels and spatial size `in * stride`
 * ("same") or `(in - 1) * stride + kernel` ("valid"). Weights: `kernel`
 * `(...kernelSize, filters, channels)`, `bias` `(filters,)`.
 *
 * ```ts
 * const up = new keras.layers.Conv1DTranspose(8, 3, { strides: 2, padding: "same" });
 * ```
 */
export class Conv1DTranspose extends BaseConvTranspose {
  static override readonly className: string = "Conv1DTranspose";

  constructor(filters: number | ConvTransposeOptions, kernelSize?: IntOrTuple | ConvTransposeOptions, options?: ConvTransposeOptions) {
    super(1, twoPositional<ConvTransposeOptions>(filters, kernelSize, options, ["filters", "kernelSize"]));
  }
}
