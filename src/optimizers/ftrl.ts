import { Constant } from "../initializers/index.js";
import { add, clip, divide, multiply, power, square, subtract } from "../ops/numpy/arithmetic.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { ValueError } from "../util/errors.js";
import { Optimizer, type OptimizerOptions, type TrainableVariable } from "./optimizer.js";

const f32 = Math.fround;

export interface FtrlOptions extends OptimizerOptions {
  /** How the learning rate decreases during training; <= 0 (default -0.5). */
  learningRatePower?: number;
  /** Starting value of the accumulators, >= 0 (default 0.1). */
  initialAccumulatorValue?: number;
  /** L1 regularization strength, >= 0 (default 0). */
  l1RegularizationStrength?: number;
  /** L2 regularization strength, >= 0 (default 0). */
  l2RegularizationStrength?: number;
  /** L2 shrinkage regularization, >= 0 (default 0). */
  l2ShrinkageRegularizationStrength?: number;
  /** The beta of the FTRL paper (default 0). */
  beta?: number;
}

/** Follow The Regularized Leader (Keras's Ftrl, learningRate 0.001). */
export class Ftrl extends Optimizer {
  static override readonly className: string = "Ftrl";
  readonly learningRatePower: number;
  readonly initialAccumulatorValue: number;
  readonly l1RegularizationStrength: number;
  readonly l2RegularizationStrength: number;
  readonly l2ShrinkageRegularizationStrength: number;
  readonly beta: number;
  private accumulators: Variable[] = [];
  private linears: Variable[] = [];

  constructor(options: FtrlOptions = {}) {
    super(options, 0.001, ["learningRatePower", "initialAccumulatorValue", "l1RegularizationStrength", "l2RegularizationStrength", "l2ShrinkageRegularizationStrength", "beta"]);
    this.learningRatePower = options.learningRatePower ?? -0.5;
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    this.l1RegularizationStrength = options.l1RegularizationStrength ?? 0;
    this.l2RegularizationStrength = options.l2RegularizationStrength ?? 0;
    this.l2ShrinkageRegularizationStrength = options.l2ShrinkageRegularizationStrength ?? 0;
    this.beta = options.beta ?? 0;
    if (this.initialAccumulatorValue < 0) throw new ValueError(`\`initialAccumulatorValue\` needs to be positive or zero. Received: initialAccumulatorValue=${this.initialAccumulatorValue}.`);
    if (this.learningRatePower > 0) throw new ValueError(`\`learningRatePower\` needs to be negative or zero. Received: learningRatePower=${this.learningRatePower}.`);
    for (const k of ["l1RegularizationStrength", "l2RegularizationStrength", "l2ShrinkageRegularizationStrength"] as const) {
      if (this[k] < 0) throw new ValueError(`\`${k}\` needs to be positive or zero. Received: ${k}=${this[k]}.`);
    }
  }

  override build(variables: readonly TrainableVariable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.accumulators, this.linears] = this.addOptimizerVariables(variables, ["accumulator", "linear"], [new Constant(this.initialAccumulatorValue), "zeros"]) as [Variable[], Variable[]];
  }

  updateStep(gradient: Tensor, variable: Variable, learningRate: number): void {
    const i = this.variableIndex(variable);
    const accum = this.accumulators[i]!;
    const linear = this.linears[i]!;
    const lr = f32(learningRate);
    const lrPower = this.learningRatePower;
    const l2Reg = f32(f32(this.l2RegularizationStrength) + f32(f32(this.beta) / f32(2 * lr)));
    const gradToUse = add(gradient, multiply(2 * this.l2ShrinkageRegularizationStrength, variable.value));
    const newAccum = add(accum.value, square(gradient));
    this.assignAdd(linear, subtract(gradToUse, multiply(divide(subtract(power(newAccum, -lrPower), power(accum.value, -lrPower)), lr), variable.value)));
    const quadratic = add(divide(power(newAccum, -lrPower), lr), f32(2 * l2Reg));
    const l1 = this.l1RegularizationStrength;
    const linearClipped = clip(linear.value, -l1, l1);
    this.assign(variable, divide(subtract(linearClipped, linear.value), quadratic));
    this.assign(accum, newAccum);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      learning_rate_power: this.learningRatePower,
      initial_accumulator_value: this.initialAccumulatorValue,
      l1_regularization_strength: this.l1RegularizationStrength,
      l2_regularization_strength: this.l2RegularizationStrength,
      l2_shrinkage_regularization_strength: this.l2ShrinkageRegularizationStrength,
      beta: this.beta,
    };
  }
}
