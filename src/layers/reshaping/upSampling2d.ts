import type { Tensor } from "../../tensor/tensor.js";
import { positionalOptions } from "../layer.js";
import type { IntOrTuple } from "../convolutional/convUtils.js";
import { checkInterpolation, resizeImages, type Interpolation } from "../preprocessing/imageResize.js";
import { BaseUpSampling, type UpSamplingOptions } from "./baseUpSampling.js";

export interface UpSampling2DOptions extends UpSamplingOptions {
  /** "nearest" (default: repeat each pixel) or "bilinear". */
  interpolation?: Interpolation;
}

/**
 * Upsamples images by `size` (default [2, 2]): `(batch, rows, cols, channels)` →
 * `(batch, rows * size[0], cols * size[1], channels)`, repeating pixels ("nearest") or
 * interpolating ("bilinear", half-pixel centers like TensorFlow). No weights.
 *
 * ```ts
 * const up = new keras.layers.UpSampling2D(2, { interpolation: "bilinear" });
 * ```
 */
export class UpSampling2D extends BaseUpSampling {
  static override readonly className: string = "UpSampling2D";
  readonly interpolation: Interpolation;

  constructor(size?: IntOrTuple | UpSampling2DOptions, options?: UpSampling2DOptions) {
    const o = positionalOptions<UpSampling2DOptions>(size, options, "size");
    super(2, o, ["size", "dataFormat", "interpolation"]);
    this.interpolation = checkInterpolation(o.interpolation ?? "nearest", "UpSampling2D");
  }

  override call(inputs: Tensor): Tensor {
    if (this.interpolation === "nearest") return super.call(inputs);
    const axes = this.spatialAxes();
    return resizeImages(
      inputs,
      axes,
      axes.map((a, i) => inputs.shape[a]! * this.size[i]!),
      "bilinear",
    );
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), interpolation: this.interpolation };
  }
}
