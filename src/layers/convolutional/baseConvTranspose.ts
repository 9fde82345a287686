import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { convTranspose } from "../../ops/nn/conv.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import type { LayerVariable, Shape } from "../layer.js";
import { CONV_COMMON_KEYS, ConvBase, type ConvCommonOptions } from "./baseConv.js";
import { checkPositiveInt, checkRank, deconvOutputLength, spatialDims, standardizeTuple, withSpatial, type IntOrTuple } from "./convUtils.js";

/** Options of Conv1DTranspose/2D/3D. */
export interface ConvTransposeOptions extends ConvCommonOptions {
  /** Number of output channels (positive integer). */
  filters?: number;
  /** Extra cells at the end of each output dim (each strictly less than the stride); default null (inferred). */
  outputPadding?: IntOrTuple | null;
  /** Default "glorot_uniform". */
  kernelInitializer?: initializers.InitializerIdentifier | null;
  kernelRegularizer?: regularizers.RegularizerIdentifier | null;
  kernelConstraint?: constraints.ConstraintIdentifier | null;
}

const KEYS = [...CONV_COMMON_KEYS, "filters", "outputPadding", "kernelInitializer", "kernelRegularizer", "kernelConstraint"];

/**
 * The N-D transposed convolution (Keras's BaseConvTranspose), the gradient of a convolution with
 * respect to its input. Weights: `kernel` `(...kernelSize, filters, inChannels)` (note the order),
 * then `bias` `(filters,)`. Output size per dim: `(in - 1) * stride + kernel` for "valid",
 * `in * stride` for "same" (with outputPadding null).
 */
export abstract class BaseConvTranspose extends ConvBase {
  readonly filters: number;
  readonly outputPadding: number[] | null;
  readonly kernelInitializer: initializers.Initializer;
  readonly kernelRegularizer: regularizers.Regularizer | null;
  readonly kernelConstraint: constraints.Constraint | null;
  kernel: LayerVariable | null = null;

  constructor(rank: number, o: ConvTransposeOptions) {
    super(rank, o, KEYS);
    const owner = this.className;
    if (o.filters === undefined) throw new ValueError(`${owner}: missing required argument \`filters\` (the number of output channels).`);
    this.filters = checkPositiveInt(o.filters, "filters", owner);
    this.outputPadding = o.outputPadding === undefined || o.outputPadding === null ? null : standardizeTuple(o.outputPadding, rank, "outputPadding", owner, true);
    if (this.outputPadding) {
      this.outputPadding.forEach((p, i) => {
        if (p >= this.strides[i]!) {
          throw new ValueError(
            `${owner}: each value in \`outputPadding\` must be strictly less than the corresponding \`strides\` value. At index ${i}, outputPadding is ${p} and strides is ${this.strides[i]}. Received: outputPadding=${formatShape(this.outputPadding!)}, strides=${formatShape(this.strides)}.`,
          );
        }
      });
    }
    this.kernelInitializer = initializers.get(o.kernelInitializer ?? "glorot_uniform")!;
    this.kernelRegularizer = regularizers.get(o.kernelRegularizer ?? null);
    this.kernelConstraint = constraints.get(o.kernelConstraint ?? null);
  }

  override build(inputShape: Shape): void {
    const channels = this.inputChannels(inputShape);
    this.computeOutputShape(inputShape);
    this.setChannelSpec(channels);
    this.kernel = this.addWeight({
      name: "kernel",
      shape: [...this.kernelSize, this.filters, channels],
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    this.addBias(this.filters);
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return this.finish(convTranspose(inputs, this.kernel!.value, this.strides, this.padding, this.outputPadding, this.dataFormat, this.dilationRate));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    checkRank(inputShape, this.rank + 2, this.name, this.className, this.dataFormat);
    const { spatial } = spatialDims(inputShape, this.dataFormat);
    const out = spatial.map((d, i) => {
      const len = deconvOutputLength(d, this.kernelSize[i]!, this.strides[i]!, this.padding, this.outputPadding ? this.outputPadding[i]! : null, this.dilationRate[i]!);
      if (len !== null && len <= 0) {
        throw new ValueError(`Layer "${this.name}" (${this.className}): the output would be empty along spatial dim ${i}; received input shape ${formatShape(inputShape)}.`);
      }
      return len;
    });
    return withSpatial(inputShape[0] ?? null, out, this.filters, this.dataFormat);
  }

  override getConfig(): Record<string, unknown> {
    const geometry = this.geometryConfig();
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernel_size: geometry.kernel_size,
      strides: geometry.strides,
      padding: geometry.padding,
      output_padding: this.outputPadding ? [...this.outputPadding] : null,
      data_format: geometry.data_format,
      dilation_rate: geometry.dilation_rate,
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
