import { add, multiply, sign } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { ValueError } from "../util/errors.js";
import { Optimizer, type OptimizerOptions, type TrainableVariable } from "./optimizer.js";

const f32 = Math.fround;

export interface LionOptions extends OptimizerOptions {
  /** Interpolation factor of the update direction (default 0.9). */
  beta1?: number;
  /** Decay rate of the momentum (default 0.99). */
  beta2?: number;
}

/**
 * Lion (Keras's rule, learningRate 0.001): `w -= lr * sign(beta1 m + (1 - beta1) g)`,
 * then `m = beta2 m + (1 - beta2) g`.
 */
export class Lion extends Optimizer {
  static override readonly className: string = "Lion";
  readonly beta1: number;
  readonly beta2: number;
  private momentums: Variable[] = [];

  constructor(options: LionOptions = {}) {
    super(options, 0.001, ["beta1", "beta2"]);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.99;
    if (this.beta1 <= 0 || this.beta1 > 1) {
      throw new ValueError(`Argument \`beta1\` must be in the [0, 1] range. Otherwise, the optimizer degenerates to SignSGD. Received: beta1=${this.beta1}.`);
    }
  }

  override build(variables: readonly TrainableVariable[]): void {
    if (this.built) return;
    super.build(variables);
    this.momentums = this.addOptimizerVariables(variables, "momentum");
  }

  updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const beta1 = f32(this.beta1);
    const beta2 = f32(this.beta2);
    const m = this.momentums[this.variableIndex(variable)]!;
    this.assignSub(variable, multiply(learningRate, sign(add(multiply(m.value, beta1), multiply(gradient, f32(1 - beta1))))));
    this.assign(m, add(multiply(m.value, beta2), multiply(gradient, f32(1 - beta2))));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2 };
  }
}
