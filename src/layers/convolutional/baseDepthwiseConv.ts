import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { depthwiseConv } from "../../ops/nn/conv.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { LayerVariable, Shape } from "../layer.js";
import { CONV_COMMON_KEYS, ConvBase, type ConvCommonOptions } from "./baseConv.js";
import { checkPositiveInt, checkRank, spatialDims } from "./convUtils.js";

/** Options of DepthwiseConv1D/2D. */
export interface DepthwiseConvOptions extends ConvCommonOptions {
  /** Output channels per input channel (default 1): output has `channels * depthMultiplier` channels. */
  depthMultiplier?: number;
  /** Default "glorot_uniform". */
  depthwiseInitializer?: initializers.InitializerIdentifier | null;
  depthwiseRegularizer?: regularizers.RegularizerIdentifier | null;
  depthwiseConstraint?: constraints.ConstraintIdentifier | null;
}

const KEYS = [...CONV_COMMON_KEYS, "depthMultiplier", "depthwiseInitializer", "depthwiseRegularizer", "depthwiseConstraint"];

/**
 * Depthwise convolution (Keras's BaseDepthwiseConv): each input channel is convolved with its own
 * `depthMultiplier` kernels; output channel `c * depthMultiplier + m`. Weights: `kernel`
 * `(...kernelSize, channels, depthMultiplier)`, then `bias` `(channels * depthMultiplier,)`.
 */
export abstract class BaseDepthwiseConv extends ConvBase {
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: initializers.Initializer;
  readonly depthwiseRegularizer: regularizers.Regularizer | null;
  readonly depthwiseConstraint: constraints.Constraint | null;
  kernel: LayerVariable | null = null;

  constructor(rank: number, o: DepthwiseConvOptions) {
    super(rank, o, KEYS);
    this.depthMultiplier = checkPositiveInt(o.depthMultiplier ?? 1, "depthMultiplier", this.className);
    this.depthwiseInitializer = initializers.get(o.depthwiseInitializer ?? "glorot_uniform")!;
    this.depthwiseRegularizer = regularizers.get(o.depthwiseRegularizer ?? null);
    this.depthwiseConstraint = constraints.get(o.depthwiseConstraint ?? null);
  }

  override build(inputShape: Shape): void {
    const channels = this.inputChannels(inputShape);
    this.computeOutputShape(inputShape);
    this.setChannelSpec(channels);
    this.kernel = this.addWeight({
      name: "kernel",
      shape: [...this.kernelSize, channels, this.depthMultiplier],
      initializer: this.depthwiseInitializer,
      regularizer: this.depthwiseRegularizer,
      constraint: this.depthwiseConstraint,
    });
    this.addBias(channels * this.depthMultiplier);
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return this.finish(depthwiseConv(inputs, this.kernel!.value, this.strides, this.padding, this.dataFormat, this.dilationRate));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    checkRank(inputShape, this.rank + 2, this.name, this.className, this.dataFormat);
    const { channels } = spatialDims(inputShape, this.dataFormat);
    return this.windowOutputShape(inputShape, channels === null ? null : channels * this.depthMultiplier);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      depth_multiplier: this.depthMultiplier,
      ...this.geometryConfig(),
      ...this.activationConfig(),
      depthwise_initializer: initializers.serialize(this.depthwiseInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      depthwise_regularizer: regularizers.serialize(this.depthwiseRegularizer),
      bias_regularizer: regularizers.serialize(this.biasRegularizer),
      activity_regularizer: regularizers.serialize(this.activityRegularizer),
      depthwise_constraint: constraints.serialize(this.depthwiseConstraint),
      bias_constraint: constraints.serialize(this.biasConstraint),
    };
  }
}
