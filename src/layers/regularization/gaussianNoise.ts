import { add } from "../../ops/numpy/arithmetic.js";
import { normal, SeedGenerator } from "../../random/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type CallOptions, type LayerOptions, type Shape } from "../layer.js";

export interface GaussianNoiseOptions extends LayerOptions {
  /** Standard deviation of the added noise, in [0, 1]. */
  stddev?: number;
  seed?: number | null;
}

/**
 * Adds zero-centered Gaussian noise of standard deviation `stddev` in training (a regularizer
 * for real-valued inputs); identity at inference. No weights.
 *
 * ```ts
 * const noise = new keras.layers.GaussianNoise(0.1);
 * ```
 */
export class GaussianNoise extends Layer {
  static override readonly className: string = "GaussianNoise";
  readonly stddev: number;
  readonly seed: number | null;
  private readonly seedGenerator: SeedGenerator;

  constructor(stddev: number | GaussianNoiseOptions, options?: GaussianNoiseOptions) {
    const o = positionalOptions<GaussianNoiseOptions>(stddev, options, "stddev");
    super(o, ["stddev", "seed"]);
    if (typeof o.stddev !== "number" || !(o.stddev >= 0 && o.stddev <= 1)) {
      throw new ValueError(`GaussianNoise: invalid value received for argument \`stddev\`. Expected a float value between 0 and 1. Received: stddev=${String(o.stddev)}`);
    }
    this.stddev = o.stddev;
    this.seed = o.seed ?? null;
    this.seedGenerator = new SeedGenerator(this.seed);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    if (!options.training || this.stddev === 0) return inputs;
    return add(inputs, normal(inputs.shape, 0, this.stddev, inputs.dtype, this.seedGenerator));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }
}
