import { ValueError } from "../../util/errors.js";
import { checkOptions } from "../../util/options.js";
import { f32, LearningRateSchedule, registerSchedule } from "./learningRateSchedule.js";

export interface PiecewiseConstantDecayOptions {
  /** Increasing step boundaries. */
  boundaries: number[];
  /** One more value than boundaries: values[i] applies while step <= boundaries[i]. */
  values: number[];
  name?: string;
}

/**
 * A step function of the optimizer step (Keras's PiecewiseConstantDecay): `values[0]` while
 * `step <= boundaries[0]`, `values[i]` for `boundaries[i-1] < step <= boundaries[i]`, and the
 * last value after the last boundary.
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override readonly className: string = "PiecewiseConstantDecay";
  readonly boundaries: number[];
  readonly values: number[];
  readonly name: string;

  constructor(options: PiecewiseConstantDecayOptions) {
    super();
    checkOptions("PiecewiseConstantDecay", options, ["boundaries", "values", "name"]);
    const { boundaries, values } = options;
    if (!Array.isArray(boundaries) || !Array.isArray(values) || boundaries.length !== values.length - 1) {
      throw new ValueError(
        `The length of boundaries should be 1 less than the length of values. Received: boundaries=${JSON.stringify(boundaries)} of length ${boundaries?.length}, and values=${JSON.stringify(values)} of length ${values?.length}.`,
      );
    }
    this.boundaries = [...boundaries];
    this.values = [...values];
    this.name = options.name ?? "PiecewiseConstant";
  }

  call(step: number): number {
    for (let i = 0; i < this.boundaries.length; i++) {
      if (step <= this.boundaries[i]!) return f32(this.values[i]!);
    }
    return f32(this.values[this.values.length - 1]!);
  }

  getConfig(): Record<string, unknown> {
    return { boundaries: this.boundaries, values: this.values, name: this.name };
  }
}
registerSchedule("PiecewiseConstantDecay", PiecewiseConstantDecay);
