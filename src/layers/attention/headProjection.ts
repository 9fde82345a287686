import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { add } from "../../ops/numpy/arithmetic.js";
import { matmul } from "../../ops/numpy/linalg.js";
import { reshape } from "../../ops/numpy/shape.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { Layer, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

/** @internal What MultiHeadAttention gives its projections. */
export interface HeadProjectionOptions extends LayerOptions {
  /** How many trailing input axes are contracted with the kernel's leading axes. */
  contract: number;
  /** The kernel's trailing (output) dims, e.g. [numHeads, keyDim]. */
  outDims: number[];
  useBias: boolean;
  kernelInitializer: initializers.Initializer;
  biasInitializer: initializers.Initializer;
  kernelRegularizer: regularizers.Regularizer | null;
  biasRegularizer: regularizers.Regularizer | null;
  kernelConstraint: constraints.Constraint | null;
  biasConstraint: constraints.Constraint | null;
}

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/**
 * @internal The projections inside MultiHeadAttention, with the weight layout of Keras's
 * EinsumDense sublayers: `kernel (...contracted input dims, ...outDims)`, `bias (...outDims)`.
 * `(..., c1..cm) → (..., ...outDims)`, computed as one matmul.
 */
export class HeadProjection extends Layer {
  static override readonly className: string = "EinsumDense";
  readonly contract: number;
  readonly outDims: number[];
  readonly useBias: boolean;
  private readonly o: HeadProjectionOptions;
  kernel: LayerVariable | null = null;
  bias: LayerVariable | null = null;

  constructor(options: HeadProjectionOptions) {
    const { contract, outDims, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, ...base } = options;
    super(base);
    this.contract = contract;
    this.outDims = [...outDims];
    this.useBias = useBias;
    this.o = { contract, outDims, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint };
  }

  override build(inputShape: Shape): void {
    const contracted = inputShape.slice(inputShape.length - this.contract);
    if (contracted.some((d) => d === null)) {
      throw new ValueError(`Layer "${this.name}": the last ${this.contract} dimension(s) of the input must be known, but received input shape ${formatShape(inputShape)}.`);
    }
    this.kernel = this.addWeight({
      name: "kernel",
      shape: [...(contracted as number[]), ...this.outDims],
      initializer: this.o.kernelInitializer,
      regularizer: this.o.kernelRegularizer,
      constraint: this.o.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight({
        name: "bias",
        shape: this.outDims,
        initializer: this.o.biasInitializer,
        regularizer: this.o.biasRegularizer,
        constraint: this.o.biasConstraint,
      });
    }
    this.built = true;
  }

  override call(x: Tensor): Tensor {
    const lead = x.shape.slice(0, x.shape.length - this.contract);
    const kernel = this.kernel!.value;
    const inSize = prod(kernel.shape.slice(0, this.contract));
    const flatOut = prod(this.outDims);
    let y = matmul(reshape(x, [...lead, inSize]), reshape(kernel, [inSize, flatOut]));
    y = reshape(y, [...lead, ...this.outDims]);
    return this.bias ? add(y, this.bias.value) : y;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, inputShape.length - this.contract), ...this.outDims];
  }
}
