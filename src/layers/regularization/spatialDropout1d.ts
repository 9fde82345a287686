import { positionalOptions } from "../layer.js";
import { BaseSpatialDropout, type SpatialDropoutOptions } from "./baseSpatialDropout.js";

/**
 * Spatial 1D dropout: in training, drops entire channels of `(batch, steps, channels)` inputs
 * (one decision per sample and channel) and scales the kept ones by `1 / (1 - rate)`.
 * Identity at inference. No weights.
 *
 * ```ts
 * const drop = new keras.layers.SpatialDropout1D(0.2);
 * ```
 */
export class SpatialDropout1D extends BaseSpatialDropout {
  static override readonly className: string = "SpatialDropout1D";

  constructor(rate: number | SpatialDropoutOptions, options?: SpatialDropoutOptions) {
    super(1, positionalOptions<SpatialDropoutOptions>(rate, options, "rate"), false);
  }
}
