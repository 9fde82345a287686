import { checkOptions } from "../../util/options.js";
import { checkDecaySteps, f32, LearningRateSchedule, registerSchedule } from "./learningRateSchedule.js";

export interface ExponentialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay in discrete intervals: `floor(step / decaySteps)` (default false). */
  staircase?: boolean;
  name?: string;
}

/**
 * `initialLearningRate * decayRate ^ (step / decaySteps)` (Keras's ExponentialDecay).
 * @example new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 })
 */
export class ExponentialDecay extends LearningRateSchedule {
  static override readonly className: string = "ExponentialDecay";
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(options: ExponentialDecayOptions) {
    super();
    checkOptions("ExponentialDecay", options, ["initialLearningRate", "decaySteps", "decayRate", "staircase", "name"]);
    this.initialLearningRate = options.initialLearningRate;
    this.decaySteps = checkDecaySteps(options.decaySteps);
    this.decayRate = options.decayRate;
    this.staircase = options.staircase ?? false;
    this.name = options.name ?? "ExponentialDecay";
  }

  call(step: number): number {
    let p = f32(f32(step) / f32(this.decaySteps));
    if (this.staircase) p = Math.floor(p);
    return f32(f32(this.initialLearningRate) * f32(Math.pow(f32(this.decayRate), p)));
  }

  getConfig(): Record<string, unknown> {
    return { initial_learning_rate: this.initialLearningRate, decay_steps: this.decaySteps, decay_rate: this.decayRate, staircase: this.staircase, name: this.name };
  }
}
registerSchedule("ExponentialDecay", ExponentialDecay);
