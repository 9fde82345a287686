import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { add, multiply, negative } from "../../ops/numpy/arithmetic.js";
import { relu } from "../../ops/nn/activations.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

export interface PReLUOptions extends LayerOptions {
  /** Initializer of the learned slopes (default "Zeros"). */
  alphaInitializer?: initializers.InitializerIdentifier | null;
  alphaRegularizer?: regularizers.RegularizerIdentifier | null;
  alphaConstraint?: constraints.ConstraintIdentifier | null;
  /** Axes (1-based, batch excluded) along which one slope is shared, e.g. `[1, 2]` for one slope per channel of images. */
  sharedAxes?: number | readonly number[] | null;
}

/**
 * Parametric ReLU: `x` for x >= 0, `alpha * x` otherwise, with `alpha` learned per input position
 * (shape: the input shape without the batch, size 1 along `sharedAxes`). Weight: `alpha`.
 *
 * ```ts
 * const prelu = new keras.layers.PReLU({ sharedAxes: [1, 2] });
 * ```
 */
export class PReLU extends Layer {
  static override readonly className: string = "PReLU";
  readonly alphaInitializer: initializers.Initializer;
  readonly alphaRegularizer: regularizers.Regularizer | null;
  readonly alphaConstraint: constraints.Constraint | null;
  readonly sharedAxes: number[] | null;
  alpha: LayerVariable | null = null;

  constructor(options: PReLUOptions = {}) {
    super(options, ["alphaInitializer", "alphaRegularizer", "alphaConstraint", "sharedAxes"]);
    const o = options;
    this.alphaInitializer = initializers.get(o.alphaInitializer ?? "Zeros")!;
    this.alphaRegularizer = regularizers.get(o.alphaRegularizer ?? null);
    this.alphaConstraint = constraints.get(o.alphaConstraint ?? null);
    const sa = o.sharedAxes ?? null;
    this.sharedAxes = sa === null ? null : typeof sa === "number" ? [sa] : [...sa];
    if (this.sharedAxes && this.sharedAxes.some((a) => !Number.isInteger(a) || a < 1)) {
      throw new ValueError(`PReLU: \`sharedAxes\` must be positive axis indices (axis 0, the batch, cannot be shared). Received: sharedAxes=${JSON.stringify(sa)}`);
    }
    this.supportsMasking = true;
  }

  override build(inputShape: Shape): void {
    const paramShape = inputShape.slice(1);
    for (const a of this.sharedAxes ?? []) {
      if (a >= inputShape.length) throw new ValueError(`Layer "${this.name}" (PReLU): shared axis ${a} is out of range for input shape ${formatShape(inputShape)}.`);
      paramShape[a - 1] = 1;
    }
    if (paramShape.some((d) => d === null)) {
      throw new ValueError(`Layer "${this.name}" (PReLU): every non-shared, non-batch dimension must be known to create \`alpha\`, but received input shape ${formatShape(inputShape)}. Share the unknown axes with \`sharedAxes\`.`);
    }
    this.alpha = this.addWeight({ name: "alpha", shape: paramShape as number[], initializer: this.alphaInitializer, regularizer: this.alphaRegularizer, constraint: this.alphaConstraint });
    const axes: Record<number, number | null> = {};
    if (this.sharedAxes) for (let i = 1; i < inputShape.length; i++) if (!this.sharedAxes.includes(i)) axes[i] = inputShape[i]!;
    this.inputSpec = new InputSpec({ ndim: inputShape.length, axes });
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return add(relu(inputs), multiply(negative(this.alpha!.value), relu(negative(inputs))));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      alpha_initializer: initializers.serialize(this.alphaInitializer),
      alpha_regularizer: regularizers.serialize(this.alphaRegularizer),
      alpha_constraint: constraints.serialize(this.alphaConstraint),
      shared_axes: this.sharedAxes,
    };
  }
}
