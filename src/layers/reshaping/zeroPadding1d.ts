import { positionalOptions } from "../layer.js";
import { BaseZeroPadding, type ZeroPaddingOptions } from "./baseZeroPadding.js";

/**
 * Zero-padding of the 1 spatial dim(s) of `(batch, steps, channels)` inputs (channels_last, default):
 * `padding` is an int or `[before, after]` (default 1). No weights.
 *
 * ```ts
 * const zp = new keras.layers.ZeroPadding1D([2, 1]);
 * ```
 */
export class ZeroPadding1D extends BaseZeroPadding {
  static override readonly className: string = "ZeroPadding1D";

  constructor(padding?: ZeroPaddingOptions["padding"] | ZeroPaddingOptions, options?: ZeroPaddingOptions) {
    super(1, positionalOptions<ZeroPaddingOptions>(padding, options, "padding"));
  }
}
