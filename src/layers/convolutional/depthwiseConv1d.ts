import { positionalOptions } from "../layer.js";
import { BaseDepthwiseConv, type DepthwiseConvOptions } from "./baseDepthwiseConv.js";
import type { IntOrTuple } from "./convUtils.js";

/**
 * 1D depthwise convolution: each input channel gets its own `depthMultiplier` kernels, with no
 * mixing across channels. Input `(batch, steps, channels)` (channels_last, default); output has
 * `channels * depthMultiplier` channels, channel `c * depthMultiplier + m`.
 * Weights: `kernel` `(...kernelSize, channels, depthMultiplier)`, `bias` `(channels * depthMultiplier,)`.
 *
 * ```ts
 * const dw = new keras.layers.DepthwiseConv1D(3, { depthMultiplier: 2, padding: "same" });
 * ```
 */
export class DepthwiseConv1D extends BaseDepthwiseConv {
  static override readonly className: string = "DepthwiseConv1D";

  constructor(kernelSize: IntOrTuple | DepthwiseConvOptions, options?: DepthwiseConvOptions) {
    super(1, positionalOptions<DepthwiseConvOptions>(kernelSize, options, "kernelSize"));
  }
}
