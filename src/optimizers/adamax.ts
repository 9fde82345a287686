import { abs, add, divide, maximum, multiply, subtract } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerOptions, type TrainableVariable } from "./optimizer.js";

const f32 = Math.fround;

export interface AdamaxOptions extends OptimizerOptions {
  /** Decay rate of the first moment (default 0.9). */
  beta1?: number;
  /** Decay rate of the exponentially weighted infinity norm (default 0.999). */
  beta2?: number;
  /** Added to the norm (default 1e-7). */
  epsilon?: number;
}

/**
 * Adamax, Adam with the infinity norm (Keras's rule, learningRate 0.001):
 * `m += (g - m)(1 - beta1)`, `u = max(beta2 u, |g|)`, `w -= lr m / ((1 - beta1^t)(u + eps))`.
 */
export class Adamax extends Optimizer {
  static override readonly className: string = "Adamax";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private m: Variable[] = [];
  private u: Variable[] = [];

  constructor(options: AdamaxOptions = {}) {
    super(options, 0.001, ["beta1", "beta2", "epsilon"]);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
  }

  override build(variables: readonly TrainableVariable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.m, this.u] = this.addOptimizerVariables(variables, ["momentum", "norm"]) as [Variable[], Variable[]];
  }

  updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const t = f32(this.step + 1);
    const beta1Power = f32(Math.pow(f32(this.beta1), t));
    const i = this.variableIndex(variable);
    const m = this.m[i]!;
    const u = this.u[i]!;
    this.assignAdd(m, multiply(subtract(gradient, m.value), 1 - this.beta1));
    this.assign(u, maximum(multiply(this.beta2, u.value), abs(gradient)));
    this.assignSub(variable, divide(multiply(learningRate, m.value), multiply(f32(1 - beta1Power), add(u.value, this.epsilon))));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
