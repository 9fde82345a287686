import { L1L2 } from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, type LayerOptions, type Shape } from "../layer.js";

export interface ActivityRegularizationOptions extends Omit<LayerOptions, "activityRegularizer"> {
  /** L1 factor on the outputs (default 0). */
  l1?: number;
  /** L2 factor on the outputs (default 0). */
  l2?: number;
}

/**
 * Identity that adds `l1 * sum(|x|) + l2 * sum(x²)` of its inputs to the model's losses
 * (see `layer.losses`). No weights.
 *
 * ```ts
 * const reg = new keras.layers.ActivityRegularization({ l1: 1e-4 });
 * ```
 */
export class ActivityRegularization extends Layer {
  static override readonly className: string = "ActivityRegularization";
  readonly l1: number;
  readonly l2: number;

  constructor(options: ActivityRegularizationOptions = {}) {
    if ("activityRegularizer" in options) {
      throw new ValueError("ActivityRegularization: pass `l1` / `l2` instead of `activityRegularizer`.");
    }
    const l1 = options.l1 ?? 0;
    const l2 = options.l2 ?? 0;
    const rest: Record<string, unknown> = { ...options };
    delete rest.l1;
    delete rest.l2;
    super({ ...rest, activityRegularizer: new L1L2({ l1, l2 }) }, []);
    this.l1 = l1;
    this.l2 = l2;
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return inputs;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    const config = { ...super.getConfig() };
    delete config.activity_regularizer;
    return { ...config, l1: this.l1, l2: this.l2 };
  }
}
