import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { separableConv } from "../../ops/nn/conv.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import type { LayerVariable, Shape } from "../layer.js";
import { CONV_COMMON_KEYS, ConvBase, type ConvCommonOptions } from "./baseConv.js";
import { checkPositiveInt } from "./convUtils.js";

/** Options of SeparableConv1D/2D. */
export interface SeparableConvOptions extends ConvCommonOptions {
  /** Number of output channels (positive integer). */
  filters?: number;
  /** Depthwise output channels per input channel (default 1). */
  depthMultiplier?: number;
  /** Defaults "glorot_uniform". */
  depthwiseInitializer?: initializers.InitializerIdentifier | null;
  pointwiseInitializer?: initializers.InitializerIdentifier | null;
  depthwiseRegularizer?: regularizers.RegularizerIdentifier | null;
  pointwiseRegularizer?: regularizers.RegularizerIdentifier | null;
  depthwiseConstraint?: constraints.ConstraintIdentifier | null;
  pointwiseConstraint?: constraints.ConstraintIdentifier | null;
}

const KEYS = [
  ...CONV_COMMON_KEYS,
  "filters",
  "depthMultiplier",
  "depthwiseInitializer",
  "pointwiseInitializer",
  "depthwiseRegularizer",
  "pointwiseRegularizer",
  "depthwiseConstraint",
  "pointwiseConstraint",
];

/**
 * Depthwise separable convolution (Keras's BaseSeparableConv): a depthwise convolution followed by
 * a 1×…×1 pointwise convolution. Weights: `depthwise_kernel` `(...kernelSize, channels,
 * depthMultiplier)`, `pointwise_kernel` `(1, …, 1, channels * depthMultiplier, filters)`, `bias` `(filters,)`.
 */
export abstract class BaseSeparableConv extends ConvBase {
  readonly filters: number;
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: initializers.Initializer;
  readonly pointwiseInitializer: initializers.Initializer;
  readonly depthwiseRegularizer: regularizers.Regularizer | null;
  readonly pointwiseRegularizer: regularizers.Regularizer | null;
  readonly depthwiseConstraint: constraints.Constraint | null;
  readonly pointwiseConstraint: constraints.Constraint | null;
  depthwiseKernel: LayerVariable | null = null;
  pointwiseKernel: LayerVariable | null = null;

  constructor(rank: number, o: SeparableConvOptions) {
    super(rank, o, KEYS);
    const owner = this.className;
    if (o.filters === undefined) throw new ValueError(`${owner}: missing required argument \`filters\` (the number of output channels).`);
    this.filters = checkPositiveInt(o.filters, "filters", owner);
    this.depthMultiplier = checkPositiveInt(o.depthMultiplier ?? 1, "depthMultiplier", owner);
    this.depthwiseInitializer = initializers.get(o.depthwiseInitializer ?? "glorot_uniform")!;
    this.pointwiseInitializer = initializers.get(o.pointwiseInitializer ?? "glorot_uniform")!;
    this.depthwiseRegularizer = regularizers.get(o.depthwiseRegularizer ?? null);
    this.pointwiseRegularizer = regularizers.get(o.pointwiseRegularizer ?? null);
    this.depthwiseConstraint = constraints.get(o.depthwiseConstraint ?? null);
    this.pointwiseConstraint = constraints.get(o.pointwiseConstraint ?? null);
  }

  override build(inputShape: Shape): void {
    const channels = this.inputChannels(inputShape);
    this.computeOutputShape(inputShape);
    this.setChannelSpec(channels);
    this.depthwiseKernel = this.addWeight({
      name: "depthwise_kernel",
      shape: [...this.kernelSize, channels, this.depthMultiplier],
      initializer: this.depthwiseInitializer,
      regularizer: this.depthwiseRegularizer,
      constraint: this.depthwiseConstraint,
    });
    this.pointwiseKernel = this.addWeight({
      name: "pointwise_kernel",
      shape: [...new Array<number>(this.rank).fill(1), channels * this.depthMultiplier, this.filters],
      initializer: this.pointwiseInitializer,
      regularizer: this.pointwiseRegularizer,
      constraint: this.pointwiseConstraint,
    });
    this.addBias(this.filters);
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const y = separableConv(inputs, this.depthwiseKernel!.value, this.pointwiseKernel!.value, this.strides, this.padding, this.dataFormat, this.dilationRate);
    return this.finish(y);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return this.windowOutputShape(inputShape, this.filters);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      depth_multiplier: this.depthMultiplier,
      filters: this.filters,
      ...this.geometryConfig(),
      ...this.activationConfig(),
      depthwise_initializer: initializers.serialize(this.depthwiseInitializer),
      pointwise_initializer: initializers.serialize(this.pointwiseInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      depthwise_regularizer: regularizers.serialize(this.depthwiseRegularizer),
      pointwise_regularizer: regularizers.serialize(this.pointwiseRegularizer),
      bias_regularizer: regularizers.serialize(this.biasRegularizer),
      activity_regularizer: regularizers.serialize(this.activityRegularizer),
      depthwise_constraint: constraints.serialize(this.depthwiseConstraint),
      pointwise_constraint: constraints.serialize(this.pointwiseConstraint),
      bias_constraint: constraints.serialize(this.biasConstraint),
    };
  }
}
