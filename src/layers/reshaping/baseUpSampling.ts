import { repeat } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkRank, spatialDims, standardizeDataFormat, standardizeTuple, withSpatial, type DataFormat, type IntOrTuple } from "../convolutional/convUtils.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";

export interface UpSamplingOptions extends LayerOptions {
  /** Upsampling factor per spatial dim: an int or one int per dim (default 2). */
  size?: IntOrTuple;
  /** "channels_last" (default) or "channels_first". */
  dataFormat?: DataFormat | null;
}

/** Nearest-neighbour upsampling of 2 or 3 spatial dims: each cell is repeated `size` times per dim. No weights. */
export abstract class BaseUpSampling extends Layer {
  readonly size: number[];
  readonly dataFormat: DataFormat;
  readonly rank: number;

  constructor(rank: number, o: UpSamplingOptions, ownKeys: readonly string[]) {
    super(o, ownKeys);
    this.rank = rank;
    this.size = standardizeTuple(o.size ?? 2, rank, "size", this.className);
    this.dataFormat = standardizeDataFormat(o.dataFormat, this.className);
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
    this.built = true;
  }

  protected spatialAxes(): number[] {
    const first = this.dataFormat === "channels_last" ? 1 : 2;
    return this.size.map((_, i) => first + i);
  }

  override call(inputs: Tensor): Tensor {
    let y = inputs;
    this.spatialAxes().forEach((axis, i) => {
      if (this.size[i]! > 1) y = repeat(y, this.size[i]!, axis);
    });
    return y;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    checkRank(inputShape, this.rank + 2, this.name, this.className, this.dataFormat);
    const { spatial, channels } = spatialDims(inputShape, this.dataFormat);
    return withSpatial(
      inputShape[0] ?? null,
      spatial.map((d, i) => (d === null ? null : d * this.size[i]!)),
      channels,
      this.dataFormat,
    );
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: [...this.size], data_format: this.dataFormat };
  }
}
