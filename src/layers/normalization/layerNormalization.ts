import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { layerNormalization } from "../../ops/nn/normalization.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { checkBool } from "../convolutional/convUtils.js";
import { Layer, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

export interface LayerNormalizationOptions extends LayerOptions {
  /** The axis or axes to normalize over, per sample (default -1). */
  axis?: number | readonly number[];
  /** Added to the variance (default 1e-3). */
  epsilon?: number;
  /** Add the learned offset `beta` (default true). */
  center?: boolean;
  /** Multiply by the learned `gamma` (default true). */
  scale?: boolean;
  /** Deprecated in Keras 3 (use RMSNormalization); must be false. */
  rmsScaling?: boolean;
  betaInitializer?: initializers.InitializerIdentifier | null;
  gammaInitializer?: initializers.InitializerIdentifier | null;
  betaRegularizer?: regularizers.RegularizerIdentifier | null;
  gammaRegularizer?: regularizers.RegularizerIdentifier | null;
  betaConstraint?: constraints.ConstraintIdentifier | null;
  gammaConstraint?: constraints.ConstraintIdentifier | null;
}

const KEYS = ["axis", "epsilon", "center", "scale", "rmsScaling", "betaInitializer", "gammaInitializer", "betaRegularizer", "gammaRegularizer", "betaConstraint", "gammaConstraint"];

/** Normalizes possibly negative axes against a rank, rejecting out-of-range and duplicate axes. */
export function canonicalAxes(axis: number | readonly number[], rank: number, owner: string, shape: Shape): number[] {
  const list = typeof axis === "number" ? [axis] : [...axis];
  const out = list.map((a) => {
    if (!Number.isInteger(a) || a >= rank || a < -rank) {
      throw new ValueError(`${owner}: axis ${a} is out of bounds for input shape ${formatShape(shape)}. Received: axis=${JSON.stringify(axis)}`);
    }
    return a < 0 ? a + rank : a;
  });
  if (new Set(out).size !== out.length) throw new ValueError(`${owner}: duplicate axes are not allowed. Received: axis=${JSON.stringify(axis)}`);
  return out.sort((a, b) => a - b);
}

/**
 * Layer normalization: each sample is normalized over `axis` (default the last):
 * `(x - mean) / sqrt(var + epsilon) * gamma + beta`. Weights: `gamma` then `beta`, of the
 * shape of the normalized axes.
 *
 * ```ts
 * const ln = new keras.layers.LayerNormalization({ epsilon: 1e-6 });
 * ```
 */
export class LayerNormalization extends Layer {
  static override readonly className: string = "LayerNormalization";
  axis: number | number[];
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

  constructor(options: LayerNormalizationOptions = {}) {
    super(options, KEYS);
    const o = options;
    const owner = this.className;
    const axis = o.axis ?? -1;
    if (typeof axis !== "number" && !Array.isArray(axis)) throw new ValueError(`${owner}: expected an int or a list of ints for \`axis\`. Received: axis=${JSON.stringify(axis)}`);
    this.axis = typeof axis === "number" ? axis : [...(axis as number[])];
    if (o.rmsScaling) throw new ValueError(`${owner}: rmsScaling=true is deprecated in Keras 3 and not supported; use RMS normalization instead.`);
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

  override build(inputShape: Shape): void {
    const axes = canonicalAxes(this.axis, inputShape.length, `Layer "${this.name}" (LayerNormalization)`, inputShape);
    // Keras stores the canonical (sorted, non-negative) axes after building
    this.axis = axes;
    const shape = axes.map((a) => inputShape[a]);
    if (shape.some((d) => d === null || d === undefined)) {
      throw new ValueError(`Layer "${this.name}" (LayerNormalization): the normalized axes must have known sizes, but received input shape ${formatShape(inputShape)} with axis=${JSON.stringify(axes)}.`);
    }
    if (this.scale) {
      this.gamma = this.addWeight({ name: "gamma", shape: shape as number[], initializer: this.gammaInitializer, regularizer: this.gammaRegularizer, constraint: this.gammaConstraint });
    }
    if (this.center) {
      this.beta = this.addWeight({ name: "beta", shape: shape as number[], initializer: this.betaInitializer, regularizer: this.betaRegularizer, constraint: this.betaConstraint });
    }
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return layerNormalization(inputs, this.gamma ? this.gamma.value : null, this.beta ? this.beta.value : null, this.axis, this.epsilon);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    canonicalAxes(this.axis, inputShape.length, `Layer "${this.name}" (LayerNormalization)`, inputShape);
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: Array.isArray(this.axis) ? [...this.axis] : this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      rms_scaling: false,
      beta_initializer: initializers.serialize(this.betaInitializer),
      gamma_initializer: initializers.serialize(this.gammaInitializer),
      beta_regularizer: regularizers.serialize(this.betaRegularizer),
      gamma_regularizer: regularizers.serialize(this.gammaRegularizer),
      beta_constraint: constraints.serialize(this.betaConstraint),
      gamma_constraint: constraints.serialize(this.gammaConstraint),
    };
  }
}
