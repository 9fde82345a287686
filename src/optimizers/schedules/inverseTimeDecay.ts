import { checkOptions } from "../../util/options.js";
import { checkDecaySteps, f32, LearningRateSchedule, registerSchedule } from "./learningRateSchedule.js";

export interface InverseTimeDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay in discrete intervals (default false). */
  staircase?: boolean;
  name?: string;
}

/**
 * `initialLearningRate / (1 + decayRate * step / decaySteps)` (Keras's InverseTimeDecay).
 */
export class InverseTimeDecay extends LearningRateSchedule {
  static override readonly className: string = "InverseTimeDecay";
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(options: InverseTimeDecayOptions) {
    super();
    checkOptions("InverseTimeDecay", options, ["initialLearningRate", "decaySteps", "decayRate", "staircase", "name"]);
    this.initialLearningRate = options.initialLearningRate;
    this.decaySteps = checkDecaySteps(options.decaySteps);
    this.decayRate = options.decayRate;
    this.staircase = options.staircase ?? false;
    this.name = options.name ?? "InverseTimeDecay";
  }

  call(step: number): number {
    let p = f32(f32(step) / f32(this.decaySteps));
    if (this.staircase) p = Math.floor(p);
    const denom = f32(1 + f32(f32(this.decayRate) * p));
    return f32(f32(this.initialLearningRate) / denom);
  }

  getConfig(): Record<string, unknown> {
    return { initial_learning_rate: this.initialLearningRate, decay_steps: this.decaySteps, decay_rate: this.decayRate, staircase: this.staircase, name: this.name };
  }
}
registerSchedule("InverseTimeDecay", InverseTimeDecay);
