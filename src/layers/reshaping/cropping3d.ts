import { standardizeDataFormat, type DataFormat } from "../convolutional/convUtils.js";
import { type LayerOptions } from "../layer.js";
import { BaseCropping } from "./baseCropping.js";
import { pairsConfig, standardizePairs } from "./spatialPairs.js";

export interface Cropping3DOptions extends LayerOptions {
  /** An int, one int per spatial dim, or `[before, after]` per spatial dim (default 0 everywhere). */
  cropping?: number | readonly (number | readonly number[])[];
  /** "channels_last" (default) or "channels_first". */
  dataFormat?: DataFormat | null;
}

/**
 * Crops the 3 spatial dims of `(batch, d1, d2, d3, channels)` inputs (channels_last, default). No weights.
 *
 * ```ts
 * const crop = new keras.layers.Cropping3D(1);
 * ```
 */
export class Cropping3D extends BaseCropping {
  static override readonly className: string = "Cropping3D";

  constructor(cropping?: Cropping3DOptions["cropping"] | Cropping3DOptions, options?: Cropping3DOptions) {
    const isOptions = cropping !== null && typeof cropping === "object" && !Array.isArray(cropping);
    const o: Cropping3DOptions = isOptions ? { ...(cropping as Cropping3DOptions) } : { ...options, ...(cropping === undefined ? {} : { cropping: cropping as Cropping3DOptions["cropping"] }) };
    super(3, standardizePairs(o.cropping ?? 1, 3, "cropping", "Cropping3D"), standardizeDataFormat(o.dataFormat, "Cropping3D"), o, ["cropping", "dataFormat"]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: pairsConfig(this.cropping), data_format: this.dataFormat };
  }
}
