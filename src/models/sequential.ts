import { InputLayer } from "../layers/core/inputLayer.js";
import { bumpStructureVersion, Layer, markPerSampleInference, type CallOptions, type Shape } from "../layers/layer.js";
import { KerasTensor } from "../tensor/kerasTensor.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { checkOptions } from "../util/options.js";
import { Functional } from "./functional.js";
import { Model, type ModelOptions } from "./model.js";
import { sequentialConfig } from "./modelConfig.js";
import { savingHooks } from "./savingHooks.js";
import type { CustomObjects } from "../serialization/registry.js";

export interface SequentialOptions extends ModelOptions {
  /** The layers (a keras.Input() tensor may come first). */
  layers?: (Layer | KerasTensor)[];
}

/**
 * A linear stack of layers. Give the first layer an input shape (`inputShape`, `inputDim`,
 * `batchInputShape`, or start with `keras.Input`) to build the model at once; otherwise it is
 * built on its first call.
 *
 * ```ts
 * const model = new keras.Sequential();
 * model.add(new keras.layers.Dense(16, { inputShape: [3, 2] }));
 * ```
 */
export class Sequential extends Model {
  static override readonly className: string = "Sequential";
  private stack: Layer[] = [];
  private functional: Functional | null = null;

  constructor(layers?: (Layer | KerasTensor)[] | SequentialOptions, options: SequentialOptions = {}) {
    const opts: SequentialOptions = Array.isArray(layers) ? { ...options, layers } : { ...(layers ?? {}), ...options };
    checkOptions("Sequential", opts, ["layers", "name", "trainable", "dtype"]);
    super({ name: opts.name, trainable: opts.trainable, dtype: opts.dtype });
    for (const l of opts.layers ?? []) this.add(l, false);
    this.maybeRebuild();
  }

  /** Adds a layer on top of the stack (a KerasTensor from keras.Input adds its InputLayer). */
  add(layer: Layer | KerasTensor, rebuild = true): void {
    let l: Layer;
    if (layer instanceof KerasTensor) {
      const op = (layer.kerasHistory as { operation?: unknown } | undefined)?.operation;
      if (!(op instanceof InputLayer)) throw new ValueError("Sequential.add: only a keras.Input() tensor may be added as a tensor.");
      l = op;
    } else if (layer instanceof Layer) {
      l = layer;
    } else {
      throw new ValueError(`Sequential.add: only instances of keras.layers.Layer can be added to a Sequential model. Received: ${String(layer)} (of type ${typeof layer}).`);
    }
    if (l instanceof InputLayer && this.stack.some((x) => x instanceof InputLayer)) {
      throw new ValueError(`Sequential model '${this.name}' has already been configured to use input shape ${formatShape(this.stack[0] instanceof InputLayer ? this.stack[0].batchShape : [])}. You cannot add a different Input layer to it.`);
    }
    if (this.stack.length === 0 && !(l instanceof InputLayer) && l.batchInputShapeArg) {
      this.stack.push(new InputLayer({ batchShape: l.batchInputShapeArg, dtype: l.dtype }));
    } else if (this.stack.length > 0 && l.batchInputShapeArg && !(l instanceof InputLayer)) {
      // Keras ignores input shapes on non-first layers; so do we.
    }
    if (this.stack.includes(l)) throw new ValueError(`Sequential.add: layer "${l.name}" is already in the model.`);
    this.stack.push(l);
    if (rebuild) this.maybeRebuild();
    else this.built = false;
  }

  /** Removes the last layer. */
  pop(rebuild = true): Layer {
    const last = this.stack[this.stack.length - 1];
    if (!last || last instanceof InputLayer) throw new ValueError(`Sequential.pop: there are no layers to remove from model '${this.name}'.`);
    this.stack.pop();
    bumpStructureVersion();
    this.functional = null;
    this.built = false;
    if (rebuild) this.maybeRebuild();
    return last;
  }

  private maybeRebuild(): void {
    bumpStructureVersion();
    this.functional = null;
    this.built = false;
    const first = this.stack[0];
    if (first instanceof InputLayer && this.stack.length > 1) this.build(first.batchShape);
  }

  /** Builds the graph for inputs of `inputShape` (batch dim included). */
  override build(inputShape: Shape | Shape[]): void {
    if (this.stack.length === 0) throw new ValueError(`Sequential model ${this.name} cannot be built because it has no layers. Call model.add(layer).`);
    const shape = inputShape as Shape;
    const first = this.stack[0]!;
    if (first instanceof InputLayer) {
      const want = first.batchShape;
      if (want.length !== shape.length || want.some((d, i) => d !== null && shape[i] !== null && d !== shape[i])) {
        throw new ValueError(`Sequential model '${this.name}' has already been configured to use input shape ${formatShape(want)}. You cannot build it with input_shape ${formatShape(shape)}.`);
      }
    } else {
      this.stack.unshift(new InputLayer({ batchShape: [null, ...shape.slice(1)], dtype: first.dtype }));
    }
    const input = (this.stack[0] as InputLayer).outputTensor;
    let x: KerasTensor | KerasTensor[] = input;
    for (const layer of this.stack.slice(1)) x = layer.apply(x) as KerasTensor | KerasTensor[];
    this.functional = new Functional({ inputs: input, outputs: x as KerasTensor, name: `${this.name}_functional` });
    this.buildInputShape = [...input.shape];
    this.built = true;
  }

  /** The layers, without the InputLayer (like Keras). */
  override get layers(): Layer[] {
    return this.stack.filter((l) => !(l instanceof InputLayer));
  }

  protected override trackedLayers(): Layer[] {
    return this.stack;
  }

  override get inputs(): KerasTensor[] {
    return this.functional ? this.functional.inputs : [];
  }

  override get outputs(): KerasTensor[] {
    return this.functional ? this.functional.outputs : [];
  }

  override get inputNames(): string[] {
    return this.functional ? this.functional.inputNames : ["input"];
  }

  /** @internal The InputLayer, when the input shape is known. */
  get inputLayer(): InputLayer | null {
    return this.stack[0] instanceof InputLayer ? this.stack[0] : null;
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor | Tensor[] {
    if (this.functional) return this.functional.call(inputs, options);
    let x: Tensor | Tensor[] = inputs;
    for (const layer of this.stack) {
      if (layer instanceof InputLayer) continue;
      x = layer.apply(x, { training: options.training }) as Tensor | Tensor[];
    }
    return x;
  }

  override computeOutputSpec(inputs: KerasTensor | KerasTensor[], options: CallOptions): KerasTensor | KerasTensor[] {
    if (this.functional) return this.functional.computeOutputSpec(inputs, options);
    let x: KerasTensor | KerasTensor[] = inputs;
    for (const layer of this.stack) if (!(layer instanceof InputLayer)) x = layer.computeOutputSpec(x, options);
    return x;
  }

  /** Keras 3's Sequential config: `{name, trainable, dtype, layers: [InputLayer, …], build_input_shape}`. */
  override getConfig(): Record<string, unknown> {
    return sequentialConfig(this);
  }

  /** Rebuilds a Sequential model from its config (Keras 3's, or Keras 2's bare list of layers). */
  static fromConfig(config: Record<string, unknown> | unknown[], customObjects: CustomObjects = {}): Sequential {
    return savingHooks().modelFromConfig({ class_name: "Sequential", config }, customObjects, Array.isArray(config)) as Sequential;
  }
}

// A Sequential model is per-sample in inference when all its layers are.
markPerSampleInference(Sequential);
