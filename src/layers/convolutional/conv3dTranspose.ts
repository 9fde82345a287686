import { BaseConvTranspose, type ConvTransposeOptions } from "./baseConvTranspose.js";
import { twoPositional } from "./baseConv.js";
import type { IntOrTuple } from "./convUtils.js";

/**
 * 3D transposed convolution ("deconvolution"): upsamples by `strides`. Input `(batch, d1, d2, d3, channels)`
 * (channels_last, default); output has `filters` channels and spatial size `in * stride`
 * ("same") or `(in - 1) * stride + kernel` ("valid"). Weights: `kernel`
 * `(...kernelSize, filters, channels)`, `bias` `(filters,)`.
 *
 * ```ts
 * const up = new keras.layers.Conv3DTranspose(8, 3, { strides: 2, padding: "same" });
 * ```
 */
export class Conv3DTranspose extends BaseConvTranspose {
  static override readonly className: string = "Conv3DTranspose";

  constructor(filters: number | ConvTransposeOptions, kernelSize?: IntOrTuple | ConvTransposeOptions, options?: ConvTransposeOptions) {
    super(3, twoPositional<ConvTransposeOptions>(filters, kernelSize, options, ["filters", "kernelSize"]));
  }
}
