import { add, greater, multiply, subtract } from "../../ops/numpy/arithmetic.js";
import { softmax } from "../../ops/nn/activations.js";
import { cast } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { Layer, positionalOptions, type CallOptions, type LayerOptions, type Shape } from "../layer.js";

export interface SoftmaxOptions extends LayerOptions {
  /** The axis (or axes) normalized (default -1). */
  axis?: number | readonly number[];
}

/**
 * Softmax along `axis`. With a mask (broadcastable to the inputs; e.g. attention masks), masked
 * positions get probability 0 and the rest are renormalized among themselves. No weights.
 *
 * ```ts
 * const sm = new keras.layers.Softmax();
 * const p = sm.apply(scores, { mask }); // mask: 1 keep, 0 drop
 * ```
 */
export class Softmax extends Layer {
  static override readonly className: string = "Softmax";
  readonly axis: number | number[];

  constructor(axis?: number | readonly number[] | SoftmaxOptions, options?: SoftmaxOptions) {
    const o = Array.isArray(axis) ? { ...options, axis } : positionalOptions<SoftmaxOptions>(axis, options, "axis");
    super(o, ["axis"]);
    const a = o.axis ?? -1;
    if (typeof a !== "number" && !Array.isArray(a)) throw new ValueError(`Softmax: \`axis\` must be an int or a list of ints. Received: axis=${JSON.stringify(a)}`);
    this.axis = typeof a === "number" ? a : [...(a as number[])];
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    const mask = options.mask && !Array.isArray(options.mask) ? options.mask : null;
    if (!mask) return softmax(inputs, this.axis);
    const xs = inputs.shape;
    const ms = mask.shape;
    const broadcastable = ms.length <= xs.length && ms.every((d, i) => d === 1 || d === xs[xs.length - ms.length + i]);
    if (!broadcastable) {
      throw new ValueError(
        `Layer "${this.name}" (Softmax): the mask must be broadcastable to the inputs (each mask dimension 1 or equal to the input's). Received: inputs.shape=${formatShape(xs)}, mask.shape=${formatShape(ms)}`,
      );
    }
    // keep = mask > 0.5 (or the bool mask) as 0/1 floats; masked logits become -1e9
    const keep = cast(mask.dtype === "bool" ? mask : greater(mask, 0.5), inputs.dtype);
    const logits = add(multiply(inputs, keep), multiply(subtract(1, keep), -1e9));
    return multiply(softmax(logits, this.axis), keep);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: Array.isArray(this.axis) ? [...this.axis] : this.axis };
  }
}
