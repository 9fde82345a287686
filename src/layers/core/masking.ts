import { multiply, notEqual } from "../../ops/numpy/arithmetic.js";
import { cast } from "../../ops/numpy/manipulation.js";
import { any } from "../../ops/numpy/reductions.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

export interface MaskingOptions extends LayerOptions {
  /** Timesteps whose features ALL equal this value are masked. Default 0. */
  maskValue?: number;
}

/**
 * Masks timesteps for the layers after it (RNNs skip them): a timestep of a
 * `(batch, time, features)` input is masked when all its features equal `maskValue`; its output
 * values are set to 0. The mask is `any(inputs != maskValue, axis=-1)`.
 *
 * ```ts
 * const model = new keras.Sequential([new keras.layers.Masking(0, { inputShape: [10, 8] }), new keras.layers.LSTM(32)]);
 * ```
 */
export class Masking extends Layer {
  static override readonly className: string = "Masking";
  readonly maskValue: number;

  constructor(maskValue?: number | MaskingOptions, options?: MaskingOptions) {
    const o = positionalOptions<MaskingOptions>(maskValue, options, "maskValue");
    super(o, ["maskValue"]);
    this.maskValue = o.maskValue ?? 0;
    if (typeof this.maskValue !== "number") throw new ValueError(`Masking: \`maskValue\` must be a number, but received ${JSON.stringify(this.maskValue)}.`);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const keep = any(notEqual(inputs, this.maskValue), -1, true);
    return multiply(inputs, cast(keep, inputs.dtype));
  }

  override computeMask(inputs: Tensor | Tensor[]): Tensor {
    return any(notEqual(inputs as Tensor, this.maskValue), -1, false);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), mask_value: this.maskValue };
  }
}
