import { standardizeDataFormat, type DataFormat } from "../convolutional/convUtils.js";
import { type LayerOptions } from "../layer.js";
import { BaseCropping } from "./baseCropping.js";
import { pairsConfig, standardizePairs } from "./spatialPairs.js";

export interface Cropping2DOptions extends LayerOptions {
  /** An int, one int per spatial dim, or `[before, after]` per spatial dim (default 0 everywhere). */
  cropping?: number | readonly (number | readonly number[])[];
  /** "channels_last" (default) or "channels_first". */
  dataFormat?: DataFormat | null;
}

/**
 * Crops the 2 spatial dims of `(batch, rows, cols, channels)` inputs (channels_last, default). No weights.
 *
 * ```ts
 * const crop = new keras.layers.Cropping2D([[2, 2], [4, 4]]); // (None, 28, 28, 3) → (None, 24, 20, 3)
 * ```
 */
export class Cropping2D extends BaseCropping {
  static override readonly className: string = "Cropping2D";

  constructor(cropping?: Cropping2DOptions["cropping"] | Cropping2DOptions, options?: Cropping2DOptions) {
    const isOptions = cropping !== null && typeof cropping === "object" && !Array.isArray(cropping);
    const o: Cropping2DOptions = isOptions ? { ...(cropping as Cropping2DOptions) } : { ...options, ...(cropping === undefined ? {} : { cropping: cropping as Cropping2DOptions["cropping"] }) };
    super(2, standardizePairs(o.cropping ?? 0, 2, "cropping", "Cropping2D"), standardizeDataFormat(o.dataFormat, "Cropping2D"), o, ["cropping", "dataFormat"]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: pairsConfig(this.cropping), data_format: this.dataFormat };
  }
}
