import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import type { Shape } from "../layer.js";

/**
 * Argument validation shared by the convolution, pooling and spatial reshaping layers
 * (Keras's `argument_validation.standardize_tuple`, `standardize_data_format`,
 * `standardize_padding`) and their output-length rules.
 */

export type DataFormat = "channels_last" | "channels_first";
export type IntOrTuple = number | readonly number[];

/** An int or a list of `n` ints → a list of `n` ints (`3` → `[3, 3]` for n = 2). */
export function standardizeTuple(value: unknown, n: number, name: string, owner: string, allowZero = false): number[] {
  const bad = (): ValueError =>
    new ValueError(
      `${owner}: the \`${name}\` argument must be an int or a list of ${n} ints (each ${allowZero ? ">= 0" : "> 0"}). Received: ${name}=${JSON.stringify(value)}`,
    );
  let out: number[];
  if (typeof value === "number") out = new Array<number>(n).fill(value);
  else if (Array.isArray(value)) {
    if (value.length !== n) throw bad();
    out = value.map(Number);
  } else throw bad();
  for (const v of out) {
    if (!Number.isInteger(v) || v < 0 || (!allowZero && v === 0)) throw bad();
  }
  return out;
}

/** Keras's `standardize_data_format`: null means "channels_last" (the default image data format). */
export function standardizeDataFormat(value: unknown, owner: string): DataFormat {
  if (value === undefined || value === null) return "channels_last";
  const v = typeof value === "string" ? value.toLowerCase() : value;
  if (v !== "channels_last" && v !== "channels_first") {
    throw new ValueError(`${owner}: the \`dataFormat\` argument must be one of "channels_last", "channels_first". Received: dataFormat=${JSON.stringify(value)}`);
  }
  return v;
}

/** Keras's `standardize_padding`: "valid" | "same" (| "causal" where allowed), case-insensitive. */
export function standardizePadding(value: unknown, owner: string, allowCausal = false): "valid" | "same" | "causal" {
  const v = typeof value === "string" ? value.toLowerCase() : value;
  const allowed = allowCausal ? ["valid", "same", "causal"] : ["valid", "same"];
  if (typeof v !== "string" || !allowed.includes(v)) {
    throw new ValueError(`${owner}: the \`padding\` argument must be one of ${allowed.map((a) => `"${a}"`).join(", ")}. Received: padding=${JSON.stringify(value)}`);
  }
  return v as "valid" | "same" | "causal";
}

/** A boolean option, with a clear error naming the layer. */
export function checkBool(value: unknown, name: string, owner: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") throw new ValueError(`${owner}: the \`${name}\` argument must be a boolean. Received: ${name}=${JSON.stringify(value)}`);
  return value;
}

/** A positive integer option (`filters`, `depthMultiplier`, …). */
export function checkPositiveInt(value: unknown, name: string, owner: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${owner}: invalid value for argument \`${name}\`. Expected a strictly positive integer. Received ${name}=${String(value)}.`);
  }
  return value;
}

/** The spatial dims of a shape, and where the channel axis is. */
export function spatialDims(shape: Shape, dataFormat: DataFormat): { spatial: Shape; channels: number | null } {
  if (dataFormat === "channels_last") return { spatial: shape.slice(1, -1), channels: shape[shape.length - 1] ?? null };
  return { spatial: shape.slice(2), channels: shape[1] ?? null };
}

/** Reassembles (batch, spatial, channels) in the layer's data format. */
export function withSpatial(batch: number | null, spatial: Shape, channels: number | null, dataFormat: DataFormat): Shape {
  return dataFormat === "channels_last" ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** Checks that an input has exactly `rank` dims (batch, spatial…, channels), with a message for channels_first mix-ups. */
export function checkRank(shape: Shape, rank: number, layerName: string, className: string, dataFormat: DataFormat): void {
  if (shape.length !== rank) {
    const layout = dataFormat === "channels_last" ? `(batch, ${spatialNames(rank - 2)}, channels)` : `(batch, channels, ${spatialNames(rank - 2)})`;
    throw new ValueError(
      `Input 0 of layer "${layerName}" (${className}) is incompatible with the layer: expected ndim=${rank}, i.e. ${layout} with data_format="${dataFormat}", but received input with shape ${formatShape(shape)}.`,
    );
  }
}

function spatialNames(n: number): string {
  return n === 1 ? "steps" : n === 2 ? "rows, cols" : "dim1, dim2, dim3";
}

/** Output length of a convolution / pooling window along one dim (Keras's `compute_conv_output_shape`). */
export function convOutputLength(size: number | null, kernel: number, stride: number, padding: string, dilation = 1): number | null {
  if (size === null) return null;
  const keff = (kernel - 1) * dilation + 1;
  if (padding === "valid") return Math.floor((size - keff) / stride) + 1;
  return Math.floor((size - 1) / stride) + 1;
}

/** Output length of a transposed convolution along one dim (Keras's `_get_output_shape_given_tf_padding`). */
export function deconvOutputLength(size: number | null, kernel: number, stride: number, padding: string, outputPadding: number | null, dilation = 1): number | null {
  if (size === null) return null;
  const keff = (kernel - 1) * dilation + 1;
  if (padding === "valid") return (size - 1) * stride + keff + (outputPadding ?? Math.max(keff, stride) - keff);
  if (outputPadding === null) return size * stride;
  return (size - 1) * stride + (keff % 2) + outputPadding;
}
