import * as activations from "../../activations/index.js";
import type { ActivationFn } from "../../activations/index.js";
import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { add, multiply } from "../../ops/numpy/arithmetic.js";
import { concatenate, split } from "../../ops/numpy/manipulation.js";
import { reshape } from "../../ops/numpy/shape.js";
import { conv } from "../../ops/nn/conv.js";
import { dropout, SeedGenerator } from "../../random/index.js";
import * as regularizers from "../../regularizers/index.js";
import { makeTensor, type Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import type { LayerVariable, Shape } from "../layer.js";
import { LSTMUnitForgetBias } from "./lstmCell.js";
import { RNNCell, type RecurrentCellOptions } from "./rnnCell.js";

/** Options of ConvLSTM cells and layers (Keras's names, camelCase). */
export interface ConvLSTMCellOptions extends Omit<RecurrentCellOptions, "units"> {
  /** Number of output channels of every convolution. */
  filters?: number;
  /** Size of the convolution window: a number or one per spatial dim. */
  kernelSize?: number | number[];
  /** Strides of the input convolution. Default 1. */
  strides?: number | number[];
  /** "valid" (default) or "same" for the input convolution; the recurrent one is always "same". */
  padding?: "valid" | "same";
  /** "channels_last" (default, `(batch, ...spatial, channels)`) or "channels_first". */
  dataFormat?: "channels_last" | "channels_first" | null;
  /** Dilation of the input convolution. Default 1. */
  dilationRate?: number | number[];
  /** Default "sigmoid". */
  recurrentActivation?: string | ActivationFn | null;
  /** Start the forget-gate bias at 1. Default true. */
  unitForgetBias?: boolean;
  /** The number of spatial dims (set by ConvLSTM1D/2D/3D). */
  rank?: number;
}

export const CONV_LSTM_CELL_OPTIONS = [
  "filters",
  "kernelSize",
  "strides",
  "padding",
  "dataFormat",
  "dilationRate",
  "activation",
  "recurrentActivation",
  "useBias",
  "kernelInitializer",
  "recurrentInitializer",
  "biasInitializer",
  "unitForgetBias",
  "kernelRegularizer",
  "recurrentRegularizer",
  "biasRegularizer",
  "kernelConstraint",
  "recurrentConstraint",
  "biasConstraint",
  "dropout",
  "recurrentDropout",
  "seed",
  "legacyActivations",
  "rank",
] as const;

function tuple(value: unknown, rank: number, name: string, owner: string): number[] {
  const list = typeof value === "number" ? new Array<number>(rank).fill(value) : Array.isArray(value) ? [...(value as number[])] : null;
  if (!list || list.length !== rank || list.some((d) => typeof d !== "number" || !Number.isInteger(d) || d <= 0)) {
    throw new ValueError(`${owner}: \`${name}\` must be a positive integer or a list of ${rank} positive integers, but received ${JSON.stringify(value)}.`);
  }
  return list;
}

function ones(shape: readonly number[], dtype: "float32" | "float64"): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return makeTensor(dtype === "float64" ? new Float64Array(n).fill(1) : new Float32Array(n).fill(1), shape, dtype);
}

/**
 * The cell of ConvLSTM1D/2D/3D (Keras 3 math): an LSTM whose matmuls are convolutions.
 * `kernel (...kernelSize, channels, 4·filters)`, `recurrent_kernel (...kernelSize, filters, 4·filters)`,
 * `bias (4·filters,)`, gates i, f, c, o; the input convolution uses `strides`, `padding` and
 * `dilationRate`, the recurrent one stride 1 and "same" padding. States `[h, c]` have the shape
 * of the input convolution's output.
 */
export class ConvLSTMCell extends RNNCell {
  static override readonly className: string = "ConvLSTMCell";
  readonly rank: number;
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: "valid" | "same";
  readonly dataFormat: "channels_last" | "channels_first";
  readonly dilationRate: number[];
  readonly activation: ActivationFn;
  readonly recurrentActivation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: initializers.Initializer;
  readonly recurrentInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  readonly unitForgetBias: boolean;
  readonly kernelRegularizer: regularizers.Regularizer | null;
  readonly recurrentRegularizer: regularizers.Regularizer | null;
  readonly biasRegularizer: regularizers.Regularizer | null;
  readonly kernelConstraint: constraints.Constraint | null;
  readonly recurrentConstraint: constraints.Constraint | null;
  readonly biasConstraint: constraints.Constraint | null;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | null;
  readonly legacyActivations: boolean;
  kernel: LayerVariable | null = null;
  recurrentKernel: LayerVariable | null = null;
  bias: LayerVariable | null = null;
  private readonly seedGenerator: SeedGenerator;
  private dropoutMasks: Tensor[] | null = null;
  private recurrentDropoutMasks: Tensor[] | null = null;

