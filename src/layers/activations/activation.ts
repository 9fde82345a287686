import * as activations from "../../activations/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

export interface ActivationOptions extends LayerOptions {
  /** An activation name ("relu", "softmax", …) or function. */
  activation?: string | activations.ActivationFn;
}

/** Applies an activation function: `new keras.layers.Activation("relu")`. */
export class Activation extends Layer {
  static override readonly className: string = "Activation";
  readonly activation: activations.ActivationFn;
  constructor(activation: string | activations.ActivationFn | ActivationOptions, options?: ActivationOptions) {
    const o = typeof activation === "function" ? { ...options, activation } : positionalOptions<ActivationOptions>(activation, options, "activation");
    super(o, ["activation"]);
    this.activation = activations.get(o.activation ?? null);
    this.supportsMasking = true;
    this.built = true;
  }
  override call(inputs: Tensor): Tensor {
    return this.activation(inputs);
  }
  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: activations.serialize(this.activation) };
  }
}
