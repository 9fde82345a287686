/**
 * Model → Keras 3 config (`serialize_keras_object`): the dicts that `config.json`,
 * `model.toJSON()` and `Sequential/Functional.getConfig()` hold, with Keras's snake_case keys.
 */
import { historyOf, type Node } from "../graph/node.js";
import { InputLayer } from "../layers/core/inputLayer.js";
import type { Layer } from "../layers/layer.js";
import { snakeKey } from "../serialization/keys.js";
import { registeredNameOf } from "../serialization/registry.js";
import { KerasTensor } from "../tensor/kerasTensor.js";

/** A serialized Keras object: `{module, class_name, config, registered_name, build_config?, compile_config?}`. */
export interface SerializedObject {
  module: string | null;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: string | null;
  build_config?: Record<string, unknown> | null;
  compile_config?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** What this file needs of a Sequential model (structural, to avoid an import cycle). */
interface SequentialLike extends Layer {
  readonly layers: Layer[];
  readonly inputLayer: InputLayer | null;
}

/** What this file needs of a Functional model. */
interface FunctionalLike extends Layer {
  readonly graph: { nodes: Node[]; operations: unknown[]; inputs: KerasTensor[]; outputs: KerasTensor[] };
}

/** Whether a layer is a model Keras serializes as "Sequential" or "Functional". */
export function modelKind(layer: Layer): "Sequential" | "Functional" | null {
  if ("inputLayer" in layer && "layers" in layer && typeof (layer as { add?: unknown }).add === "function") return "Sequential";
  if ("graph" in layer && (layer as { graph?: unknown }).graph && "layers" in layer) return "Functional";
  return null;
}

function dtypePolicy(name: string): Record<string, unknown> {
  return { module: "keras", class_name: "DTypePolicy", config: { name }, registered_name: null };
}

/** A layer as it appears in a model's `layers` list (nested models included). */
export function serializeLayer(layer: Layer): SerializedObject {
  const kind = modelKind(layer);
  if (kind) return serializeModel(layer, { compile: false });
  const registered = registeredNameOf(layer.constructor) ?? null;
  const out: SerializedObject = {
    module: registered ? registered.split(">")[0]! : "keras.layers",
    class_name: layer.className,
    config: layer.getConfig(),
    registered_name: registered,
  };
  const build = layer.getBuildConfig();
  if (build) out.build_config = build as Record<string, unknown>;
  return out;
}

/** Keras 3's Sequential config: `{name, trainable, dtype, layers: [InputLayer, …], build_input_shape}`. */
export function sequentialConfig(model: SequentialLike): Record<string, unknown> {
  const layers: SerializedObject[] = [];
  const input = model.inputLayer;
  if (input) layers.push(serializeLayer(input));
  for (const l of model.layers) layers.push(serializeLayer(l));
  const config: Record<string, unknown> = { name: model.name, trainable: model.trainable, dtype: dtypePolicy(model.dtype), layers };
  if (input) config.build_input_shape = [...input.batchShape];
  else if (model.buildInputShape) config.build_input_shape = model.buildInputShape;
  return config;
}

/** Keras 3's `__keras_tensor__` reference to the output of a node. */
function tensorRef(t: KerasTensor, nodeIndex: (n: Node) => number): Record<string, unknown> {
  const h = historyOf(t)!;
  const node = h.operation.inboundNodes[h.nodeIndex]!;
  return {
    class_name: "__keras_tensor__",
    config: { shape: [...t.shape], dtype: t.dtype, keras_history: [h.operation.name, nodeIndex(node), h.tensorIndex] },
  };
}

function serializeCallValue(v: unknown, ref: (t: KerasTensor) => Record<string, unknown>): unknown {
  if (v instanceof KerasTensor) return ref(v);
  if (Array.isArray(v)) return v.map((x) => serializeCallValue(x, ref));
  if (v && typeof v === "object" && (v as object).constructor === Object) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [snakeKey(k), serializeCallValue(x, ref)]));
  }
  return v === undefined ? null : v;
}

/**
 * Keras 3's Functional config: `{name, trainable, layers: [{…, name, inbound_nodes}], input_layers,
 * output_layers}`. Node indices count only the nodes that belong to this model.
 */
export function functionalConfig(model: FunctionalLike): Record<string, unknown> {
  const inModel = new Set(model.graph.nodes);
  const nodeIndex = (n: Node): number => n.operation.inboundNodes.filter((x) => inModel.has(x)).indexOf(n);
  const ref = (t: KerasTensor) => tensorRef(t, nodeIndex);
  const layers = (model.graph.operations as Layer[]).map((layer) => {
    const entry = serializeLayer(layer);
    entry.name = layer.name;
    entry.inbound_nodes = layer.inboundNodes
      .filter((n) => inModel.has(n) && !n.isInput)
      .map((n) => {
        const kwargs: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(n.callOptions)) {
          if (k === "training" || k === "mask" || v === undefined) continue;
          kwargs[snakeKey(k)] = serializeCallValue(v, ref);
        }
        const args = n.inputsAreList ? [n.inputTensors.map(ref)] : [ref(n.inputTensors[0]!)];
        return { args, kwargs };
      });
    return entry;
  });
  const endpoint = (t: KerasTensor): [string, number, number] => {
    const h = historyOf(t)!;
    return [h.operation.name, nodeIndex(h.operation.inboundNodes[h.nodeIndex]!), h.tensorIndex];
  };
  return {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: model.graph.inputs.map(endpoint),
    output_layers: model.graph.outputs.map(endpoint),
  };
}

/**
 * A model as Keras 3's `serialize_keras_object(model)`: the content of `config.json`.
 * `compile_config` is included when the model is compiled (and `compile` is not false).
 */
export function serializeModel(model: Layer, options: { compile?: boolean } = {}): SerializedObject {
  const kind = modelKind(model);
  const registered = registeredNameOf(model.constructor) ?? null;
  const out: SerializedObject =
    kind === "Sequential"
      ? { module: "keras", class_name: "Sequential", config: model.getConfig(), registered_name: null }
      : kind === "Functional" && !registered
        ? { module: "keras.src.models.functional", class_name: "Functional", config: model.getConfig(), registered_name: "Functional" }
        : { module: registered ? registered.split(">")[0]! : null, class_name: model.className, config: model.getConfig(), registered_name: registered ?? model.className };
  out.build_config = kind === "Functional" ? { input_shape: null } : (model.getBuildConfig() as Record<string, unknown> | null);
  if (out.build_config === null) delete out.build_config;
  if (options.compile !== false) {
    const getCompile = (model as unknown as { getCompileConfig?: () => Record<string, unknown> | null }).getCompileConfig;
    const compileConfig = typeof getCompile === "function" ? getCompile.call(model) : null;
    if (compileConfig) out.compile_config = compileConfig;
  }
  return out;
}
