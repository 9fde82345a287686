import { dropout, SeedGenerator } from "../../random/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type CallOptions, type LayerOptions, type Shape } from "../layer.js";

export interface DropoutOptions extends LayerOptions {
  /** Fraction of inputs to drop, in [0, 1). */
  rate?: number;
  /** The shape of the binary mask (broadcast over the inputs); null dims take the input's size. */
  noiseShape?: readonly (number | null)[] | null;
  seed?: number | null;
}

/**
 * During training, zeroes a `rate` fraction of the inputs and scales the rest by 1/(1 - rate);
 * at inference it is the identity.
 */
export class Dropout extends Layer {
  static override readonly className: string = "Dropout";
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | null;
  private readonly seedGenerator: SeedGenerator;

  constructor(rate: number | DropoutOptions, options?: DropoutOptions) {
    const o = positionalOptions<DropoutOptions>(rate, options, "rate");
    super(o, ["rate", "noiseShape", "seed"]);
    if (typeof o.rate !== "number" || !(o.rate >= 0 && o.rate <= 1)) {
      throw new ValueError(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${String(o.rate)}`);
    }
    this.rate = o.rate;
    this.noiseShape = o.noiseShape ? [...o.noiseShape] : null;
    this.seed = o.seed ?? null;
    this.seedGenerator = new SeedGenerator(this.seed ?? undefined);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    if (!options.training || this.rate === 0) return inputs;
    const noise = this.noiseShape ? this.noiseShape.map((d, i) => d ?? inputs.shape[i]!) : null;
    return dropout(inputs, this.rate, noise, this.seedGenerator);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noise_shape: this.noiseShape };
  }
}
