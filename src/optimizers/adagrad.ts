import { Constant } from "../initializers/index.js";
import { add, divide, multiply, sqrt, square } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerOptions, type TrainableVariable } from "./optimizer.js";

export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the accumulators (default 0.1). */
  initialAccumulatorValue?: number;
  /** Added inside the square root (default 1e-7). */
  epsilon?: number;
}

/**
 * Adagrad (Keras's rule, learningRate 0.001): `acc += g^2; w -= lr * g / sqrt(acc + epsilon)`.
 */
export class Adagrad extends Optimizer {
  static override readonly className: string = "Adagrad";
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  private accumulators: Variable[] = [];

  constructor(options: AdagradOptions = {}) {
    super(options, 0.001, ["initialAccumulatorValue", "epsilon"]);
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-7;
  }

  override build(variables: readonly TrainableVariable[]): void {
    if (this.built) return;
    super.build(variables);
    this.accumulators = this.addOptimizerVariables(variables, "accumulator", new Constant(this.initialAccumulatorValue));
  }

  updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const acc = this.accumulators[this.variableIndex(variable)]!;
    this.assignAdd(acc, square(gradient));
    this.assignSub(variable, divide(multiply(learningRate, gradient), sqrt(add(acc.value, this.epsilon))));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), initial_accumulator_value: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
