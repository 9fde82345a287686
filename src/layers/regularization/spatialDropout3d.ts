import { positionalOptions } from "../layer.js";
import { BaseSpatialDropout, type SpatialDropoutOptions } from "./baseSpatialDropout.js";

/**
 * Spatial 3D dropout: in training, drops entire channels of `(batch, d1, d2, d3, channels)` inputs
 * (one decision per sample and channel) and scales the kept ones by `1 / (1 - rate)`.
 * Identity at inference. No weights.
 *
 * ```ts
 * const drop = new keras.layers.SpatialDropout3D(0.2);
 * ```
 */
export class SpatialDropout3D extends BaseSpatialDropout {
  static override readonly className: string = "SpatialDropout3D";

  constructor(rate: number | SpatialDropoutOptions, options?: SpatialDropoutOptions) {
    super(3, positionalOptions<SpatialDropoutOptions>(rate, options, "rate"), true);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), data_format: this.dataFormat };
  }
}
