import { conv } from "../../ops/nn/conv.js";
import { pad } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { BaseConv, twoPositional, type ConvOptions } from "./baseConv.js";
import type { IntOrTuple } from "./convUtils.js";

/**
 * 1D convolution over sequences: input `(batch, steps, channels)` (channels_last, default) or
 * `(batch, channels, steps)`; output `(batch, newSteps, filters)`. `padding: "causal"` pads
 * `dilationRate * (kernelSize - 1)` zeros at the start only, so output t never sees inputs after t.
 * Weights: `kernel` `(kernelSize, channels / groups, filters)`, `bias` `(filters,)`.
 *
 * ```ts
 * const conv = new keras.layers.Conv1D(16, 3, { padding: "causal", dilationRate: 2 });
 * ```
 */
export class Conv1D extends BaseConv {
  static override readonly className: string = "Conv1D";

  constructor(filters: number | ConvOptions, kernelSize?: IntOrTuple | ConvOptions, options?: ConvOptions) {
    super(1, twoPositional<ConvOptions>(filters, kernelSize, options, ["filters", "kernelSize"]));
  }

  override call(inputs: Tensor): Tensor {
    if (this.padding !== "causal") return super.call(inputs);
    const left = this.dilationRate[0]! * (this.kernelSize[0]! - 1);
    const widths: [number, number][] = this.dataFormat === "channels_last" ? [[0, 0], [left, 0], [0, 0]] : [[0, 0], [0, 0], [left, 0]];
    const x = pad(inputs, widths);
    return this.finish(conv(x, this.kernel!.value, this.strides, "valid", this.dataFormat, this.dilationRate));
  }
}
