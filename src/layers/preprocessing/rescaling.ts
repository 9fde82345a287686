import { cast } from "../../ops/numpy/manipulation.js";
import { add, multiply } from "../../ops/numpy/arithmetic.js";
import { convertToTensor } from "../../tensor/convert.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

type Factor = number | readonly number[];

export interface RescalingOptions extends LayerOptions {
  /** The multiplier (a number, or one per channel). */
  scale?: Factor;
  /** Added after scaling (default 0). */
  offset?: Factor;
}

/**
 * Rescales inputs: `x * scale + offset` (in the layer's float dtype). E.g. `[0, 255]` images to
 * `[0, 1]`: `new Rescaling(1 / 255)`; to `[-1, 1]`: `new Rescaling(1 / 127.5, { offset: -1 })`.
 * No weights.
 */
export class Rescaling extends Layer {
  static override readonly className: string = "Rescaling";
  readonly scale: Factor;
  readonly offset: Factor;

  constructor(scale: Factor | RescalingOptions, options?: RescalingOptions) {
    const o = Array.isArray(scale) ? { ...options, scale: scale as readonly number[] } : positionalOptions<RescalingOptions>(scale, options, "scale");
    super(o, ["scale", "offset"]);
    const check = (v: unknown, name: string): Factor => {
      const ok = typeof v === "number" ? Number.isFinite(v) : Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x));
      if (!ok) throw new ValueError(`Rescaling: \`${name}\` must be a number or a list of numbers. Received: ${name}=${JSON.stringify(v)}`);
      return typeof v === "number" ? v : [...(v as number[])];
    };
    if (o.scale === undefined) throw new ValueError("Rescaling: missing required argument `scale`.");
    this.scale = check(o.scale, "scale");
    this.offset = check(o.offset ?? 0, "offset");
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const dtype = this.dtype;
    const x = inputs.dtype === dtype ? inputs : cast(inputs, dtype);
    return add(multiply(x, convertToTensor(this.scale as number, dtype)), convertToTensor(this.offset as number, dtype));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    const ser = (v: Factor) => (typeof v === "number" ? v : [...v]);
    return { ...super.getConfig(), scale: ser(this.scale), offset: ser(this.offset) };
  }
}
