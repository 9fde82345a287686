import { withoutGradient } from "../../autodiff/engine.js";
import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { add, clip, divide, maximum, minimum, multiply, sqrt, square, subtract } from "../../ops/numpy/arithmetic.js";
import { batchNormalization, moments } from "../../ops/nn/normalization.js";
import { sum } from "../../ops/numpy/reductions.js";
import { broadcastTo, reshape, stopGradient } from "../../ops/numpy/shape.js";
import * as regularizers from "../../regularizers/index.js";
import { cast } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { checkBool } from "../convolutional/convUtils.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type CallOptions, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

export interface RenormClipping {
  rmax?: number | null;
  rmin?: number | null;
  dmax?: number | null;
}

export interface BatchNormalizationOptions extends LayerOptions {
  /** The feature axis to normalize per channel (default -1; use 1 for channels_first). A one-element list (Keras 2 configs) is accepted. */
  axis?: number | readonly [number];
  /** Momentum of the moving averages (default 0.99). */
  momentum?: number;
  /** Added to the variance (default 1e-3). */
  epsilon?: number;
  /** Add the learned offset `beta` (default true). */
  center?: boolean;
  /** Multiply by the learned `gamma` (default true). */
  scale?: boolean;
  betaInitializer?: initializers.InitializerIdentifier | null;
  gammaInitializer?: initializers.InitializerIdentifier | null;
  movingMeanInitializer?: initializers.InitializerIdentifier | null;
  movingVarianceInitializer?: initializers.InitializerIdentifier | null;
  betaRegularizer?: regularizers.RegularizerIdentifier | null;
  gammaRegularizer?: regularizers.RegularizerIdentifier | null;
  betaConstraint?: constraints.ConstraintIdentifier | null;
  gammaConstraint?: constraints.ConstraintIdentifier | null;
  /** Batch renormalization (default false). */
  renorm?: boolean;
  /** `{ rmax, rmin, dmax }` clipping of the renorm corrections. */
  renormClipping?: RenormClipping | null;
  /** Momentum of the renorm moving averages (default 0.99). */
  renormMomentum?: number;
  /** Only meaningful for distributed TensorFlow; must be false. */
  synchronized?: boolean;
}

const KEYS = [
  "axis",
  "momentum",
  "epsilon",
  "center",
  "scale",
  "betaInitializer",
  "gammaInitializer",
  "movingMeanInitializer",
  "movingVarianceInitializer",
  "betaRegularizer",
  "gammaRegularizer",
  "betaConstraint",
  "gammaConstraint",
  "renorm",
  "renormClipping",
  "renormMomentum",
  "synchronized",
];

/**
 * Batch normalization: `(x - mean) / sqrt(var + epsilon) * gamma + beta` per feature along `axis`.
 * In training (`training: true`, layer trainable) it uses the batch's mean and biased variance and
 * updates `moving = moving * momentum + batch * (1 - momentum)`; in inference it uses the moving
 * statistics. Weights, in order: `gamma`, `beta` (trainable), `moving_mean`, `moving_variance`.
 *
 * ```ts
 * const bn = new keras.layers.BatchNormalization({ momentum: 0.9 });
 * ```
 */
export class BatchNormalization extends Layer {
  static override readonly className: string = "BatchNormalization";
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: initializers.Initializer;
  readonly gammaInitializer: initializers.Initializer;
  readonly movingMeanInitializer: initializers.Initializer;
  readonly movingVarianceInitializer: initializers.Initializer;
  readonly betaRegularizer: regularizers.Regularizer | null;
  readonly gammaRegularizer: regularizers.Regularizer | null;
  readonly betaConstraint: constraints.Constraint | null;
  readonly gammaConstraint: constraints.Constraint | null;
  readonly renorm: boolean;
  readonly renormClipping: RenormClipping | null;
  readonly renormMomentum: number;
  gamma: LayerVariable | null = null;
  beta: LayerVariable | null = null;
  movingMean: LayerVariable | null = null;
  movingVariance: LayerVariable | null = null;
  movingStddev: LayerVariable | null = null;
  renormMean: LayerVariable | null = null;
  renormStddev: LayerVariable | null = null;
  private reductionAxes: number[] = [];

