import { add, multiply, subtract } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { ValueError } from "../util/errors.js";
import { Optimizer, type OptimizerOptions, type TrainableVariable } from "./optimizer.js";

export interface SGDOptions extends OptimizerOptions {
  /** Accelerates descent in the relevant direction (default 0: plain gradient descent). */
  momentum?: number;
  /** Use Nesterov momentum (default false). */
  nesterov?: boolean;
}

/**
 * Gradient descent with optional (Nesterov) momentum (Keras's SGD, learningRate 0.01):
 * `m = momentum * m - lr * g; w += m` (Nesterov: `w += momentum * m - lr * g`), or `w -= lr * g`.
 * @example new keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 })
 */
export class SGD extends Optimizer {
  static override readonly className: string = "SGD";
  readonly momentum: number;
  readonly nesterov: boolean;
  private momentums: Variable[] = [];

  constructor(options: SGDOptions = {}) {
    super(options, 0.01, ["momentum", "nesterov"]);
    const momentum = options.momentum ?? 0;
    if (typeof momentum !== "number" || momentum < 0 || momentum > 1) throw new ValueError(`\`momentum\` must be a float between [0, 1]. Received: momentum=${String(momentum)}`);
    this.momentum = momentum;
    this.nesterov = options.nesterov ?? false;
  }

  override build(variables: readonly TrainableVariable[]): void {
    if (this.built) return;
    super.build(variables);
    if (this.momentum !== 0) this.momentums = this.addOptimizerVariables(variables, "momentum");
  }

  updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const gLr = multiply(gradient, learningRate);
    if (this.momentum !== 0) {
      const m = this.momentums[this.variableIndex(variable)]!;
      this.assign(m, subtract(multiply(m.value, this.momentum), gLr));
      if (this.nesterov) this.assignAdd(variable, subtract(multiply(m.value, this.momentum), gLr));
      else this.assign(variable, add(variable.value, m.value));
    } else {
      this.assignSub(variable, gLr);
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
