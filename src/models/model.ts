import type { Layer, CallOptions, LayerOptions, Shape } from "../layers/layer.js";
import { Trainer } from "../trainers/trainer.js";
import { KerasTensor } from "../tensor/kerasTensor.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";
import { printSummary, type SummaryOptions } from "./summary.js";
import { serializeModel } from "./modelConfig.js";
import { savingHooks } from "./savingHooks.js";

export interface ModelOptions {
  name?: string;
  trainable?: boolean;
  dtype?: LayerOptions["dtype"];
}

export interface FunctionalArgs extends ModelOptions {
  inputs: KerasTensor | KerasTensor[] | Record<string, KerasTensor>;
  outputs: KerasTensor | KerasTensor[] | Record<string, KerasTensor>;
}


type FunctionalFactory = (args: FunctionalArgs) => Model;
let functionalFactory: FunctionalFactory | undefined;

/** @internal Set by functional.ts (which imports this file) to break the import cycle. */
export function setFunctionalFactory(f: FunctionalFactory): void {
  functionalFactory = f;
}

/**
 * A model: a layer with training and inference APIs. `new keras.Model({ inputs, outputs })`
 * (or `new keras.Model(inputs, outputs)`) builds a functional model; subclass it and
 * override `call` for a subclassed model.
 */
export class Model extends Trainer {
  static override readonly className: string = "Model";

  constructor(inputsOrOptions?: FunctionalArgs | ModelOptions | KerasTensor | KerasTensor[], outputs?: KerasTensor | KerasTensor[], options: ModelOptions = {}) {
    let args: FunctionalArgs | null = null;
    let opts: ModelOptions = {};
    if (inputsOrOptions instanceof KerasTensor || Array.isArray(inputsOrOptions)) {
      if (outputs === undefined) throw new ValueError("Model: got inputs but no outputs. Use new keras.Model({ inputs, outputs }) or new keras.Model(inputs, outputs).");
      args = { ...options, inputs: inputsOrOptions, outputs };
    } else if (inputsOrOptions && "inputs" in inputsOrOptions) {
      args = inputsOrOptions as FunctionalArgs;
    } else {
      opts = (inputsOrOptions as ModelOptions) ?? {};
    }
    if (args && new.target === Model) {
      if (!functionalFactory) throw new Error("Internal error: functional models are not registered.");
      checkOptions("Model", args, ["inputs", "outputs", "name", "trainable", "dtype"]);
      // Like Keras's Model.__new__: Model(inputs, outputs) is a Functional model.
      return functionalFactory(args) as Model;
    }
    super(args ? { name: args.name, trainable: args.trainable, dtype: args.dtype } : opts);
  }

  /** The model's layers (Sequential: without its InputLayer; functional: with them). */
  get layers(): Layer[] {
    return this.trackedLayers();
  }

  /** Finds a layer by name (or by index). */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    if (typeof nameOrIndex === "number") {
      const l = layers[nameOrIndex];
      if (!l) throw new ValueError(`Was asked to retrieve layer at index ${nameOrIndex} but model only has ${layers.length} layers.`);
      return l;
    }
    const l = layers.find((x) => x.name === nameOrIndex);
    if (!l) throw new ValueError(`No such layer: ${nameOrIndex}. Existing layers are: ${JSON.stringify(layers.map((x) => x.name))}.`);
    return l;
  }

  /** Prints the model's layers, output shapes and parameter counts (Keras's `model.summary()`). */
  summary(options: SummaryOptions = {}): void {
    printSummary(this, options);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return super.computeOutputShape(inputShape);
  }

  // ---------------------------------------------------------------- saving

  /**
   * Saves the model: `"m.keras"` (Keras 3's zip, opened by Python's `keras.saving.load_model`) or
   * `"m.h5"` (legacy HDF5). Atomic: a failed save leaves any previous file intact.
   */
  async save(path: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await savingHooks().saveModel(this, path, { overwrite: options.overwrite ?? true });
  }

  /** Saves the weights only, in Keras 3's `.weights.h5` layout. */
  async saveWeights(path: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await savingHooks().saveWeights(this, path, { overwrite: options.overwrite ?? true });
  }

  /** Loads weights saved by Keras 3 (`.weights.h5`, `.keras`) or Keras 2 (`.h5`) into this built model. */
  async loadWeights(source: string | Uint8Array | ArrayBuffer): Promise<void> {
    await savingHooks().loadWeights(this, source);
  }

  /** The architecture as JSON (Keras 3's `model.to_json()`); rebuild with `keras.models.modelFromJSON`. */
  toJSON(): string {
    return JSON.stringify(serializeModel(this));
  }

  protected override hasShapeRule(): boolean {
    return false;
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor | Tensor[] {
    void options;
    void inputs;
    throw new ValueError(`Model "${this.name}" has no call() method. Subclasses of keras.Model must override call(inputs, options), or build a functional model with new keras.Model({ inputs, outputs }).`);
  }
}