  constructor(options: ConvLSTMCellOptions = {}) {
    super(options, CONV_LSTM_CELL_OPTIONS);
    const owner = "ConvLSTMCell";
    const o = options;
    this.rank = o.rank ?? 2;
    if (![1, 2, 3].includes(this.rank)) throw new ValueError(`${owner}: \`rank\` must be 1, 2 or 3, but received ${String(o.rank)}.`);
    if (typeof o.filters !== "number" || !Number.isInteger(o.filters) || o.filters <= 0) {
      throw new ValueError(`${owner}: received an invalid value for argument \`filters\`, expected a positive integer, got ${String(o.filters)}.`);
    }
    this.filters = o.filters;
    this.kernelSize = tuple(o.kernelSize, this.rank, "kernelSize", owner);
    this.strides = tuple(o.strides ?? 1, this.rank, "strides", owner);
    this.dilationRate = tuple(o.dilationRate ?? 1, this.rank, "dilationRate", owner);
    this.padding = (o.padding ?? "valid").toLowerCase() as "valid" | "same";
    if (this.padding !== "valid" && this.padding !== "same") throw new ValueError(`${owner}: \`padding\` must be "valid" or "same", but received ${JSON.stringify(o.padding)}.`);
    this.dataFormat = o.dataFormat ?? "channels_last";
    if (this.dataFormat !== "channels_last" && this.dataFormat !== "channels_first") {
      throw new ValueError(`${owner}: \`dataFormat\` must be "channels_last" or "channels_first", but received ${JSON.stringify(o.dataFormat)}.`);
    }
    this.legacyActivations = o.legacyActivations ?? false;
    this.activation = activations.get(o.activation === undefined ? "tanh" : o.activation, { legacy: this.legacyActivations });
    this.recurrentActivation = activations.get(o.recurrentActivation === undefined ? "sigmoid" : o.recurrentActivation, { legacy: this.legacyActivations });
    this.useBias = o.useBias ?? true;
    this.kernelInitializer = initializers.get(o.kernelInitializer ?? "glorot_uniform")!;
    this.recurrentInitializer = initializers.get(o.recurrentInitializer ?? "orthogonal")!;
    this.biasInitializer = initializers.get(o.biasInitializer ?? "zeros")!;
    this.unitForgetBias = o.unitForgetBias ?? true;
    this.kernelRegularizer = regularizers.get(o.kernelRegularizer ?? null);
    this.recurrentRegularizer = regularizers.get(o.recurrentRegularizer ?? null);
    this.biasRegularizer = regularizers.get(o.biasRegularizer ?? null);
    this.kernelConstraint = constraints.get(o.kernelConstraint ?? null);
    this.recurrentConstraint = constraints.get(o.recurrentConstraint ?? null);
    this.biasConstraint = constraints.get(o.biasConstraint ?? null);
    this.dropout = Math.min(1, Math.max(0, o.dropout ?? 0));
    this.recurrentDropout = Math.min(1, Math.max(0, o.recurrentDropout ?? 0));
    this.seed = o.seed ?? null;
    this.seedGenerator = new SeedGenerator(this.seed ?? undefined);
  }

  override get stateSize(): number[] {
    return [this.filters, this.filters];
  }

  private get channelAxis(): number {
    return this.dataFormat === "channels_last" ? -1 : 1;
  }

  /** Spatial dims of a (batch, ...) shape in this data format. */
  private spatial(shape: Shape): (number | null)[] {
    return this.dataFormat === "channels_last" ? shape.slice(1, -1) : shape.slice(2);
  }

  override stepOutputShape(stepInputShape: Shape): Shape {
    const out = this.spatial(stepInputShape).map((n, i) => {
      if (n === null) return null;
      const k = this.kernelSize[i]!;
      const s = this.strides[i]!;
      const d = this.dilationRate[i]!;
      return this.padding === "same" ? Math.ceil(n / s) : Math.floor((n - d * (k - 1) - 1) / s) + 1;
    });
    const batch = stepInputShape[0] ?? null;
    return this.dataFormat === "channels_last" ? [batch, ...out, this.filters] : [batch, this.filters, ...out];
  }

