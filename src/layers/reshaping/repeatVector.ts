import { broadcastTo, reshape } from "../../ops/numpy/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

export interface RepeatVectorOptions extends LayerOptions {
  /** How many times to repeat. */
  n?: number;
}

/** Repeats a (batch, features) input n times: → (batch, n, features). */
export class RepeatVector extends Layer {
  static override readonly className: string = "RepeatVector";
  readonly n: number;
  constructor(n: number | RepeatVectorOptions, options?: RepeatVectorOptions) {
    const o = positionalOptions<RepeatVectorOptions>(n, options, "n");
    super(o, ["n"]);
    if (!Number.isInteger(o.n) || (o.n as number) <= 0) {
      throw new ValueError(`RepeatVector: expected \`n\` to be a positive integer, but received n=${String(o.n)}.`);
    }
    this.n = o.n as number;
    this.inputSpec = new InputSpec({ ndim: 2 });
    this.built = true;
  }
  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }
  override call(inputs: Tensor): Tensor {
    const [b, f] = inputs.shape as number[];
    return broadcastTo(reshape(inputs, [b!, 1, f!]), [b!, this.n, f!]);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }
}
