import { checkBool, checkRank, standardizeDataFormat, type DataFormat } from "../convolutional/convUtils.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";

export interface GlobalPoolingOptions extends LayerOptions {
  /** "channels_last" (default) or "channels_first". */
  dataFormat?: DataFormat | null;
  /** Keep the pooled spatial dims with size 1 (default false). */
  keepdims?: boolean;
}

/** Pools over all spatial dims (Keras's BaseGlobalPooling): `(batch, ...spatial, channels)` → `(batch, channels)`. */
export abstract class BaseGlobalPooling extends Layer {
  readonly dataFormat: DataFormat;
  readonly keepdims: boolean;
  readonly rank: number;

  constructor(rank: number, o: GlobalPoolingOptions) {
    super(o, ["dataFormat", "keepdims"]);
    this.rank = rank;
    this.dataFormat = standardizeDataFormat(o.dataFormat, this.className);
    this.keepdims = checkBool(o.keepdims, "keepdims", this.className, false);
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
    this.built = true;
  }

  /** The spatial axes of an input. */
  protected spatialAxes(): number[] {
    const first = this.dataFormat === "channels_last" ? 1 : 2;
    return Array.from({ length: this.rank }, (_, i) => first + i);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    checkRank(inputShape, this.rank + 2, this.name, this.className, this.dataFormat);
    const ones = new Array<number>(this.rank).fill(1);
    if (this.dataFormat === "channels_last") {
      const c = inputShape[inputShape.length - 1] ?? null;
      return this.keepdims ? [inputShape[0] ?? null, ...ones, c] : [inputShape[0] ?? null, c];
    }
    return this.keepdims ? [inputShape[0] ?? null, inputShape[1] ?? null, ...ones] : [inputShape[0] ?? null, inputShape[1] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), data_format: this.dataFormat, keepdims: this.keepdims };
  }
}
