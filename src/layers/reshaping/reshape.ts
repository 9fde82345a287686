import { reshape } from "../../ops/numpy/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

export interface ReshapeOptions extends LayerOptions {
  /** The target shape of one sample (batch excluded); one entry may be -1. */
  targetShape?: readonly number[];
}

/** Reshapes each sample: `new keras.layers.Reshape([3, 4])`; one dimension may be -1. */
export class Reshape extends Layer {
  static override readonly className: string = "Reshape";
  readonly targetShape: number[];
  constructor(targetShape: readonly number[] | ReshapeOptions, options?: ReshapeOptions) {
    const o = Array.isArray(targetShape) ? { ...options, targetShape: targetShape as number[] } : positionalOptions<ReshapeOptions>(targetShape, options, "targetShape");
    super(o, ["targetShape"]);
    if (!Array.isArray(o.targetShape) || o.targetShape.some((d) => !Number.isInteger(d) || (d < 0 && d !== -1))) {
      throw new ValueError(`Reshape: \`targetShape\` must be an array of positive integers (one may be -1), but received ${JSON.stringify(o.targetShape)}.`);
    }
    if (o.targetShape.filter((d) => d === -1).length > 1) {
      throw new ValueError(`Reshape: can only specify one unknown dimension (-1), but received targetShape ${formatShape(o.targetShape)}.`);
    }
    this.targetShape = [...o.targetShape];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const out: Shape = [inputShape[0] ?? null, ...this.targetShape];
    const unknown = this.targetShape.indexOf(-1);
    const rest = inputShape.slice(1);
    const total = rest.every((d) => d !== null) ? (rest as number[]).reduce((a, b) => a * b, 1) : null;
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (unknown >= 0) {
      if (total === null) out[unknown + 1] = null;
      else {
        if (known === 0 || total % known !== 0) {
          throw new ValueError(`Layer "${this.name}" (Reshape): the total size of the input, ${total} (shape ${formatShape(inputShape)}), is not divisible by the product of the known target dimensions ${formatShape(this.targetShape)}.`);
        }
        out[unknown + 1] = total / known;
      }
    } else if (total !== null && total !== known) {
      throw new ValueError(`Layer "${this.name}" (Reshape): the total size of the input, ${total} (shape ${formatShape(inputShape)}), must equal the total size of the target shape ${formatShape(this.targetShape)}, ${known}.`);
    }
    return out;
  }

  override call(inputs: Tensor): Tensor {
    const target = this.computeOutputShape([...inputs.shape]);
    return reshape(inputs, [inputs.shape[0]!, ...target.slice(1).map((d) => d ?? -1)]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), target_shape: this.targetShape };
  }
}
