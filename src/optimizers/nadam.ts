import { add, divide, multiply, sqrt, square, subtract } from "../ops/numpy/arithmetic.js";
import { convertToTensor } from "../tensor/convert.js";
import type { Tensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import { Optimizer, type OptimizerOptions, type TrainableVariable } from "./optimizer.js";

const f32 = Math.fround;

export interface NadamOptions extends OptimizerOptions {
  /** Decay rate of the first moment (default 0.9). */
  beta1?: number;
  /** Decay rate of the second moment (default 0.999). */
  beta2?: number;
  /** Added to the denominator (default 1e-7). */
  epsilon?: number;
}

/**
 * Nadam, Adam with Nesterov momentum (Keras's rule with the 0.96 momentum schedule,
 * learningRate 0.001).
 */
export class Nadam extends Optimizer {
  static override readonly className: string = "Nadam";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private momentums: Variable[] = [];
  private velocities: Variable[] = [];
  private uProduct: Variable | null = null;

  constructor(options: NadamOptions = {}) {
    super(options, 0.001, ["beta1", "beta2", "epsilon"]);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
  }

  override build(variables: readonly TrainableVariable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.momentums, this.velocities] = this.addOptimizerVariables(variables, ["momentum", "velocity"]) as [Variable[], Variable[]];
    this.uProduct = this.addVariable({ shape: [], initializer: "ones", dtype: variables[0]?.dtype ?? "float32", name: "u_product" });
  }

  protected override backendUpdateStep(grads: Tensor[], vars: Variable[], learningRate: number): void {
    const up = this.uProduct!;
    const t = f32(this.step + 1);
    const factor = f32(1 - f32(0.5 * f32(Math.pow(f32(0.96), t))));
    up.assign(convertToTensor(f32(f32(up.value.item() * f32(this.beta1)) * factor), up.dtype));
    super.backendUpdateStep(grads, vars, learningRate);
  }

  updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const t = f32(this.step + 1);
    const next = f32(this.step + 2);
    const decay = f32(0.96);
    const beta1 = f32(this.beta1);
    const beta2 = f32(this.beta2);
    const uT = f32(beta1 * f32(1 - f32(0.5 * f32(Math.pow(decay, t)))));
    const uT1 = f32(beta1 * f32(1 - f32(0.5 * f32(Math.pow(decay, next)))));
    const uProductT = this.uProduct!.value.item();
    const uProductT1 = f32(uProductT * uT1);
    const beta2Power = f32(Math.pow(beta2, t));
    const i = this.variableIndex(variable);
    const m = this.momentums[i]!;
    const v = this.velocities[i]!;
    this.assignAdd(m, multiply(subtract(gradient, m.value), f32(1 - beta1)));
    this.assignAdd(v, multiply(subtract(square(gradient), v.value), f32(1 - beta2)));
    const mHat = add(divide(multiply(uT1, m.value), f32(1 - uProductT1)), divide(multiply(f32(1 - uT), gradient), f32(1 - uProductT)));
    const vHat = divide(v.value, f32(1 - beta2Power));
    this.assignSub(variable, divide(multiply(mHat, learningRate), add(sqrt(vHat), this.epsilon)));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
