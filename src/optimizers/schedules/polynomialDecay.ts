import { checkOptions } from "../../util/options.js";
import { checkDecaySteps, f32, LearningRateSchedule, registerSchedule } from "./learningRateSchedule.js";

export interface PolynomialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  /** The rate reached after decaySteps (default 0.0001). */
  endLearningRate?: number;
  /** The polynomial's power (default 1: linear). */
  power?: number;
  /** Restart with a longer period after decaySteps (default false). */
  cycle?: boolean;
  name?: string;
}

/**
 * `(initial - end) * (1 - min(step, decaySteps) / decaySteps) ^ power + end`
 * (Keras's PolynomialDecay; with `cycle`, decaySteps grows to the next multiple).
 */
export class PolynomialDecay extends LearningRateSchedule {
  static override readonly className: string = "PolynomialDecay";
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;
  readonly name: string;

  constructor(options: PolynomialDecayOptions) {
    super();
    checkOptions("PolynomialDecay", options, ["initialLearningRate", "decaySteps", "endLearningRate", "power", "cycle", "name"]);
    this.initialLearningRate = options.initialLearningRate;
    this.decaySteps = checkDecaySteps(options.decaySteps);
    this.endLearningRate = options.endLearningRate ?? 0.0001;
    this.power = options.power ?? 1.0;
    this.cycle = options.cycle ?? false;
    this.name = options.name ?? "PolynomialDecay";
  }

  call(step: number): number {
    let s = f32(step);
    let decaySteps = f32(this.decaySteps);
    if (this.cycle) {
      const multiplier = s === 0 ? 1 : Math.ceil(f32(s / this.decaySteps));
      decaySteps = f32(decaySteps * multiplier);
    } else {
      s = Math.min(s, decaySteps);
    }
    const p = f32(s / decaySteps);
    const init = f32(this.initialLearningRate);
    const end = f32(this.endLearningRate);
    return f32(f32(f32(init - end) * f32(Math.pow(f32(1 - p), f32(this.power)))) + end);
  }

  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      end_learning_rate: this.endLearningRate,
      power: this.power,
      cycle: this.cycle,
      name: this.name,
    };
  }
}
registerSchedule("PolynomialDecay", PolynomialDecay);
