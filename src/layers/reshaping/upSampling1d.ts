import { repeat } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

export interface UpSampling1DOptions extends LayerOptions {
  /** How many times each step is repeated (default 2). */
  size?: number;
}

/**
 * Repeats each step `size` times: `(batch, steps, features)` → `(batch, steps * size, features)`.
 * No weights.
 *
 * ```ts
 * const up = new keras.layers.UpSampling1D(2);
 * ```
 */
export class UpSampling1D extends Layer {
  static override readonly className: string = "UpSampling1D";
  readonly size: number;

  constructor(size?: number | UpSampling1DOptions, options?: UpSampling1DOptions) {
    const o = positionalOptions<UpSampling1DOptions>(size, options, "size");
    super(o, ["size"]);
    const s = o.size ?? 2;
    if (typeof s !== "number" || !Number.isInteger(s) || s <= 0) throw new ValueError(`UpSampling1D: argument \`size\` should be a positive integer. Received: size=${JSON.stringify(s)}`);
    this.size = s;
    this.inputSpec = new InputSpec({ ndim: 3 });
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return repeat(inputs, this.size, 1);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, inputShape[1] === null || inputShape[1] === undefined ? null : inputShape[1] * this.size, inputShape[2] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size };
  }
}
