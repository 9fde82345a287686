import * as activations from "../../activations/index.js";
import type { ActivationFn } from "../../activations/index.js";
import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { add } from "../../ops/numpy/arithmetic.js";
import { conv } from "../../ops/nn/conv.js";
import { convBiasActivation } from "../../ops/nn/fused.js";
import { reshape } from "../../ops/numpy/shape.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";
import {
  checkBool,
  checkPositiveInt,
  checkRank,
  convOutputLength,
  spatialDims,
  standardizeDataFormat,
  standardizePadding,
  standardizeTuple,
  withSpatial,
  type DataFormat,
  type IntOrTuple,
} from "./convUtils.js";

/** Options shared by every convolution layer. */
export interface ConvCommonOptions extends LayerOptions {
  /** Size of the convolution window: an int or one int per spatial dim. */
  kernelSize?: IntOrTuple;
  /** Stride of the window (default 1); strides > 1 cannot be combined with dilationRate > 1. */
  strides?: IntOrTuple;
  /** "valid" (default, no padding) or "same" (TensorFlow-style: the odd padded cell at the end). Conv1D also takes "causal". */
  padding?: string;
  /** "channels_last" (default: `(batch, ...spatial, channels)`) or "channels_first" (`(batch, channels, ...spatial)`). */
  dataFormat?: DataFormat | null;
  /** Dilation of the window (default 1). */
  dilationRate?: IntOrTuple;
  /** Activation name or function (default: none, linear). */
  activation?: string | ActivationFn | null;
  /** Whether to add a bias vector (default true). */
  useBias?: boolean;
  /** Default "zeros". */
  biasInitializer?: initializers.InitializerIdentifier | null;
  biasRegularizer?: regularizers.RegularizerIdentifier | null;
  biasConstraint?: constraints.ConstraintIdentifier | null;
}

/** Options of Conv1D/2D/3D. */
export interface ConvOptions extends ConvCommonOptions {
  /** Number of output channels (positive integer, divisible by `groups`). */
  filters?: number;
  /** Number of channel groups (default 1): input channels and filters must both be divisible by it. */
  groups?: number;
  /** Default "glorot_uniform". */
  kernelInitializer?: initializers.InitializerIdentifier | null;
  kernelRegularizer?: regularizers.RegularizerIdentifier | null;
  kernelConstraint?: constraints.ConstraintIdentifier | null;
  /** Accepted for config compatibility; LoRA is not supported (must be null). */
  loraRank?: number | null;
  loraAlpha?: number | null;
}

export const CONV_COMMON_KEYS = ["kernelSize", "strides", "padding", "dataFormat", "dilationRate", "activation", "useBias", "biasInitializer", "biasRegularizer", "biasConstraint"];
const CONV_KEYS = [...CONV_COMMON_KEYS, "filters", "groups", "kernelInitializer", "kernelRegularizer", "kernelConstraint", "loraRank", "loraAlpha"];

/**
 * Splits Keras-style arguments `(first, second, options)` where the two first Keras parameters
 * are positional: `(32, 3, {…})`, `(32, [3, 3])`, `(32, { kernelSize: 3 })` or `({ filters: 32, kernelSize: 3 })`.
 */
export function twoPositional<T extends object>(first: unknown, second: unknown, rest: T | undefined, names: [string, string]): T & Record<string, unknown> {
  const isOptions = (v: unknown): v is T => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isOptions(first)) return { ...first } as T & Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let options = rest;
  if (isOptions(second)) options = second;
  Object.assign(out, options ?? {});
  if (first !== undefined) out[names[0]] = first;
  if (second !== undefined && !isOptions(second)) out[names[1]] = second;
  return out as T & Record<string, unknown>;
}

/** What every convolution layer has: window geometry, data format, activation, bias. */
export abstract class ConvBase extends Layer {
  readonly rank: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: "valid" | "same" | "causal";
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly biasInitializer: initializers.Initializer;
  readonly biasRegularizer: regularizers.Regularizer | null;
  readonly biasConstraint: constraints.Constraint | null;
  bias: LayerVariable | null = null;

