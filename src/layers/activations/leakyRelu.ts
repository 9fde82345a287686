import { leakyRelu } from "../../ops/nn/activations.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

export interface LeakyReLUOptions extends LayerOptions {
  /** Slope for x < 0 (default 0.3, Keras 3's layer default). */
  negativeSlope?: number;
  /** Deprecated Keras name of `negativeSlope` (Keras 2 configs use it). */
  alpha?: number;
}

/**
 * Leaky ReLU: `x` for x >= 0, `negativeSlope * x` otherwise (default slope 0.3). No weights.
 *
 * ```ts
 * const lrelu = new keras.layers.LeakyReLU(0.1);
 * ```
 */
export class LeakyReLU extends Layer {
  static override readonly className: string = "LeakyReLU";
  readonly negativeSlope: number;

  constructor(negativeSlope?: number | LeakyReLUOptions, options?: LeakyReLUOptions) {
    const o = positionalOptions<LeakyReLUOptions>(negativeSlope, options, "negativeSlope");
    super(o, ["negativeSlope", "alpha"]);
    if (o.alpha !== undefined && o.negativeSlope !== undefined) throw new ValueError("LeakyReLU: pass either `negativeSlope` or its deprecated name `alpha`, not both.");
    const s = o.negativeSlope ?? o.alpha ?? 0.3;
    if (typeof s !== "number" || !(s >= 0)) {
      throw new ValueError(`LeakyReLU: the negativeSlope value of a Leaky ReLU layer cannot be null or a negative value. Expected a number. Received: negativeSlope=${String(s)}`);
    }
    this.negativeSlope = s;
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return leakyRelu(inputs, this.negativeSlope);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), negative_slope: this.negativeSlope };
  }
}
