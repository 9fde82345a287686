import { positionalOptions } from "../layer.js";
import { BaseSpatialDropout, type SpatialDropoutOptions } from "./baseSpatialDropout.js";

/**
 * Spatial 2D dropout: in training, drops entire channels of `(batch, rows, cols, channels)` inputs
 * (one decision per sample and channel) and scales the kept ones by `1 / (1 - rate)`.
 * Identity at inference. No weights.
 *
 * ```ts
 * const drop = new keras.layers.SpatialDropout2D(0.2);
 * ```
 */
export class SpatialDropout2D extends BaseSpatialDropout {
  static override readonly className: string = "SpatialDropout2D";

  constructor(rate: number | SpatialDropoutOptions, options?: SpatialDropoutOptions) {
    super(2, positionalOptions<SpatialDropoutOptions>(rate, options, "rate"), true);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), data_format: this.dataFormat };
  }
}