  constructor(rank: number, o: ConvCommonOptions, ownKeys: readonly string[], allowCausal = false) {
    super(o, ownKeys);
    const owner = this.className;
    this.rank = rank;
    if (o.kernelSize === undefined) throw new ValueError(`${owner}: missing required argument \`kernelSize\` (an int or a list of ${rank} ints).`);
    this.kernelSize = standardizeTuple(o.kernelSize, rank, "kernelSize", owner);
    this.strides = standardizeTuple(o.strides ?? 1, rank, "strides", owner);
    this.dilationRate = standardizeTuple(o.dilationRate ?? 1, rank, "dilationRate", owner);
    this.padding = standardizePadding(o.padding ?? "valid", owner, allowCausal);
    this.dataFormat = standardizeDataFormat(o.dataFormat, owner);
    this.activation = activations.get(o.activation ?? null);
    this.useBias = checkBool(o.useBias, "useBias", owner, true);
    this.biasInitializer = initializers.get(o.biasInitializer ?? "zeros")!;
    this.biasRegularizer = regularizers.get(o.biasRegularizer ?? null);
    this.biasConstraint = constraints.get(o.biasConstraint ?? null);
    if (Math.max(...this.strides) > 1 && Math.max(...this.dilationRate) > 1) {
      throw new ValueError(
        `${owner}: \`strides > 1\` not supported in conjunction with \`dilationRate > 1\`. Received: strides=${formatShape(this.strides)} and dilationRate=${formatShape(this.dilationRate)}`,
      );
    }
    // the rank is checked in build / computeOutputShape, with a data_format-aware message
    this.inputSpec = null;
  }

  /** The input's channel count (must be known to build). */
  protected inputChannels(inputShape: Shape): number {
    checkRank(inputShape, this.rank + 2, this.name, this.className, this.dataFormat);
    const { channels } = spatialDims(inputShape, this.dataFormat);
    if (channels === null) {
      throw new ValueError(
        `Layer "${this.name}" (${this.className}): the channel dimension of the inputs (axis ${this.dataFormat === "channels_last" ? -1 : 1}, data_format="${this.dataFormat}") should be defined, but received input shape ${formatShape(inputShape)}.`,
      );
    }
    return channels;
  }

  protected setChannelSpec(channels: number): void {
    this.inputSpec = new InputSpec({ ndim: this.rank + 2, axes: { [this.dataFormat === "channels_last" ? -1 : 1]: channels } });
  }

  /** Output shape of a (non-transposed) window op producing `outChannels`, with a clear error for windows larger than the input. */
  protected windowOutputShape(inputShape: Shape, outChannels: number | null): Shape {
    checkRank(inputShape, this.rank + 2, this.name, this.className, this.dataFormat);
    const { spatial } = spatialDims(inputShape, this.dataFormat);
    const out = spatial.map((d, i) => {
      const len = convOutputLength(d, this.kernelSize[i]!, this.strides[i]!, this.padding, this.dilationRate[i]!);
      if (len !== null && len <= 0) {
        const keff = (this.kernelSize[i]! - 1) * this.dilationRate[i]! + 1;
        throw new ValueError(
          `Layer "${this.name}" (${this.className}): the kernel is larger than the input with padding="valid": spatial dim ${i} has size ${d}, but the kernel needs ${keff}` +
            ` (kernelSize=${formatShape(this.kernelSize)}, dilationRate=${formatShape(this.dilationRate)}); received input shape ${formatShape(inputShape)}. Computed output size would be zero or negative. Use padding="same" or a smaller kernel.`,
        );
      }
      return len;
    });
    return withSpatial(inputShape[0] ?? null, out, outChannels, this.dataFormat);
  }

  /** Adds the bias (broadcast along the channel axis) and applies the activation. */
  protected finish(outputs: Tensor): Tensor {
    let y = outputs;
    if (this.bias) {
      const n = this.bias.shape[0]!;
      const shape = this.dataFormat === "channels_last" ? [...new Array<number>(this.rank + 1).fill(1), n] : [1, n, ...new Array<number>(this.rank).fill(1)];
      y = add(y, reshape(this.bias.value, shape));
    }
    return this.activation(y);
  }

