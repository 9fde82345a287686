import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { notEqual } from "../../ops/numpy/arithmetic.js";
import { cast, take } from "../../ops/numpy/manipulation.js";
import * as regularizers from "../../regularizers/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

export interface EmbeddingOptions extends LayerOptions {
  /** Size of the vocabulary: indices are in [0, inputDim). */
  inputDim?: number;
  /** Dimension of the dense embedding. */
  outputDim?: number;
  /** Default "uniform" (RandomUniform in [-0.05, 0.05]). */
  embeddingsInitializer?: initializers.InitializerIdentifier;
  embeddingsRegularizer?: regularizers.RegularizerIdentifier | null;
  embeddingsConstraint?: constraints.ConstraintIdentifier | null;
  /** Treat index 0 as padding: the output mask is `inputs != 0` (so inputDim should be vocabulary + 1). Default false. */
  maskZero?: boolean;
  /** Initial value of the embeddings matrix (`[matrix]` or the matrix). */
  weights?: unknown;
  /** Keras 2 configs: ignored (the sequence length comes from the input). */
  inputLength?: number | null;
  /** Accepted for config compatibility (Keras 3.15); must be null. */
  loraRank?: number | null;
  loraAlpha?: number | null;
  quantizationConfig?: null;
}

function positiveInt(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`Embedding: \`${name}\` must be a positive integer. Received: ${name}=${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * Turns non-negative integer indices into dense vectors: `(batch, ...)` → `(batch, ..., outputDim)`,
 * row `i` of the `embeddings (inputDim, outputDim)` weight for index `i`. Inputs are indices
 * (float inputs are cast to int32, not rounded). With `maskZero` the layer emits the mask
 * `inputs != 0` for the layers after it (RNNs skip masked timesteps).
 *
 * ```ts
 * const emb = new keras.layers.Embedding(1000, 64, { maskZero: true });
 * emb.apply(keras.Input([10])).shape;   // [null, 10, 64]
 * ```
 */
export class Embedding extends Layer {
  static override readonly className: string = "Embedding";
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: initializers.Initializer;
  readonly embeddingsRegularizer: regularizers.Regularizer | null;
  readonly embeddingsConstraint: constraints.Constraint | null;
  readonly maskZero: boolean;
  embeddings: LayerVariable | null = null;

  constructor(inputDim: number | EmbeddingOptions, outputDim?: number | EmbeddingOptions, options?: EmbeddingOptions) {
    let o: EmbeddingOptions;
    if (inputDim !== null && typeof inputDim === "object") o = { ...inputDim };
    else if (outputDim !== null && typeof outputDim === "object") o = { ...outputDim, inputDim };
    else o = { ...(options ?? {}), inputDim, outputDim };
    super({ autocast: false, ...o, inputDim: undefined } as LayerOptions, [
      "outputDim",
      "embeddingsInitializer",
      "embeddingsRegularizer",
      "embeddingsConstraint",
      "maskZero",
      "weights",
      "inputLength",
      "loraRank",
      "loraAlpha",
      "quantizationConfig",
    ]);
    this.inputDim = positiveInt(o.inputDim, "input_dim");
    this.outputDim = positiveInt(o.outputDim, "output_dim");
    const init = o.embeddingsInitializer ?? "uniform";
    this.embeddingsInitializer = initializers.get(init === "uniform" ? new initializers.RandomUniform({ minval: -0.05, maxval: 0.05 }) : init)!;
    this.embeddingsRegularizer = regularizers.get(o.embeddingsRegularizer ?? null);
    this.embeddingsConstraint = constraints.get(o.embeddingsConstraint ?? null);
    this.maskZero = o.maskZero ?? false;
    this.supportsMasking = this.maskZero;
    if (o.loraRank || o.quantizationConfig) throw new ValueError("Embedding: LoRA and quantization are not supported.");
    if (o.weights !== undefined && o.weights !== null) {
      this.build([null]);
      const w = o.weights;
      this.setWeights(Array.isArray(w) && w.length === 1 && !(typeof w[0] === "number") ? w : [w]);
    }
  }

  override build(_inputShape: Shape | Shape[]): void {
    if (this.embeddings) return;
    this.embeddings = this.addWeight({
      name: "embeddings",
      shape: [this.inputDim, this.outputDim],
      initializer: this.embeddingsInitializer,
      regularizer: this.embeddingsRegularizer,
      constraint: this.embeddingsConstraint,
    });
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const indices = inputs.dtype === "int32" ? inputs : cast(inputs, "int32");
    return take(this.embeddings!.value, indices, 0);
  }

  override computeMask(inputs: Tensor | Tensor[]): Tensor | null {
    if (!this.maskZero) return null;
    return notEqual(inputs as Tensor, 0);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape, this.outputDim];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      input_dim: this.inputDim,
      output_dim: this.outputDim,
      embeddings_initializer: initializers.serialize(this.embeddingsInitializer),
      embeddings_regularizer: regularizers.serialize(this.embeddingsRegularizer),
      activity_regularizer: regularizers.serialize(this.activityRegularizer),
      embeddings_constraint: constraints.serialize(this.embeddingsConstraint),
      mask_zero: this.maskZero,
      quantization_config: null,
    };
  }
}
