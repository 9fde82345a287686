import { pad } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkRank, spatialDims, standardizeDataFormat, withSpatial, type DataFormat } from "../convolutional/convUtils.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { pairsConfig, standardizePairs, type Pairs } from "./spatialPairs.js";

export interface ZeroPaddingOptions extends LayerOptions {
  /** An int, one int per spatial dim, or `[before, after]` per spatial dim (default 1 everywhere). */
  padding?: number | readonly (number | readonly number[])[];
  /** "channels_last" (default) or "channels_first". */
  dataFormat?: DataFormat | null;
}

/** Adds rows/columns/… of zeros at both ends of each spatial dim. No weights. */
export abstract class BaseZeroPadding extends Layer {
  readonly padding: Pairs;
  readonly dataFormat: DataFormat;
  readonly rank: number;

  constructor(rank: number, o: ZeroPaddingOptions) {
    super(o, ["padding", "dataFormat"]);
    this.rank = rank;
    this.padding = standardizePairs(o.padding ?? 1, rank, "padding", this.className);
    this.dataFormat = standardizeDataFormat(o.dataFormat, this.className);
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const none: [number, number] = [0, 0];
    const widths = this.dataFormat === "channels_last" ? [none, ...this.padding, none] : [none, none, ...this.padding];
    return pad(inputs, widths);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    checkRank(inputShape, this.rank + 2, this.name, this.className, this.dataFormat);
    const { spatial, channels } = spatialDims(inputShape, this.dataFormat);
    const out = spatial.map((d, i) => (d === null ? null : d + this.padding[i]![0] + this.padding[i]![1]));
    return withSpatial(inputShape[0] ?? null, out, channels, this.dataFormat);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: pairsConfig(this.padding), data_format: this.dataFormat };
  }
}
