import { normalizeDType } from "../../tensor/dtypes.js";
import type { DType } from "../../tensor/dtypes.js";
import { Node } from "../../graph/node.js";
import { KerasTensor } from "../../tensor/kerasTensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { checkOptions } from "../../util/options.js";
import { Layer, type Shape } from "../layer.js";

export interface InputLayerOptions {
  /** The shape of one sample, without the batch dim. */
  shape?: readonly (number | null)[];
  batchSize?: number | null;
  /** The full shape, batch dim included (alias: batchInputShape, as in Keras 2 files). */
  batchShape?: readonly (number | null)[];
  batchInputShape?: readonly (number | null)[];
  dtype?: DType | string;
  sparse?: boolean;
  ragged?: boolean;
  optional?: boolean;
  name?: string;
  inputShape?: readonly (number | null)[];
}

const INPUT_OPTIONS = ["shape", "batchSize", "batchShape", "batchInputShape", "dtype", "sparse", "ragged", "optional", "name", "inputShape", "inputTensor"];

/**
 * The entry point of a functional graph: holds the symbolic input tensor. Made by
 * `keras.Input(...)`; a Sequential model adds one for its first layer's `inputShape`.
 */
export class InputLayer extends Layer {
  static override readonly className: string = "InputLayer";
  readonly batchShape: Shape;
  readonly outputTensor: KerasTensor;
  readonly sparse: boolean;
  readonly ragged: boolean;
  readonly optional: boolean;

  constructor(options: InputLayerOptions = {}) {
    checkOptions("InputLayer", options, INPUT_OPTIONS);
    super({ name: options.name, dtype: options.dtype ?? "float32" });
    const given = options.batchShape ?? options.batchInputShape;
    let batchShape: Shape;
    if (given !== undefined) {
      if (options.shape !== undefined) {
        throw new ValueError("InputLayer: you cannot pass both `shape` and `batchShape` at the same time.");
      }
      batchShape = checkShape([...given], "batchShape");
    } else {
      const shape = options.shape ?? options.inputShape;
      if (shape === undefined) {
        throw new ValueError("InputLayer: you must pass a `shape` argument, e.g. keras.Input({ shape: [3] }) or keras.Input([3]).");
      }
      batchShape = [options.batchSize ?? null, ...checkShape([...shape], "shape")];
    }
    this.batchShape = batchShape;
    this.sparse = options.sparse ?? false;
    this.ragged = options.ragged ?? false;
    this.optional = options.optional ?? false;
    this.built = true;
    this.outputTensor = new KerasTensor(batchShape, normalizeDType(options.dtype ?? "float32", "Input dtype"), this.name);
    new Node(this, [], [this.outputTensor], { inputsAreList: false, outputsAreList: false });
  }

  override getConfig(): Record<string, unknown> {
    return {
      batch_shape: this.batchShape,
      dtype: this.dtypePolicy,
      sparse: this.sparse,
      ragged: this.ragged,
      name: this.name,
      optional: this.optional,
    };
  }

  static fromConfig(config: Record<string, unknown>): InputLayer {
    return new InputLayer({
      batchShape: (config.batch_shape ?? config.batch_input_shape) as Shape,
      dtype: (typeof config.dtype === "object" && config.dtype ? (config.dtype as { config: { name: string } }).config.name : (config.dtype as string)) ?? "float32",
      sparse: config.sparse as boolean | undefined,
      ragged: config.ragged as boolean | undefined,
      optional: config.optional as boolean | undefined,
      name: config.name as string,
    });
  }
}

function checkShape(shape: unknown[], option: string): Shape {
  for (const d of shape) {
    if (d !== null && (typeof d !== "number" || !Number.isInteger(d) || d < 0)) {
      throw new ValueError(`Input: \`${option}\` must contain non-negative integers or null, but received ${formatShape(shape as (number | null)[])}.`);
    }
  }
  return shape as Shape;
}

/**
 * keras.Input: a symbolic tensor to start a functional model. `keras.Input([3])` or
 * `keras.Input({ shape: [3], batchSize, batchShape, name, dtype })`; its shape is `[null, 3]`.
 */
export function Input(shapeOrOptions: readonly (number | null)[] | InputLayerOptions, options: InputLayerOptions = {}): KerasTensor {
  const opts: InputLayerOptions = Array.isArray(shapeOrOptions) ? { ...options, shape: shapeOrOptions as (number | null)[] } : { ...(shapeOrOptions as InputLayerOptions) };
  return new InputLayer(opts).outputTensor;
}
