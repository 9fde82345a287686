import { positionalOptions } from "../layer.js";
import { BaseZeroPadding, type ZeroPaddingOptions } from "./baseZeroPadding.js";

/**
 * Zero-padding of the 3 spatial dim(s) of `(batch, d1, d2, d3, channels)` inputs (channels_last, default):
 * `padding` is an int, one int per dim, or `[before, after]` per dim (default 1). No weights.
 *
 * ```ts
 * const zp = new keras.layers.ZeroPadding3D(1);
 * ```
 */
export class ZeroPadding3D extends BaseZeroPadding {
  static override readonly className: string = "ZeroPadding3D";

  constructor(padding?: ZeroPaddingOptions["padding"] | ZeroPaddingOptions, options?: ZeroPaddingOptions) {
    super(3, positionalOptions<ZeroPaddingOptions>(padding, options, "padding"));
  }
}
