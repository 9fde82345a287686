import { relu } from "../../activations/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

export interface ReLUOptions extends LayerOptions {
  /** Upper bound of the output (default null: unbounded); must be >= 0. */
  maxValue?: number | null;
  /** Slope below the threshold (default 0); must be >= 0. */
  negativeSlope?: number;
  /** Values below it are damped (default 0); must be >= 0. */
  threshold?: number;
}

/**
 * Rectified linear unit with Keras's options: `f(x) = maxValue` for `x >= maxValue`, `x` for
 * `threshold <= x < maxValue`, `negativeSlope * (x - threshold)` otherwise. No weights.
 *
 * ```ts
 * const relu6 = new keras.layers.ReLU(6);
 * ```
 */
export class ReLU extends Layer {
  static override readonly className: string = "ReLU";
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(maxValue?: number | null | ReLUOptions, options?: ReLUOptions) {
    const o = positionalOptions<ReLUOptions>(maxValue ?? undefined, options, "maxValue");
    super(o, ["maxValue", "negativeSlope", "threshold"]);
    const mv = o.maxValue ?? null;
    const slope = o.negativeSlope ?? 0;
    const th = o.threshold ?? 0;
    if (mv !== null && !(typeof mv === "number" && mv >= 0)) throw new ValueError(`ReLU: maxValue of a ReLU layer cannot be a negative value. Received: maxValue=${String(mv)}`);
    if (!(typeof slope === "number" && slope >= 0)) throw new ValueError(`ReLU: negativeSlope of a ReLU layer cannot be null or a negative value. Received: negativeSlope=${String(slope)}`);
    if (!(typeof th === "number" && th >= 0)) throw new ValueError(`ReLU: threshold of a ReLU layer cannot be null or a negative value. Received: threshold=${String(th)}`);
    this.maxValue = mv;
    this.negativeSlope = slope;
    this.threshold = th;
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return relu(inputs, this.negativeSlope, this.maxValue, this.threshold);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), max_value: this.maxValue, negative_slope: this.negativeSlope, threshold: this.threshold };
  }
}
