import { adamUpdate } from "../ops/nn/fused.js";
import { add, divide, maximum, multiply, sqrt, square, subtract } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerOptions, type TrainableVariable } from "./optimizer.js";

const f32 = Math.fround;

const isFloat32 = (...xs: { dtype: string }[]): boolean => xs.every((x) => x.dtype === "float32");

export interface AdamOptions extends OptimizerOptions {
  /** Decay rate of the first-moment estimates (default 0.9). */
  beta1?: number;
  /** Decay rate of the second-moment estimates (default 0.999). */
  beta2?: number;
  /** Added to the denominator, outside the square root (default 1e-7). */
  epsilon?: number;
  /** Use the AMSGrad variant (default false). */
  amsgrad?: boolean;
}

export const ADAM_OPTIONS = ["beta1", "beta2", "epsilon", "amsgrad"] as const;

/**
 * Adam (Keras's rule, learningRate 0.001): with t = step + 1,
 * `alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)`, `m += (g - m) * (1 - beta1)`,
 * `v += (g^2 - v) * (1 - beta2)`, `w -= m * alpha / (sqrt(v) + epsilon)`.
 * @example new keras.optimizers.Adam({ learningRate: 1e-3 })
 */
export class Adam extends Optimizer {
  static override readonly className: string = "Adam";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  private momentums: Variable[] = [];
  private velocities: Variable[] = [];
  private velocityHats: Variable[] = [];

  constructor(options: AdamOptions = {}, extraOptions: readonly string[] = []) {
    super(options, 0.001, [...ADAM_OPTIONS, ...extraOptions]);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.amsgrad = options.amsgrad ?? false;
  }

  override build(variables: readonly TrainableVariable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.momentums, this.velocities] = this.addOptimizerVariables(variables, ["momentum", "velocity"]) as [Variable[], Variable[]];
    if (this.amsgrad) this.velocityHats = this.addOptimizerVariables(variables, "velocity_hat");
  }

  updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const t = f32(this.step + 1);
    const beta1Power = f32(Math.pow(f32(this.beta1), t));
    const beta2Power = f32(Math.pow(f32(this.beta2), t));
    const alpha = f32(f32(f32(learningRate) * f32(Math.sqrt(f32(1 - beta2Power)))) / f32(1 - beta1Power));
    const i = this.variableIndex(variable);
    const m = this.momentums[i]!;
    let v = this.velocities[i]!;
    if (!this.amsgrad && isFloat32(variable, m, v, gradient)) {
      // one pass, the same bits as the composition below
      const [w2, m2, v2] = adamUpdate(variable.value, m.value, v.value, gradient, { alpha, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon });
      m.assign(m2);
      v.assign(v2);
      variable.assign(w2);
      return;
    }
    this.assignAdd(m, multiply(subtract(gradient, m.value), 1 - this.beta1));
    this.assignAdd(v, multiply(subtract(square(gradient), v.value), 1 - this.beta2));
    if (this.amsgrad) {
      const vHat = this.velocityHats[i]!;
      this.assign(vHat, maximum(vHat.value, v.value));
      v = vHat;
    }
    this.assignSub(variable, divide(multiply(m.value, alpha), add(sqrt(v.value), this.epsilon)));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}