  protected addBias(size: number): void {
    if (!this.useBias) return;
    this.bias = this.addWeight({
      name: "bias",
      shape: [size],
      initializer: this.biasInitializer,
      regularizer: this.biasRegularizer,
      constraint: this.biasConstraint,
    });
  }

  /** The geometry part of the config (Keras's keys). */
  protected geometryConfig(): Record<string, unknown> {
    return {
      kernel_size: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      data_format: this.dataFormat,
      dilation_rate: [...this.dilationRate],
    };
  }

  protected activationConfig(): Record<string, unknown> {
    return { activation: activations.serialize(this.activation), use_bias: this.useBias };
  }
}

/**
 * The N-D convolution (Keras's BaseConv): Conv1D, Conv2D and Conv3D differ only in `rank`.
 * Weights: `kernel` of shape `(...kernelSize, inChannels / groups, filters)`, then `bias` `(filters,)`.
 */
export abstract class BaseConv extends ConvBase {
  readonly filters: number;
  readonly groups: number;
  readonly kernelInitializer: initializers.Initializer;
  readonly kernelRegularizer: regularizers.Regularizer | null;
  readonly kernelConstraint: constraints.Constraint | null;
  kernel: LayerVariable | null = null;

  constructor(rank: number, o: ConvOptions) {
    super(rank, o, CONV_KEYS, rank === 1);
    const owner = this.className;
    if (o.filters === undefined) throw new ValueError(`${owner}: missing required argument \`filters\` (the number of output channels).`);
    this.filters = checkPositiveInt(o.filters, "filters", owner);
    this.groups = checkPositiveInt(o.groups ?? 1, "groups", owner);
    if (this.filters % this.groups !== 0) {
      throw new ValueError(`${owner}: the number of filters must be evenly divisible by the number of groups. Received: groups=${this.groups}, filters=${this.filters}.`);
    }
    if (o.loraRank !== undefined && o.loraRank !== null) throw new ValueError(`${owner}: LoRA (\`loraRank\`) is not supported by keras-ts; pass loraRank: null.`);
    this.kernelInitializer = initializers.get(o.kernelInitializer ?? "glorot_uniform")!;
    this.kernelRegularizer = regularizers.get(o.kernelRegularizer ?? null);
    this.kernelConstraint = constraints.get(o.kernelConstraint ?? null);
  }

  override build(inputShape: Shape): void {
    const channels = this.inputChannels(inputShape);
    if (channels % this.groups !== 0) {
      throw new ValueError(
        `Layer "${this.name}" (${this.className}): the number of input channels must be evenly divisible by the number of groups. Received groups=${this.groups}, but the input has ${channels} channels (full input shape is ${formatShape(inputShape)}).`,
      );
    }
    this.computeOutputShape(inputShape);
    this.setChannelSpec(channels);
    this.kernel = this.addWeight({
      name: "kernel",
      shape: [...this.kernelSize, channels / this.groups, this.filters],
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    this.addBias(this.filters);
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const fused = this.bias ? activations.fusedMode(this.activation) : null;
    if (fused) {
      return convBiasActivation(inputs, this.kernel!.value, this.bias!.value, fused, this.strides, this.padding, this.dataFormat, this.dilationRate);
    }
    return this.finish(conv(inputs, this.kernel!.value, this.strides, this.padding, this.dataFormat, this.dilationRate));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return this.windowOutputShape(inputShape, this.filters);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      ...this.geometryConfig(),
      groups: this.groups,
      ...this.activationConfig(),
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: regularizers.serialize(this.kernelRegularizer),
      bias_regularizer: regularizers.serialize(this.biasRegularizer),
      activity_regularizer: regularizers.serialize(this.activityRegularizer),
      kernel_constraint: constraints.serialize(this.kernelConstraint),
      bias_constraint: constraints.serialize(this.biasConstraint),
    };
  }
}
