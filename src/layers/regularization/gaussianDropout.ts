import { multiply } from "../../ops/numpy/arithmetic.js";
import { normal, SeedGenerator } from "../../random/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type CallOptions, type LayerOptions, type Shape } from "../layer.js";

export interface GaussianDropoutOptions extends LayerOptions {
  /** Drop probability in [0, 1]: the noise has stddev `sqrt(rate / (1 - rate))`. */
  rate?: number;
  seed?: number | null;
}

/**
 * Multiplies the inputs by 1-centered Gaussian noise of standard deviation
 * `sqrt(rate / (1 - rate))` in training; identity at inference. No weights.
 *
 * ```ts
 * const drop = new keras.layers.GaussianDropout(0.2);
 * ```
 */
export class GaussianDropout extends Layer {
  static override readonly className: string = "GaussianDropout";
  readonly rate: number;
  readonly seed: number | null;
  private readonly seedGenerator: SeedGenerator;

  constructor(rate: number | GaussianDropoutOptions, options?: GaussianDropoutOptions) {
    const o = positionalOptions<GaussianDropoutOptions>(rate, options, "rate");
    super(o, ["rate", "seed"]);
    if (typeof o.rate !== "number" || !(o.rate >= 0 && o.rate <= 1)) {
      throw new ValueError(`GaussianDropout: invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${String(o.rate)}`);
    }
    this.rate = o.rate;
    this.seed = o.seed ?? null;
    this.seedGenerator = new SeedGenerator(this.seed);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    if (!options.training || this.rate === 0) return inputs;
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return multiply(inputs, normal(inputs.shape, 1, stddev, inputs.dtype, this.seedGenerator));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
