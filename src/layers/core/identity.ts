import type { Tensor } from "../../tensor/tensor.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";

/** Returns its input unchanged (a placeholder layer). */
export class Identity extends Layer {
  static override readonly className: string = "Identity";
  constructor(options: LayerOptions = {}) {
    super(options);
    this.supportsMasking = true;
    this.built = true;
  }
  override call(inputs: Tensor | Tensor[]): Tensor | Tensor[] {
    return inputs;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }
}
