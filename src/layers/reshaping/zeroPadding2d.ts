import { positionalOptions } from "../layer.js";
import { BaseZeroPadding, type ZeroPaddingOptions } from "./baseZeroPadding.js";

/**
 * Zero-padding of the 2 spatial dim(s) of `(batch, rows, cols, channels)` inputs (channels_last, default):
 * `padding` is an int, one int per dim, or `[before, after]` per dim (default 1). No weights.
 *
 * ```ts
 * const zp = new keras.layers.ZeroPadding2D(1);
 * ```
 */
export class ZeroPadding2D extends BaseZeroPadding {
  static override readonly className: string = "ZeroPadding2D";

  constructor(padding?: ZeroPaddingOptions["padding"] | ZeroPaddingOptions, options?: ZeroPaddingOptions) {
    super(2, positionalOptions<ZeroPaddingOptions>(padding, options, "padding"));
  }
}
