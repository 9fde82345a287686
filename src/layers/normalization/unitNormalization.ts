import { normalize } from "../../ops/nn/normalization.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";
import { canonicalAxes } from "./layerNormalization.js";

export interface UnitNormalizationOptions extends LayerOptions {
  /** The axis or axes along which each sample is scaled to unit L2 norm (default -1). */
  axis?: number | readonly number[];
}

/**
 * Scales each sample to unit L2 norm along `axis`: `x / max(||x||, 1e-12)`. No weights.
 *
 * ```ts
 * const un = new keras.layers.UnitNormalization(); // rows of (None, 3) get norm 1
 * ```
 */
export class UnitNormalization extends Layer {
  static override readonly className: string = "UnitNormalization";
  readonly axis: number | number[];

  constructor(axis?: number | readonly number[] | UnitNormalizationOptions, options?: UnitNormalizationOptions) {
    const o = positionalOptions<UnitNormalizationOptions>(Array.isArray(axis) ? undefined : axis, options, "axis");
    if (Array.isArray(axis)) o.axis = axis;
    super(o, ["axis"]);
    const a = o.axis ?? -1;
    if (typeof a !== "number" && !Array.isArray(a)) throw new ValueError(`UnitNormalization: invalid value for \`axis\`: expected an int or a list of ints. Received: axis=${JSON.stringify(a)}`);
    this.axis = typeof a === "number" ? a : [...(a as number[])];
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return normalize(inputs, this.axis, 2, 1e-12);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    canonicalAxes(this.axis, inputShape.length, `Layer "${this.name}" (UnitNormalization)`, inputShape);
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: Array.isArray(this.axis) ? [...this.axis] : this.axis };
  }
}
