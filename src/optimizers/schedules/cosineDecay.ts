import { checkOptions } from "../../util/options.js";
import { checkDecaySteps, f32, LearningRateSchedule, registerSchedule } from "./learningRateSchedule.js";

export interface CosineDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  /** The minimum learning rate as a fraction of the initial one (default 0). */
  alpha?: number;
  name?: string;
  /** With warmup: the rate reached linearly after `warmupSteps`, then decayed (default null: no warmup). */
  warmupTarget?: number | null;
  /** Number of linear warmup steps (default 0). */
  warmupSteps?: number;
}

/**
 * Cosine decay with optional linear warmup (Keras's CosineDecay):
 * `lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha)`.
 * With `warmupTarget`, the rate goes linearly from `initialLearningRate` to `warmupTarget`
 * during `warmupSteps`, then decays from `warmupTarget`.
 */
export class CosineDecay extends LearningRateSchedule {
  static override readonly className: string = "CosineDecay";
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly name: string;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(options: CosineDecayOptions) {
    super();
    checkOptions("CosineDecay", options, ["initialLearningRate", "decaySteps", "alpha", "name", "warmupTarget", "warmupSteps"]);
    this.initialLearningRate = options.initialLearningRate;
    this.decaySteps = checkDecaySteps(options.decaySteps);
    this.alpha = options.alpha ?? 0.0;
    this.name = options.name ?? "CosineDecay";
    this.warmupTarget = options.warmupTarget ?? null;
    this.warmupSteps = options.warmupSteps ?? 0;
  }

  private decay(step: number, decaySteps: number, fromLr: number): number {
    const fraction = f32(step / decaySteps);
    const cosine = f32(0.5 * f32(1 + f32(Math.cos(f32(f32(Math.PI) * fraction)))));
    const decayed = f32(f32(f32(1 - this.alpha) * cosine) + f32(this.alpha));
    return f32(fromLr * decayed);
  }

  call(step: number): number {
    const init = f32(this.initialLearningRate);
    const decaySteps = f32(this.decaySteps);
    let s = f32(step);
    if (this.warmupTarget === null) {
      return this.decay(Math.min(s, decaySteps), decaySteps, init);
    }
    const target = f32(this.warmupTarget);
    const warmupSteps = f32(this.warmupSteps);
    s = Math.min(s, f32(decaySteps + warmupSteps));
    if (s < warmupSteps) {
      const fraction = f32(s / warmupSteps);
      return f32(f32(f32(target - init) * fraction) + init);
    }
    return this.decay(f32(s - warmupSteps), decaySteps, target);
  }

  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      alpha: this.alpha,
      name: this.name,
      warmup_target: this.warmupTarget,
      warmup_steps: this.warmupSteps,
    };
  }
}
registerSchedule("CosineDecay", CosineDecay);
