import { add, divide, multiply, negative, sqrt, square } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerOptions, type TrainableVariable } from "./optimizer.js";

export interface AdadeltaOptions extends OptimizerOptions {
  /** Decay rate of the accumulators (default 0.95). */
  rho?: number;
  /** Added inside the square roots (default 1e-7). */
  epsilon?: number;
}

/**
 * Adadelta (Keras's rule, learningRate 0.001): `Eg = rho Eg + (1 - rho) g^2`,
 * `delta = -sqrt(Edx + eps) * g / sqrt(Eg + eps)`, `Edx = rho Edx + (1 - rho) delta^2`,
 * `w += lr * delta`.
 */
export class Adadelta extends Optimizer {
  static override readonly className: string = "Adadelta";
  readonly rho: number;
  readonly epsilon: number;
  private accumulatedGrads: Variable[] = [];
  private accumulatedDeltaVars: Variable[] = [];

  constructor(options: AdadeltaOptions = {}) {
    super(options, 0.001, ["rho", "epsilon"]);
    this.rho = options.rho ?? 0.95;
    this.epsilon = options.epsilon ?? 1e-7;
  }

  override build(variables: readonly TrainableVariable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.accumulatedGrads, this.accumulatedDeltaVars] = this.addOptimizerVariables(variables, ["accumulated_grad", "accumulated_delta_var"]) as [Variable[], Variable[]];
  }

  updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    const accGrad = this.accumulatedGrads[i]!;
    const accDelta = this.accumulatedDeltaVars[i]!;
    const rho = this.rho;
    const rms = (x: Tensor) => sqrt(add(x, this.epsilon));
    this.assign(accGrad, add(multiply(rho, accGrad.value), multiply(1 - rho, square(gradient))));
    const delta = negative(divide(multiply(rms(accDelta.value), gradient), rms(accGrad.value)));
    this.assign(accDelta, add(multiply(rho, accDelta.value), multiply(1 - rho, square(delta))));
    this.assignAdd(variable, multiply(learningRate, delta));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon };
  }
}
