import { twoPositional } from "./baseConv.js";
import { BaseSeparableConv, type SeparableConvOptions } from "./baseSeparableConv.js";
import type { IntOrTuple } from "./convUtils.js";

/**
 * 1D depthwise separable convolution: a depthwise convolution (per channel, `depthMultiplier`
 * kernels each) then a pointwise convolution mixing channels into `filters` outputs.
 * Input `(batch, steps, channels)` (channels_last, default). Weights: `depthwise_kernel`
 * `(...kernelSize, channels, depthMultiplier)`, `pointwise_kernel` `(1…, channels * depthMultiplier, filters)`, `bias` `(filters,)`.
 *
 * ```ts
 * const sep = new keras.layers.SeparableConv1D(16, 3, { padding: "same" });
 * ```
 */
export class SeparableConv1D extends BaseSeparableConv {
  static override readonly className: string = "SeparableConv1D";

  constructor(filters: number | SeparableConvOptions, kernelSize?: IntOrTuple | SeparableConvOptions, options?: SeparableConvOptions) {
    super(1, twoPositional<SeparableConvOptions>(filters, kernelSize, options, ["filters", "kernelSize"]));
  }
}
