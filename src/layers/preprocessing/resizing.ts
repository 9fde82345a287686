import { cast, pad, slice } from "../../ops/numpy/manipulation.js";
import { round } from "../../ops/numpy/arithmetic.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { checkBool, checkPositiveInt, standardizeDataFormat, type DataFormat } from "../convolutional/convUtils.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";
import { checkInterpolation, resizeImages, type Interpolation } from "./imageResize.js";

export interface ResizingOptions extends LayerOptions {
  /** Output height. */
  height?: number;
  /** Output width. */
  width?: number;
  /** "bilinear" (default) or "nearest". */
  interpolation?: Interpolation;
  /** Center-crop to the target aspect ratio before resizing, so images are not distorted (default false). */
  cropToAspectRatio?: boolean;
  /** Pad (with `fillValue`) to the target aspect ratio before resizing (default false). */
  padToAspectRatio?: boolean;
  /** How padding is filled; only "constant" (default). */
  fillMode?: "constant";
  /** The padding value (default 0). */
  fillValue?: number;
  /** Antialiasing when downsampling; only false (default). */
  antialias?: boolean;
  /** "channels_last" (default) or "channels_first". */
  dataFormat?: DataFormat | null;
}

const KEYS = ["height", "width", "interpolation", "cropToAspectRatio", "padToAspectRatio", "fillMode", "fillValue", "antialias", "dataFormat"];

/** Height and width axes of a batched (rank 4) or unbatched (rank 3) image tensor. */
export function imageAxes(rank: number, dataFormat: DataFormat, owner: string, shape: Shape): [number, number] {
  if (rank !== 3 && rank !== 4) {
    throw new ValueError(`${owner}: expected images of rank 4 (batch, height, width, channels) or 3 (unbatched), with data_format="${dataFormat}", but received input with shape ${formatShape(shape)}.`);
  }
  return dataFormat === "channels_last" ? [rank - 3, rank - 2] : [rank - 2, rank - 1];
}

/** Keras's crop window for `crop_to_aspect_ratio`: the largest centered window with the target's aspect ratio. */
export function aspectCrop(x: Tensor, axes: [number, number], height: number, width: number): Tensor {
  const [h, w] = [x.shape[axes[0]]!, x.shape[axes[1]]!];
  const ch = Math.max(Math.min(h, Math.trunc((w * height) / width)), 1);
  const cw = Math.max(Math.min(w, Math.trunc((h * width) / height)), 1);
  const start = x.shape.map((_, i) => (i === axes[0] ? Math.trunc((h - ch) / 2) : i === axes[1] ? Math.trunc((w - cw) / 2) : 0));
  const size = x.shape.map((d, i) => (i === axes[0] ? ch : i === axes[1] ? cw : d));
  return slice(x, start, size);
}

/**
 * Resizes images to `height` × `width`: `(batch, h, w, channels)` → `(batch, height, width,
 * channels)` (also unbatched rank-3 images). Bilinear (default) or nearest, with half-pixel
 * centers like TensorFlow; integer images are rounded back to their dtype. No weights.
 *
 * ```ts
 * const resize = new keras.layers.Resizing(64, 64, { cropToAspectRatio: true });
 * ```
 */
export class Resizing extends Layer {
  static override readonly className: string = "Resizing";
  readonly height: number;
  readonly width: number;
  readonly interpolation: Interpolation;
  readonly cropToAspectRatio: boolean;
  readonly padToAspectRatio: boolean;
  readonly fillMode: "constant";
  readonly fillValue: number;
  readonly antialias: boolean;
  readonly dataFormat: DataFormat;

  constructor(height: number | ResizingOptions, width?: number | ResizingOptions, options?: ResizingOptions) {
    const o: ResizingOptions =
      typeof height === "object" ? { ...height } : typeof width === "object" ? { ...width, height } : { ...options, height, ...(width === undefined ? {} : { width }) };
    super(o, KEYS);
    const owner = "Resizing";
    this.height = checkPositiveInt(o.height, "height", owner);
    this.width = checkPositiveInt(o.width, "width", owner);
    this.interpolation = checkInterpolation(o.interpolation ?? "bilinear", owner);
    this.cropToAspectRatio = checkBool(o.cropToAspectRatio, "cropToAspectRatio", owner, false);
    this.padToAspectRatio = checkBool(o.padToAspectRatio, "padToAspectRatio", owner, false);
    if (this.cropToAspectRatio && this.padToAspectRatio) throw new ValueError(`${owner}: only one of \`cropToAspectRatio\` and \`padToAspectRatio\` can be true.`);
    if ((o.fillMode ?? "constant") !== "constant") throw new ValueError(`${owner}: \`fillMode\` must be "constant". Received: fillMode=${JSON.stringify(o.fillMode)}`);
    this.fillMode = "constant";
    this.fillValue = o.fillValue ?? 0;
    this.antialias = checkBool(o.antialias, "antialias", owner, false);
    if (this.antialias) throw new ValueError(`${owner}: antialias=true is not supported by keras-ts; pass antialias: false.`);
    this.dataFormat = standardizeDataFormat(o.dataFormat, owner);
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const axes = imageAxes(inputs.shape.length, this.dataFormat, `Layer "${this.name}" (Resizing)`, [...inputs.shape]);
    let x = (inputs.dtype === "float32" || inputs.dtype === "float64") ? inputs : cast(inputs, "float32");
    if (this.cropToAspectRatio) x = aspectCrop(x, axes, this.height, this.width);
    else if (this.padToAspectRatio) x = this.padToAspect(x, axes);
    const y = resizeImages(x, axes, [this.height, this.width], this.interpolation);
    return (inputs.dtype === "float32" || inputs.dtype === "float64") ? y : cast(round(y), inputs.dtype);
  }

  private padToAspect(x: Tensor, axes: [number, number]): Tensor {
    const [h, w] = [x.shape[axes[0]]!, x.shape[axes[1]]!];
    const ph = Math.max(h, Math.trunc((w * this.height) / this.width));
    const pw = Math.max(w, Math.trunc((h * this.width) / this.height));
    const top = Math.trunc((ph - h) / 2);
    const left = Math.trunc((pw - w) / 2);
    const widths = x.shape.map((_, i): [number, number] => (i === axes[0] ? [top, ph - h - top] : i === axes[1] ? [left, pw - w - left] : [0, 0]));
    return pad(x, widths, "constant", this.fillValue);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const axes = imageAxes(inputShape.length, this.dataFormat, `Layer "${this.name}" (Resizing)`, inputShape);
    const out = [...inputShape];
    out[axes[0]] = this.height;
    out[axes[1]] = this.width;
    return out;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      height: this.height,
      width: this.width,
      interpolation: this.interpolation,
      crop_to_aspect_ratio: this.cropToAspectRatio,
      pad_to_aspect_ratio: this.padToAspectRatio,
      fill_mode: this.fillMode,
      fill_value: this.fillValue,
      antialias: this.antialias,
      data_format: this.dataFormat,
    };
  }
}
