import { GraphFunction } from "../graph/graphFunction.js";
import { historyOf, type Node } from "../graph/node.js";
import { InputLayer } from "../layers/core/inputLayer.js";
import { Layer, markPerSampleInference, type CallOptions, type Shape } from "../layers/layer.js";
import { KerasTensor } from "../tensor/kerasTensor.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { Model, setFunctionalFactory, type FunctionalArgs } from "./model.js";
import { functionalConfig } from "./modelConfig.js";
import { savingHooks } from "./savingHooks.js";
import type { CustomObjects } from "../serialization/registry.js";

type Struct = KerasTensor | KerasTensor[] | Record<string, KerasTensor>;

function flatten(s: Struct, what: string): { list: KerasTensor[]; keys: string[] | null; single: boolean } {
  if (s instanceof KerasTensor) return { list: [s], keys: null, single: true };
  if (Array.isArray(s)) {
    if (s.length === 0) throw new ValueError(`A functional model needs at least one ${what}.`);
    return { list: s, keys: null, single: false };
  }
  if (s && typeof s === "object") {
    const keys = Object.keys(s);
    return { list: keys.map((k) => s[k]!), keys, single: false };
  }
  throw new ValueError(`Functional model ${what} must be KerasTensors (from keras.Input and layers), but received ${String(s)}.`);
}

/**
 * A model defined by a graph of layers from `keras.Input` tensors to output tensors
 * (Keras's Functional). Made by `new keras.Model({ inputs, outputs })`.
 */
export class Functional extends Model {
  static override readonly className: string = "Functional";
  readonly graph: GraphFunction;
  private readonly inputStruct: { single: boolean; keys: string[] | null };
  private readonly outputStruct: { single: boolean; keys: string[] | null };

  constructor(args: FunctionalArgs) {
    super({ name: args.name, trainable: args.trainable, dtype: args.dtype });
    const ins = flatten(args.inputs, "inputs");
    const outs = flatten(args.outputs, "outputs");
    for (const t of [...ins.list, ...outs.list]) {
      if (!(t instanceof KerasTensor)) {
        throw new ValueError(`Functional model inputs and outputs must be symbolic tensors (from keras.Input and layers), but received ${String(t)}. Did you call a layer on real data instead of on keras.Input(...)?`);
      }
    }
    for (const t of ins.list) {
      const h = historyOf(t);
      if (!h || !(h.operation instanceof InputLayer)) {
        throw new ValueError(`Every input of a functional model must come from keras.Input(), but ${t.toString()} was produced by layer "${h?.operation.name ?? "?"}".`);
      }
    }
    this.graph = new GraphFunction(ins.list, outs.list);
    this.inputStruct = { single: ins.single, keys: ins.keys };
    this.outputStruct = { single: outs.single, keys: outs.keys };
    this.built = true;
    this.buildInputShape = ins.single ? [...ins.list[0]!.shape] : ins.list.map((t) => [...t.shape]);
  }

  protected override trackedLayers(): Layer[] {
    return this.graph.operations.filter((op): op is Layer => op instanceof Layer);
  }

  override get inputs(): KerasTensor[] {
    return this.graph.inputs;
  }

  override get outputs(): KerasTensor[] {
    return this.graph.outputs;
  }

  override get inputNames(): string[] {
    return this.inputStruct.keys ?? this.graph.inputs.map((t) => historyOf(t)!.operation.name);
  }

  /** Runs the graph on concrete tensors. */
  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length !== this.graph.inputs.length) {
      throw new ValueError(`Model "${this.name}" expects ${this.graph.inputs.length} input(s), but it received ${list.length} input tensor(s).`);
    }
    list.forEach((t, i) => {
      const want = this.graph.inputs[i]!.shape;
      if (t.shape.length !== want.length || want.some((d, k) => d !== null && d !== t.shape[k])) {
        throw new ValueError(`Input ${i} of model "${this.name}" is incompatible: expected shape ${formatShape(want)}, but received input with shape ${formatShape(t.shape)}.`);
      }
    });
    const outs = this.graph.run<Tensor>(list, (node, ins) => runNode(node, ins, options));
    return this.outputStruct.single ? outs[0]! : outs;
  }

  /** Symbolic run: each layer's shape rule, without recording nodes inside this model. */
  override computeOutputSpec(inputs: KerasTensor | KerasTensor[], options: CallOptions): KerasTensor | KerasTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const outs = this.graph.run<KerasTensor>(list, (node, ins) => {
      const layer = node.operation as Layer;
      const out = layer.computeOutputSpec(node.inputsAreList ? ins : ins[0]!, { ...node.callOptions, training: options.training });
      return Array.isArray(out) ? out : [out];
    });
    return this.outputStruct.single ? outs[0]! : outs;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const specs = Array.isArray(inputShape[0]) ? (inputShape as Shape[]).map((s) => new KerasTensor(s)) : new KerasTensor(inputShape as Shape);
    const out = this.computeOutputSpec(specs, {});
    return Array.isArray(out) ? out.map((t) => [...t.shape]) : [...out.shape];
  }

  /** Keras 3's Functional config: `{name, trainable, layers (with inbound_nodes), input_layers, output_layers}`. */
  override getConfig(): Record<string, unknown> {
    return functionalConfig(this);
  }

  /** Rebuilds a functional model from its config (Keras 3 or Keras 2 node format). */
  static fromConfig(config: Record<string, unknown>, customObjects: CustomObjects = {}): Model {
    return savingHooks().modelFromConfig({ class_name: "Functional", config }, customObjects, false);
  }
}

function runNode(node: Node, ins: Tensor[], options: CallOptions): Tensor[] {
  const layer = node.operation as Layer;
  const callOptions: CallOptions = { ...node.callOptions };
  if (options.training !== undefined && callOptions.training === undefined) callOptions.training = options.training;
  const out = layer.apply(node.inputsAreList ? ins : ins[0]!, callOptions) as Tensor | Tensor[];
  return Array.isArray(out) ? out : [out];
}

setFunctionalFactory((args) => new Functional(args));
// A functional model is per-sample in inference when all its layers are.
markPerSampleInference(Functional);
