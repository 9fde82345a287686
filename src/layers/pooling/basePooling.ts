import { averagePool, maxPool } from "../../ops/nn/pooling.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import {
  checkRank,
  convOutputLength,
  spatialDims,
  standardizeDataFormat,
  standardizePadding,
  standardizeTuple,
  withSpatial,
  type DataFormat,
  type IntOrTuple,
} from "../convolutional/convUtils.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";

export interface PoolingOptions extends LayerOptions {
  /** Window size: an int or one int per spatial dim (default 2). */
  poolSize?: IntOrTuple;
  /** Window stride (default null: the pool size). */
  strides?: IntOrTuple | null;
  /** "valid" (default) or "same" (padded cells never count: they never win a max and averages exclude them). */
  padding?: string;
  /** "channels_last" (default) or "channels_first". */
  dataFormat?: DataFormat | null;
}

/** Max / average pooling over 1 to 3 spatial dims (Keras's BasePooling). No weights. */
export abstract class BasePooling extends Layer {
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: "valid" | "same";
  readonly dataFormat: DataFormat;
  readonly rank: number;
  readonly poolMode: "max" | "average";

  constructor(rank: number, poolMode: "max" | "average", o: PoolingOptions) {
    super(o, ["poolSize", "strides", "padding", "dataFormat"]);
    const owner = this.className;
    this.rank = rank;
    this.poolMode = poolMode;
    this.poolSize = standardizeTuple(o.poolSize ?? 2, rank, "poolSize", owner);
    this.strides = standardizeTuple(o.strides ?? this.poolSize, rank, "strides", owner);
    this.padding = standardizePadding(o.padding ?? "valid", owner) as "valid" | "same";
    this.dataFormat = standardizeDataFormat(o.dataFormat, owner);
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const f = this.poolMode === "max" ? maxPool : averagePool;
    return f(inputs, this.poolSize, this.strides, this.padding, this.dataFormat);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    checkRank(inputShape, this.rank + 2, this.name, this.className, this.dataFormat);
    const { spatial, channels } = spatialDims(inputShape, this.dataFormat);
    const out = spatial.map((d, i) => {
      const len = convOutputLength(d, this.poolSize[i]!, this.strides[i]!, this.padding);
      if (len !== null && len <= 0) {
        throw new ValueError(
          `Layer "${this.name}" (${this.className}): the pool size is larger than the input with padding="valid": spatial dim ${i} has size ${d} < poolSize ${this.poolSize[i]}; received input shape ${formatShape(inputShape)}. Computed output size would be zero or negative. Use padding="same" or a smaller poolSize.`,
        );
      }
      return len;
    });
    return withSpatial(inputShape[0] ?? null, out, channels, this.dataFormat);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), pool_size: [...this.poolSize], padding: this.padding, strides: [...this.strides], data_format: this.dataFormat };
  }
}