  constructor(options: BatchNormalizationOptions = {}) {
    super(options, KEYS);
    const o = options;
    const owner = this.className;
    // Keras 2 configs (legacy .h5) store the axis as a one-element list
    const rawAxis: unknown = o.axis ?? -1;
    const axis = Array.isArray(rawAxis) && rawAxis.length === 1 ? (rawAxis[0] as number) : rawAxis;
    if (typeof axis !== "number" || !Number.isInteger(axis)) throw new ValueError(`${owner}: \`axis\` must be an integer. Received: axis=${JSON.stringify(axis)}`);
    this.axis = axis;
    if (o.synchronized) throw new ValueError(`${owner}: synchronized=true is only supported with the TensorFlow backend (distributed training).`);
    this.momentum = checkNumber(o.momentum ?? 0.99, "momentum", owner);
    this.epsilon = checkNumber(o.epsilon ?? 1e-3, "epsilon", owner);
    this.center = checkBool(o.center, "center", owner, true);
    this.scale = checkBool(o.scale, "scale", owner, true);
    this.betaInitializer = initializers.get(o.betaInitializer ?? "zeros")!;
    this.gammaInitializer = initializers.get(o.gammaInitializer ?? "ones")!;
    this.movingMeanInitializer = initializers.get(o.movingMeanInitializer ?? "zeros")!;
    this.movingVarianceInitializer = initializers.get(o.movingVarianceInitializer ?? "ones")!;
    this.betaRegularizer = regularizers.get(o.betaRegularizer ?? null);
    this.gammaRegularizer = regularizers.get(o.gammaRegularizer ?? null);
    this.betaConstraint = constraints.get(o.betaConstraint ?? null);
    this.gammaConstraint = constraints.get(o.gammaConstraint ?? null);
    this.renorm = checkBool(o.renorm, "renorm", owner, false);
    this.renormMomentum = checkNumber(o.renormMomentum ?? 0.99, "renormMomentum", owner);
    this.renormClipping = o.renormClipping ?? null;
    if (this.renorm) {
      const c = this.renormClipping ?? {};
      const bad = Object.keys(c).filter((k) => !["rmax", "rmin", "dmax"].includes(k));
      if (bad.length) throw new ValueError(`${owner}: received invalid keys for \`renormClipping\`: ${bad.join(", ")}. Supported keys: rmax, rmin, dmax.`);
      if (c.rmax != null && c.rmin != null && c.rmax < c.rmin) throw new ValueError(`${owner}: rmax should be greater than rmin in \`renormClipping\`. Received: rmax=${c.rmax}, rmin=${c.rmin}.`);
      if (c.dmax != null && c.dmax < 0) throw new ValueError(`${owner}: dmax should be non-negative in \`renormClipping\`. Received: dmax=${c.dmax}.`);
    }
    this.supportsMasking = true;
  }

  private channelAxis(rank: number, shape: Shape): number {
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    if (a < 0 || a >= rank) {
      throw new ValueError(`Layer "${this.name}" (BatchNormalization): axis ${this.axis} is out of bounds for input shape ${formatShape(shape)}. Received: axis=${this.axis}`);
    }
    return a;
  }

  override build(inputShape: Shape): void {
    const a = this.channelAxis(inputShape.length, inputShape);
    const dim = inputShape[a];
    if (dim === null || dim === undefined) {
      throw new ValueError(`Layer "${this.name}" (BatchNormalization): axis ${this.axis} of the input should have a defined dimension, but the layer received an input with shape ${formatShape(inputShape)}.`);
    }
    const shape = [dim];
    if (this.scale) {
      this.gamma = this.addWeight({ name: "gamma", shape, initializer: this.gammaInitializer, regularizer: this.gammaRegularizer, constraint: this.gammaConstraint });
    }
    if (this.center) {
      this.beta = this.addWeight({ name: "beta", shape, initializer: this.betaInitializer, regularizer: this.betaRegularizer, constraint: this.betaConstraint });
    }
    this.movingMean = this.addWeight({ name: "moving_mean", shape, initializer: this.movingMeanInitializer, trainable: false });
    this.movingVariance = this.addWeight({ name: "moving_variance", shape, initializer: this.movingVarianceInitializer, trainable: false });
    if (this.renorm) {
      const sqrtOfVarianceInit = new SqrtInitializer(this.movingVarianceInitializer);
      this.movingStddev = this.addWeight({ name: "moving_stddev", shape, initializer: sqrtOfVarianceInit, trainable: false });
      this.renormMean = this.addWeight({ name: "renorm_mean", shape, initializer: this.movingMeanInitializer, trainable: false });
      this.renormStddev = this.addWeight({ name: "renorm_stddev", shape, initializer: sqrtOfVarianceInit, trainable: false });
    }
    this.inputSpec = new InputSpec({ ndim: inputShape.length, axes: { [this.axis]: dim } });
    this.reductionAxes = inputShape.map((_, i) => i).filter((i) => i !== a);
    this.built = true;
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    const x = inputs;
    const mask = options.mask && !Array.isArray(options.mask) ? options.mask : null;
    if (mask && mask.shape.length !== x.shape.length - 1) {
      throw new ValueError(`Layer "${this.name}" (BatchNormalization): the mask should have one dimension less than the inputs. Received: mask.shape=${formatShape(mask.shape)}, inputs.shape=${formatShape(x.shape)}`);
    }
    let gamma: Tensor | null = this.gamma ? this.gamma.value : null;
    let beta: Tensor | null = this.beta ? this.beta.value : null;
    let mean: Tensor = this.movingMean!.value;
    let variance: Tensor = this.movingVariance!.value;
    if (options.training && this.trainable) {
      [mean, variance] = mask ? this.maskedMoments(x, mask) : moments(x, this.reductionAxes);
      if (this.renorm) {
        [gamma, beta] = this.renormTransforms(mean, variance, gamma, beta);
        this.updateRenormStatistics(mean, variance);
      } else {
        const m = this.momentum;
        const [bm, bv] = [mean, variance];
        withoutGradient(() => {
          this.movingMean!.assign(add(multiply(this.movingMean!.value, m), multiply(bm, 1 - m)));
          this.movingVariance!.assign(add(multiply(this.movingVariance!.value, m), multiply(bv, 1 - m)));
        });
      }
    }
    return batchNormalization(x, mean, variance, this.channelAxis(x.shape.length, [...x.shape]), beta, gamma, this.epsilon);
  }

