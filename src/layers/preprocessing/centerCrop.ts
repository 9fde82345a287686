import { cast, slice } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkPositiveInt, standardizeDataFormat, type DataFormat } from "../convolutional/convUtils.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { resizeImages } from "./imageResize.js";
import { aspectCrop, imageAxes } from "./resizing.js";

export interface CenterCropOptions extends LayerOptions {
  /** Output height. */
  height?: number;
  /** Output width. */
  width?: number;
  /** "channels_last" (default) or "channels_first". */
  dataFormat?: DataFormat | null;
}

/**
 * Crops the central `height` × `width` window of images (batched rank 4 or unbatched rank 3).
 * An image smaller than the target is first cropped to the target's aspect ratio and resized
 * (bilinear), like Keras's smart resize. Output is in the layer's float dtype. No weights.
 *
 * ```ts
 * const crop = new keras.layers.CenterCrop(224, 224);
 * ```
 */
export class CenterCrop extends Layer {
  static override readonly className: string = "CenterCrop";
  readonly height: number;
  readonly width: number;
  readonly dataFormat: DataFormat;

  constructor(height: number | CenterCropOptions, width?: number | CenterCropOptions, options?: CenterCropOptions) {
    const o: CenterCropOptions =
      typeof height === "object" ? { ...height } : typeof width === "object" ? { ...width, height } : { ...options, height, ...(width === undefined ? {} : { width }) };
    super(o, ["height", "width", "dataFormat"]);
    this.height = checkPositiveInt(o.height, "height", "CenterCrop");
    this.width = checkPositiveInt(o.width, "width", "CenterCrop");
    this.dataFormat = standardizeDataFormat(o.dataFormat, "CenterCrop");
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const axes = imageAxes(inputs.shape.length, this.dataFormat, `Layer "${this.name}" (CenterCrop)`, [...inputs.shape]);
    const x = (inputs.dtype === "float32" || inputs.dtype === "float64") && inputs.dtype === this.dtype ? inputs : cast(inputs, this.dtype);
    const [h, w] = [x.shape[axes[0]]!, x.shape[axes[1]]!];
    if (h >= this.height && w >= this.width) {
      const start = x.shape.map((_, i) => (i === axes[0] ? Math.floor((h - this.height) / 2) : i === axes[1] ? Math.floor((w - this.width) / 2) : 0));
      const size = x.shape.map((d, i) => (i === axes[0] ? this.height : i === axes[1] ? this.width : d));
      return slice(x, start, size);
    }
    return resizeImages(aspectCrop(x, axes, this.height, this.width), axes, [this.height, this.width], "bilinear");
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const axes = imageAxes(inputShape.length, this.dataFormat, `Layer "${this.name}" (CenterCrop)`, inputShape);
    const out = [...inputShape];
    out[axes[0]] = this.height;
    out[axes[1]] = this.width;
    return out;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), height: this.height, width: this.width, data_format: this.dataFormat };
  }
}
