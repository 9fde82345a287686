import { elu } from "../../ops/nn/activations.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

export interface ELUOptions extends LayerOptions {
  /** Scale of the negative part (default 1). */
  alpha?: number;
}

/**
 * Exponential linear unit: `x` for x > 0, `alpha * (exp(x) - 1)` otherwise. No weights.
 *
 * ```ts
 * const act = new keras.layers.ELU(0.5);
 * ```
 */
export class ELU extends Layer {
  static override readonly className: string = "ELU";
  readonly alpha: number;

  constructor(alpha?: number | ELUOptions, options?: ELUOptions) {
    const o = positionalOptions<ELUOptions>(alpha, options, "alpha");
    super(o, ["alpha"]);
    const a = o.alpha ?? 1.0;
    if (typeof a !== "number" || !Number.isFinite(a)) throw new ValueError(`ELU: \`alpha\` must be a finite number. Received: alpha=${String(a)}`);
    this.alpha = a;
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return elu(inputs, this.alpha);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
