import { reshape, transpose } from "../../ops/numpy/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";

export interface FlattenOptions extends LayerOptions {
  /** "channels_last" (default) or "channels_first": with channels_first, the channel axis is moved last before flattening, so weights match a channels_last model. */
  dataFormat?: "channels_last" | "channels_first" | null;
}

/**
 * Flattens every axis but the batch: (None, 3, 16) → (None, 48). Put it before a Dense
 * that should see all values of each sample at once.
 */
export class Flatten extends Layer {
  static override readonly className: string = "Flatten";
  readonly dataFormat: "channels_last" | "channels_first";
  constructor(options: FlattenOptions = {}) {
    super(options, ["dataFormat"]);
    const df = options.dataFormat ?? "channels_last";
    if (df !== "channels_last" && df !== "channels_first") {
      throw new ValueError(`Flatten: \`dataFormat\` must be 'channels_last' or 'channels_first', but received '${String(df)}'.`);
    }
    this.dataFormat = df;
    this.inputSpec = new InputSpec({ minNdim: 1 });
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    let x = inputs;
    const rank = x.shape.length;
    if (this.dataFormat === "channels_first" && rank > 2) {
      x = transpose(x, [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1]);
    }
    const shape = this.computeOutputShape([...inputs.shape]);
    if (rank === 1) return reshape(x, [x.shape[0]!, 1]);
    return reshape(x, [x.shape[0] ?? -1, shape[1] ?? -1]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    if (rest.length === 0) return [inputShape[0] ?? null, 1];
    const known = rest.every((d) => d !== null);
    return [inputShape[0] ?? null, known ? (rest as number[]).reduce((a, b) => a * b, 1) : null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), data_format: this.dataFormat };
  }
}
