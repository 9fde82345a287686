import { add, divide, multiply, sqrt, square, subtract } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerOptions, type TrainableVariable } from "./optimizer.js";

export interface RMSpropOptions extends OptimizerOptions {
  /** Discount of the moving average of squared gradients (default 0.9). */
  rho?: number;
  /** Momentum (default 0). */
  momentum?: number;
  /** Added inside the square root (default 1e-7). */
  epsilon?: number;
  /** Normalize by the estimated variance of the gradient (default false). */
  centered?: boolean;
}

/**
 * RMSprop (Keras's rule, learningRate 0.001): `v = rho * v + (1 - rho) * g^2`,
 * `w -= lr * g / sqrt(v + epsilon)` (centered: `sqrt(v - mean_g^2 + epsilon)`; with momentum,
 * `mom = momentum * mom + increment; w -= mom`).
 */
export class RMSprop extends Optimizer {
  static override readonly className: string = "RMSprop";
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  private velocities: Variable[] = [];
  private momentums: Variable[] = [];
  private averageGradients: Variable[] = [];

  constructor(options: RMSpropOptions = {}) {
    super(options, 0.001, ["rho", "momentum", "epsilon", "centered"]);
    this.rho = options.rho ?? 0.9;
    this.momentum = options.momentum ?? 0.0;
    this.epsilon = options.epsilon ?? 1e-7;
    this.centered = options.centered ?? false;
  }

  override build(variables: readonly TrainableVariable[]): void {
    if (this.built) return;
    super.build(variables);
    this.velocities = this.addOptimizerVariables(variables, "velocity");
    if (this.momentum > 0) this.momentums = this.addOptimizerVariables(variables, "momentum");
    if (this.centered) this.averageGradients = this.addOptimizerVariables(variables, "average_gradient");
  }

  updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    const velocity = this.velocities[i]!;
    const rho = this.rho;
    this.assign(velocity, add(multiply(rho, velocity.value), multiply(1 - rho, square(gradient))));
    let denominator: Tensor;
    if (this.centered) {
      const avg = this.averageGradients[i]!;
      this.assign(avg, add(multiply(rho, avg.value), multiply(1 - rho, gradient)));
      denominator = add(subtract(velocity.value, square(avg.value)), this.epsilon);
    } else {
      denominator = add(velocity.value, this.epsilon);
    }
    const increment = divide(multiply(learningRate, gradient), sqrt(denominator));
    if (this.momentum > 0) {
      const mom = this.momentums[i]!;
      this.assign(mom, add(multiply(this.momentum, mom.value), increment));
      this.assignSub(variable, mom.value);
    } else {
      this.assignSub(variable, increment);
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
