import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { add, multiply, negative, rsqrt } from "../../ops/numpy/arithmetic.js";
import { moments } from "../../ops/nn/normalization.js";
import { reshape } from "../../ops/numpy/shape.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { checkBool } from "../convolutional/convUtils.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, positionalOptions, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

export interface GroupNormalizationOptions extends LayerOptions {
  /** Number of channel groups (default 32; -1 = one group per channel, i.e. instance normalization). */
  groups?: number;
  /** The channel axis (default -1). */
  axis?: number;
  /** Added to the variance (default 1e-3). */
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: initializers.InitializerIdentifier | null;
  gammaInitializer?: initializers.InitializerIdentifier | null;
  betaRegularizer?: regularizers.RegularizerIdentifier | null;
  gammaRegularizer?: regularizers.RegularizerIdentifier | null;
  betaConstraint?: constraints.ConstraintIdentifier | null;
  gammaConstraint?: constraints.ConstraintIdentifier | null;
}

const KEYS = ["groups", "axis", "epsilon", "center", "scale", "betaInitializer", "gammaInitializer", "betaRegularizer", "gammaRegularizer", "betaConstraint", "gammaConstraint"];

/**
 * Group normalization: the channels are split into `groups`, and each sample's group is
 * normalized over its channels and all other non-batch axes, then scaled by `gamma` and shifted
 * by `beta` per channel. Weights: `gamma`, `beta` `(channels,)`. Channels must be divisible by groups.
 *
 * ```ts
 * const gn = new keras.layers.GroupNormalization(4); // 16 channels → 4 groups of 4
 * ```
 */
export class GroupNormalization extends Layer {
  static override readonly className: string = "GroupNormalization";
  groups: number;
  readonly axis: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: initializers.Initializer;
  readonly gammaInitializer: initializers.Initializer;
  readonly betaRegularizer: regularizers.Regularizer | null;
  readonly gammaRegularizer: regularizers.Regularizer | null;
  readonly betaConstraint: constraints.Constraint | null;
  readonly gammaConstraint: constraints.Constraint | null;
  gamma: LayerVariable | null = null;
  beta: LayerVariable | null = null;

  constructor(groups?: number | GroupNormalizationOptions, options?: GroupNormalizationOptions) {
    const o = positionalOptions<GroupNormalizationOptions>(groups, options, "groups");
    const g = o.groups ?? 32;
    if (!Number.isInteger(g) || (g <= 0 && g !== -1)) {
      throw new ValueError(`GroupNormalization: received an invalid value for argument \`groups\`, expected a positive integer (or -1 for instance normalization). Received: groups=${String(g)}`);
    }
    super(o, KEYS);
    const owner = this.className;
    this.groups = g;
    this.axis = o.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ValueError(`${owner}: \`axis\` must be an integer. Received: axis=${JSON.stringify(o.axis)}`);
    this.epsilon = o.epsilon ?? 1e-3;
    this.center = checkBool(o.center, "center", owner, true);
    this.scale = checkBool(o.scale, "scale", owner, true);
    this.betaInitializer = initializers.get(o.betaInitializer ?? "zeros")!;
    this.gammaInitializer = initializers.get(o.gammaInitializer ?? "ones")!;
    this.betaRegularizer = regularizers.get(o.betaRegularizer ?? null);
    this.gammaRegularizer = regularizers.get(o.gammaRegularizer ?? null);
    this.betaConstraint = constraints.get(o.betaConstraint ?? null);
    this.gammaConstraint = constraints.get(o.gammaConstraint ?? null);
    this.supportsMasking = true;
  }

  private canonicalAxis(shape: Shape): number {
    const rank = shape.length;
    if (this.axis >= rank || this.axis < -rank) {
      throw new ValueError(`Layer "${this.name}" (GroupNormalization): axis ${this.axis} is out of bounds for input shape ${formatShape(shape)}. Received: axis=${this.axis}`);
    }
    return this.axis < 0 ? this.axis + rank : this.axis;
  }

  override build(inputShape: Shape): void {
    const dim = inputShape[this.canonicalAxis(inputShape)];
    const owner = `Layer "${this.name}" (GroupNormalization)`;
    if (dim === null || dim === undefined) {
      throw new ValueError(`${owner}: axis ${this.axis} of the input should have a defined dimension, but the layer received an input with shape ${formatShape(inputShape)}.`);
    }
    if (this.groups === -1) this.groups = dim;
    if (dim < this.groups) throw new ValueError(`${owner}: the number of groups (${this.groups}) cannot be more than the number of channels (${dim}).`);
    if (dim % this.groups !== 0) throw new ValueError(`${owner}: the number of channels (${dim}) must be a multiple of the number of groups (${this.groups}).`);
    this.inputSpec = new InputSpec({ ndim: inputShape.length, axes: { [this.axis]: dim } });
    if (this.scale) {
      this.gamma = this.addWeight({ name: "gamma", shape: [dim], initializer: this.gammaInitializer, regularizer: this.gammaRegularizer, constraint: this.gammaConstraint });
    }
    if (this.center) {
      this.beta = this.addWeight({ name: "beta", shape: [dim], initializer: this.betaInitializer, regularizer: this.betaRegularizer, constraint: this.betaConstraint });
    }
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const shape = inputs.shape;
    const a = this.canonicalAxis([...shape]);
    const g = this.groups;
    const per = shape[a]! / g;
    // (…, C, …) → (…, groups, C / groups, …): statistics over every axis but batch and group
    const grouped = [...shape.slice(0, a), g, per, ...shape.slice(a + 1)];
    const x = reshape(inputs, grouped);
    const axes = grouped.map((_, i) => i).filter((i) => i !== 0 && i !== a);
    const [mean, variance] = moments(x, axes, true);
    const broadcast = grouped.map((d, i) => (i === a || i === a + 1 ? d : 1));
    let inv = rsqrt(add(variance, this.epsilon));
    if (this.gamma) inv = multiply(inv, reshape(this.gamma.value, broadcast));
    let res = multiply(negative(mean), inv);
    if (this.beta) res = add(res, reshape(this.beta.value, broadcast));
    return reshape(add(multiply(x, inv), res), shape);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    this.canonicalAxis(inputShape);
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      groups: this.groups,
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: initializers.serialize(this.betaInitializer),
      gamma_initializer: initializers.serialize(this.gammaInitializer),
      beta_regularizer: regularizers.serialize(this.betaRegularizer),
      gamma_regularizer: regularizers.serialize(this.gammaRegularizer),
      beta_constraint: constraints.serialize(this.betaConstraint),
      gamma_constraint: constraints.serialize(this.gammaConstraint),
    };
  }
}
