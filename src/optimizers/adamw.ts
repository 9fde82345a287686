import { ValueError } from "../util/errors.js";
import { Adam, type AdamOptions } from "./adam.js";

/**
 * Adam with decoupled weight decay (Keras's AdamW, weightDecay 0.004): before each update
 * `w -= w * weightDecay * lr`, then the Adam step.
 */
export class AdamW extends Adam {
  static override readonly className: string = "AdamW";

  constructor(options: AdamOptions = {}) {
    super({ ...options, weightDecay: options.weightDecay === undefined ? 0.004 : options.weightDecay });
    if (this.weightDecay === null) throw new ValueError("Argument `weightDecay` must be a float. Received: weightDecay=null");
  }
}
