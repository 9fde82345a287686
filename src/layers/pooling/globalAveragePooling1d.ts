import { divide, multiply } from "../../ops/numpy/arithmetic.js";
import { mean, sum } from "../../ops/numpy/reductions.js";
import { reshape } from "../../ops/numpy/shape.js";
import { cast } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { positionalOptions, type CallOptions } from "../layer.js";
import type { DataFormat } from "../convolutional/convUtils.js";
import { BaseGlobalPooling, type GlobalPoolingOptions } from "./baseGlobalPooling.js";

/**
 * Global average pooling over time: `(batch, steps, channels)` → `(batch, channels)`
 * (`keepdims: true` gives `(batch, 1, channels)`). With a mask `(batch, steps)` (e.g. from
 * `Embedding({ maskZero: true })`), only the unmasked steps are averaged. No weights.
 *
 * ```ts
 * const gap = new keras.layers.GlobalAveragePooling1D();
 * ```
 */
export class GlobalAveragePooling1D extends BaseGlobalPooling {
  static override readonly className: string = "GlobalAveragePooling1D";

  constructor(dataFormat?: DataFormat | GlobalPoolingOptions | null, options?: GlobalPoolingOptions) {
    super(1, positionalOptions<GlobalPoolingOptions>(dataFormat ?? undefined, options, "dataFormat"));
    this.supportsMasking = true;
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    const steps = this.dataFormat === "channels_last" ? 1 : 2;
    const mask = options.mask;
    if (!mask || Array.isArray(mask)) return mean(inputs, steps, this.keepdims);
    // (batch, steps) → broadcastable float weights; masked steps contribute nothing
    const [b, t] = [mask.shape[0]!, mask.shape[1]!];
    const w = cast(reshape(mask, this.dataFormat === "channels_last" ? [b, t, 1] : [b, 1, t]), inputs.dtype);
    return divide(sum(multiply(inputs, w), steps, this.keepdims), sum(w, steps, this.keepdims));
  }

  override computeMask(): null {
    return null;
  }
}
