import * as activations from "../../activations/index.js";
import type { ActivationFn } from "../../activations/index.js";
import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { add } from "../../ops/numpy/arithmetic.js";
import { biasActivation } from "../../ops/nn/fused.js";
import { matmul } from "../../ops/numpy/linalg.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, positionalOptions, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

export interface DenseOptions extends LayerOptions {
  /** Dimensionality of the output space (positive integer). */
  units?: number;
  /** Activation name or function (default: none, i.e. linear). */
  activation?: string | activations.ActivationFn | null;
  /** Whether to add a bias vector (default true). */
  useBias?: boolean;
  /** Default "glorot_uniform". */
  kernelInitializer?: initializers.InitializerIdentifier;
  /** Default "zeros". */
  biasInitializer?: initializers.InitializerIdentifier;
  kernelRegularizer?: regularizers.RegularizerIdentifier | null;
  biasRegularizer?: regularizers.RegularizerIdentifier | null;
  kernelConstraint?: constraints.ConstraintIdentifier | null;
  biasConstraint?: constraints.ConstraintIdentifier | null;
  /** Accepted for config compatibility (Keras 3.15); must be null. */
  quantizationConfig?: null;
  loraRank?: number | null;
  loraAlpha?: number | null;
}

const DENSE_OPTIONS = [
  "units",
  "activation",
  "useBias",
  "kernelInitializer",
  "biasInitializer",
  "kernelRegularizer",
  "biasRegularizer",
  "kernelConstraint",
  "biasConstraint",
  "quantizationConfig",
  "loraRank",
  "loraAlpha",
];

/**
 * Densely-connected layer: `activation(inputs · kernel + bias)`, applied to the LAST axis.
 * Input (batch, ..., d) → output (batch, ..., units); a (None, 3, 2) input gives (None, 3, 16)
 * for 16 units — add a Flatten first to mix all 6 values.
 *
 * ```ts
 * const d = new keras.layers.Dense(16, { activation: "relu", inputShape: [3, 2] });
 * ```
 */
export class Dense extends Layer {
  static override readonly className: string = "Dense";
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  readonly kernelRegularizer: regularizers.Regularizer | null;
  readonly biasRegularizer: regularizers.Regularizer | null;
  readonly kernelConstraint: constraints.Constraint | null;
  readonly biasConstraint: constraints.Constraint | null;
  kernel: LayerVariable | null = null;
  bias: LayerVariable | null = null;

  constructor(units: number | DenseOptions, options?: DenseOptions) {
    const o = positionalOptions<DenseOptions>(units, options, "units");
    super(o, DENSE_OPTIONS);
    if (typeof o.units !== "number" || !Number.isInteger(o.units) || o.units <= 0) {
      throw new ValueError(`Dense: received an invalid value for \`units\`, expected a positive integer. Received: units=${String(o.units)}`);
    }
    this.units = o.units;
    this.activation = activations.get(o.activation ?? null);
    this.useBias = o.useBias ?? true;
    this.kernelInitializer = initializers.get(o.kernelInitializer ?? "glorot_uniform")!;
    this.biasInitializer = initializers.get(o.biasInitializer ?? "zeros")!;
    this.kernelRegularizer = regularizers.get(o.kernelRegularizer ?? null);
    this.biasRegularizer = regularizers.get(o.biasRegularizer ?? null);
    this.kernelConstraint = constraints.get(o.kernelConstraint ?? null);
    this.biasConstraint = constraints.get(o.biasConstraint ?? null);
    this.inputSpec = new InputSpec({ minNdim: 2 });
    this.supportsMasking = true;
  }

  override build(inputShape: Shape): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (inputDim === null || inputDim === undefined) {
      throw new ValueError(`Layer "${this.name}" (Dense): the last dimension of the input must be known, but received input shape ${formatShape(inputShape)}.`);
    }
    this.kernel = this.addWeight({
      name: "kernel",
      shape: [inputDim, this.units],
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight({
        name: "bias",
        shape: [this.units],
        initializer: this.biasInitializer,
        regularizer: this.biasRegularizer,
        constraint: this.biasConstraint,
      });
    }
    this.inputSpec = new InputSpec({ minNdim: 2, axes: { [-1]: inputDim } });
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    let x = matmul(inputs, this.kernel!.value);
    const fused = this.bias ? activations.fusedMode(this.activation) : null;
    if (fused) return biasActivation(x, this.bias!.value, fused);
    if (this.bias) x = add(x, this.bias.value);
    return this.activation(x);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: regularizers.serialize(this.kernelRegularizer),
      bias_regularizer: regularizers.serialize(this.biasRegularizer),
      kernel_constraint: constraints.serialize(this.kernelConstraint),
      bias_constraint: constraints.serialize(this.biasConstraint),
    };
  }
}
