import { slice } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { checkRank, spatialDims, withSpatial, type DataFormat } from "../convolutional/convUtils.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { type Pairs } from "./spatialPairs.js";

/** Removes `[before, after]` cells from each spatial dim. No weights. */
export abstract class BaseCropping extends Layer {
  readonly cropping: Pairs;
  readonly dataFormat: DataFormat;
  readonly rank: number;

  constructor(rank: number, cropping: Pairs, dataFormat: DataFormat, o: LayerOptions, ownKeys: readonly string[]) {
    super(o, ownKeys);
    this.rank = rank;
    this.cropping = cropping;
    this.dataFormat = dataFormat;
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const shape = [...inputs.shape];
    const out = this.computeOutputShape(shape) as number[];
    const first = this.dataFormat === "channels_last" ? 1 : 2;
    const start = shape.map((_, i) => (i >= first && i < first + this.rank ? this.cropping[i - first]![0] : 0));
    return slice(inputs, start, out);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    checkRank(inputShape, this.rank + 2, this.name, this.className, this.dataFormat);
    const { spatial, channels } = spatialDims(inputShape, this.dataFormat);
    const out = spatial.map((d, i) => {
      if (d === null) return null;
      const len = d - this.cropping[i]![0] - this.cropping[i]![1];
      if (len <= 0) {
        throw new ValueError(
          `Layer "${this.name}" (${this.className}): values in \`cropping\` should be smaller than the corresponding spatial dimension of the input. Received: input_shape=${formatShape(inputShape)}, cropping=${JSON.stringify(this.cropping)}`,
        );
      }
      return len;
    });
    return withSpatial(inputShape[0] ?? null, out, channels, this.dataFormat);
  }
}
