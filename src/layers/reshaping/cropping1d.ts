import { positionalOptions, type LayerOptions } from "../layer.js";
import { BaseCropping } from "./baseCropping.js";
import { pairsConfig, standardizePairs } from "./spatialPairs.js";

export interface Cropping1DOptions extends LayerOptions {
  /** Cells removed from the start and end of the steps axis: an int or `[start, end]` (default [1, 1]). */
  cropping?: number | readonly number[];
}

/**
 * Crops the steps axis of `(batch, steps, features)` inputs. No weights.
 *
 * ```ts
 * const crop = new keras.layers.Cropping1D([1, 2]); // (None, 10, 4) → (None, 7, 4)
 * ```
 */
export class Cropping1D extends BaseCropping {
  static override readonly className: string = "Cropping1D";

  constructor(cropping?: number | readonly number[] | Cropping1DOptions, options?: Cropping1DOptions) {
    const o = Array.isArray(cropping) ? { ...options, cropping: cropping as readonly number[] } : positionalOptions<Cropping1DOptions>(cropping, options, "cropping");
    super(1, standardizePairs(o.cropping ?? 1, 1, "cropping", "Cropping1D"), "channels_last", o, ["cropping"]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: pairsConfig(this.cropping) };
  }
}