  override stateShapes(stepInputShape: Shape): Shape[] {
    const s = this.stepOutputShape(stepInputShape);
    return [s, [...s]];
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== this.rank + 2) {
      throw new ValueError(`Layer "${this.name}" (ConvLSTMCell): expected a step input of rank ${this.rank + 2}, but received input shape ${formatShape(inputShape)}.`);
    }
    const channels = this.dataFormat === "channels_last" ? inputShape[inputShape.length - 1] : inputShape[1];
    if (channels === null || channels === undefined || this.spatial(inputShape).some((d) => d === null)) {
      throw new ValueError(`Layer "${this.name}": ConvLSTM layers need known spatial and channel dimensions, but received input shape ${formatShape(inputShape)}.`);
    }
    this.stepOutputShape(inputShape).forEach((d) => {
      if (d !== null && d <= 0) throw new ValueError(`Layer "${this.name}": the kernel ${formatShape(this.kernelSize)} is larger than the input ${formatShape(inputShape)} with "valid" padding.`);
    });
    this.kernel = this.addWeight({
      name: "kernel",
      shape: [...this.kernelSize, channels, 4 * this.filters],
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    this.recurrentKernel = this.addWeight({
      name: "recurrent_kernel",
      shape: [...this.kernelSize, this.filters, 4 * this.filters],
      initializer: this.recurrentInitializer,
      regularizer: this.recurrentRegularizer,
      constraint: this.recurrentConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight({
        name: "bias",
        shape: [4 * this.filters],
        initializer: this.unitForgetBias ? new LSTMUnitForgetBias(this.biasInitializer, this.filters) : this.biasInitializer,
        regularizer: this.biasRegularizer,
        constraint: this.biasConstraint,
      });
    }
    this.built = true;
  }

  override beginSequence(stepInputShape: readonly number[], training: boolean): void {
    this.dropoutMasks = null;
    this.recurrentDropoutMasks = null;
    if (!training) return;
    const dtype = this.dtype === "float64" ? "float64" : "float32";
    const make = (shape: readonly number[], rate: number) => Array.from({ length: 4 }, () => dropout(ones(shape, dtype), rate, null, this.seedGenerator));
    if (this.dropout > 0 && this.dropout < 1) this.dropoutMasks = make(stepInputShape, this.dropout);
    if (this.recurrentDropout > 0 && this.recurrentDropout < 1) {
      this.recurrentDropoutMasks = make(this.stepOutputShape([...stepInputShape]) as number[], this.recurrentDropout);
    }
  }

  override endSequence(): void {
    this.dropoutMasks = null;
    this.recurrentDropoutMasks = null;
  }

  /** conv over all 4 gates at once, or gate by gate with one dropout mask per gate. */
  private gatedConv(x: Tensor, kernel: Tensor, masks: Tensor[] | null, recurrent: boolean): Tensor {
    const c = (input: Tensor, k: Tensor) =>
      recurrent ? conv(input, k, 1, "same", this.dataFormat) : conv(input, k, this.strides, this.padding, this.dataFormat, this.dilationRate);
    if (!masks) return c(x, kernel);
    const kernels = split(kernel, 4, -1);
    return concatenate(masks.map((m, g) => c(multiply(x, m), kernels[g]!)), this.channelAxis);
  }

  step(inputs: Tensor, states: Tensor[], training: boolean): [Tensor, Tensor[]] {
    const prepared = this.dropoutMasks !== null || this.recurrentDropoutMasks !== null;
    if (training && !prepared) this.beginSequence(inputs.shape, training);
    try {
      const [hPrev, cPrev] = states as [Tensor, Tensor];
      let z = add(
        this.gatedConv(inputs, this.kernel!.value, training ? this.dropoutMasks : null, false),
        this.gatedConv(hPrev, this.recurrentKernel!.value, training ? this.recurrentDropoutMasks : null, true),
      );
      if (this.bias) {
        const shape = this.dataFormat === "channels_last" ? [4 * this.filters] : [4 * this.filters, ...new Array<number>(this.rank).fill(1)];
        z = add(z, reshape(this.bias.value, shape));
      }
      const [zi, zf, zc, zo] = split(z, 4, this.channelAxis) as [Tensor, Tensor, Tensor, Tensor];
      const i = this.recurrentActivation(zi);
      const f = this.recurrentActivation(zf);
      const c = add(multiply(f, cPrev), multiply(i, this.activation(zc)));
      const h = multiply(this.recurrentActivation(zo), this.activation(c));
      return [h, [h, c]];
    } finally {
      if (training && !prepared) this.endSequence();
    }
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      rank: this.rank,
      filters: this.filters,
      kernel_size: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      data_format: this.dataFormat,
      dilation_rate: this.dilationRate,
      activation: activations.serialize(this.activation),
      recurrent_activation: activations.serialize(this.recurrentActivation),
      use_bias: this.useBias,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      recurrent_initializer: initializers.serialize(this.recurrentInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      unit_forget_bias: this.unitForgetBias,
      kernel_regularizer: regularizers.serialize(this.kernelRegularizer),
      recurrent_regularizer: regularizers.serialize(this.recurrentRegularizer),
      bias_regularizer: regularizers.serialize(this.biasRegularizer),
      kernel_constraint: constraints.serialize(this.kernelConstraint),
      recurrent_constraint: constraints.serialize(this.recurrentConstraint),
      bias_constraint: constraints.serialize(this.biasConstraint),
      dropout: this.dropout,
      recurrent_dropout: this.recurrentDropout,
      seed: this.seed,
    };
  }
}
