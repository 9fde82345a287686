import { dropout, SeedGenerator } from "../../random/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { standardizeDataFormat, type DataFormat } from "../convolutional/convUtils.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type CallOptions, type LayerOptions, type Shape } from "../layer.js";

export interface SpatialDropoutOptions extends LayerOptions {
  /** Fraction of feature maps (channels) to drop, in [0, 1]. */
  rate?: number;
  /** "channels_last" (default) or "channels_first" (2D and 3D only). */
  dataFormat?: DataFormat | null;
  seed?: number | null;
}

/**
 * Spatial dropout (Keras's BaseSpatialDropout): drops whole feature maps (one decision per sample
 * and channel, shared along every spatial dim) and scales the rest by `1 / (1 - rate)` in training.
 */
export abstract class BaseSpatialDropout extends Layer {
  readonly rate: number;
  readonly seed: number | null;
  readonly dataFormat: DataFormat;
  readonly rank: number;
  private readonly seedGenerator: SeedGenerator;

  constructor(rank: number, o: SpatialDropoutOptions, withDataFormat: boolean) {
    super(o, withDataFormat ? ["rate", "seed", "dataFormat"] : ["rate", "seed"]);
    if (typeof o.rate !== "number" || !(o.rate >= 0 && o.rate <= 1)) {
      throw new ValueError(`${this.className}: invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${String(o.rate)}`);
    }
    this.rank = rank;
    this.rate = o.rate;
    this.seed = o.seed ?? null;
    this.dataFormat = standardizeDataFormat(o.dataFormat, this.className);
    this.seedGenerator = new SeedGenerator(this.seed);
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
    this.supportsMasking = true;
    this.built = true;
  }

  /** One mask entry per (sample, channel). */
  protected noiseShape(shape: readonly number[]): number[] {
    const ones = new Array<number>(this.rank).fill(1);
    return this.dataFormat === "channels_last" ? [shape[0]!, ...ones, shape[shape.length - 1]!] : [shape[0]!, shape[1]!, ...ones];
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    if (!options.training || this.rate === 0) return inputs;
    return dropout(inputs, this.rate, this.noiseShape(inputs.shape), this.seedGenerator);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