  /** Mean and biased variance over the unmasked positions (mask: the input's shape without the last axis). */
  private maskedMoments(x: Tensor, mask: Tensor): [Tensor, Tensor] {
    const axes = this.reductionAxes;
    const w = broadcastTo(cast(reshape(mask, [...mask.shape, 1]), x.dtype), x.shape);
    const count = add(sum(w, axes, true), 1e-7);
    const mean = divide(sum(multiply(x, w), axes, true), count);
    const variance = divide(sum(multiply(square(subtract(x, mean)), w), axes, true), count);
    const flat = [x.shape[this.channelAxis(x.shape.length, [...x.shape])]!];
    return [reshape(mean, flat), reshape(variance, flat)];
  }

  private renormTransforms(mean: Tensor, variance: Tensor, gamma: Tensor | null, beta: Tensor | null): [Tensor, Tensor] {
    const stddev = sqrt(add(variance, this.epsilon));
    const renormStddev = maximum(this.renormStddev!.value, Math.sqrt(this.epsilon));
    let r = divide(stddev, renormStddev);
    let d = divide(subtract(mean, this.renormMean!.value), renormStddev);
    const c = this.renormClipping ?? {};
    if (c.rmin != null) r = maximum(r, c.rmin);
    if (c.rmax != null) r = minimum(r, c.rmax);
    if (c.dmax != null) d = clip(d, -c.dmax, c.dmax);
    r = stopGradient(r);
    d = stopGradient(d);
    const effGamma = gamma ? multiply(r, gamma) : r;
    let effBeta = gamma ? multiply(d, gamma) : d;
    if (beta) effBeta = add(effBeta, beta);
    return [effGamma, effBeta];
  }

  private updateRenormStatistics(mean: Tensor, variance: Tensor): void {
    withoutGradient(() => {
      const ema = (v: LayerVariable, value: Tensor, m: number) => v.assign(add(multiply(v.value, m), multiply(value, 1 - m)));
      const stddev = sqrt(add(variance, this.epsilon));
      ema(this.renormMean!, mean, this.renormMomentum);
      ema(this.renormStddev!, stddev, this.renormMomentum);
      ema(this.movingMean!, mean, this.momentum);
      ema(this.movingStddev!, stddev, this.momentum);
      const s = this.movingStddev!.value;
      this.movingVariance!.assign(maximum(subtract(multiply(s, s), this.epsilon), 0));
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    this.channelAxis(inputShape.length, inputShape);
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: initializers.serialize(this.betaInitializer),
      gamma_initializer: initializers.serialize(this.gammaInitializer),
      moving_mean_initializer: initializers.serialize(this.movingMeanInitializer),
      moving_variance_initializer: initializers.serialize(this.movingVarianceInitializer),
      beta_regularizer: regularizers.serialize(this.betaRegularizer),
      gamma_regularizer: regularizers.serialize(this.gammaRegularizer),
      beta_constraint: constraints.serialize(this.betaConstraint),
      gamma_constraint: constraints.serialize(this.gammaConstraint),
      synchronized: false,
      // Keras added the renorm keys after 3.10; written only when used, so older Kerases load the file
      ...(this.renorm ? { renorm: true, renorm_clipping: this.renormClipping, renorm_momentum: this.renormMomentum } : {}),
    };
  }
}

/** sqrt of another initializer's values (the initial moving / renorm standard deviations). */
class SqrtInitializer extends initializers.Initializer {
  constructor(private readonly base: initializers.Initializer) {
    super();
  }

  call(shape: readonly number[], dtype?: Parameters<initializers.Initializer["call"]>[1]): Tensor {
    return sqrt(this.base.call(shape, dtype));
  }
}

function checkNumber(v: unknown, name: string, owner: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`${owner}: \`${name}\` must be a finite number. Received: ${name}=${JSON.stringify(v)}`);
  return v;
}
