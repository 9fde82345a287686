/**
 * Sequential and Functional models from their configs, in every form Keras has written:
 * Keras 3 (`__keras_tensor__` / `keras_history` node args), Keras 2 / tf.keras (nested-list
 * `inbound_nodes`), old bare-list Sequential configs, class names "Model" / "Functional" /
 * "Sequential". Returns the layers in config order (the order weight files follow).
 */
import { InputLayer } from "../layers/core/inputLayer.js";
import type { Layer, Shape } from "../layers/layer.js";
import { Model } from "../models/model.js";
import { Sequential } from "../models/sequential.js";
import { camelKey } from "../serialization/keys.js";
import { KerasTensor } from "../tensor/kerasTensor.js";
import { ValueError } from "../util/errors.js";
import { layerFromConfig, MODEL_CLASSES, type DeserializeContext } from "./layerFromConfig.js";

type Json = Record<string, unknown>;

/** Layers in the order of their model's config, for matching weights (nested models recurse). */
export const CONFIG_ORDER = new WeakMap<Layer, Layer[]>();

function isObj(v: unknown): v is Json {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** Builds the model described by a serialized model entry `{class_name, config, …}`. */
export function modelFromConfig(entry: Json, ctx: DeserializeContext): Model {
  ctx.modelFromConfig ??= (e, c) => modelFromConfig(e, c);
  const className = entry.class_name;
  const config = entry.config;
  if (className === "Sequential") return sequentialFromConfig(config, entry, ctx);
  if (className === "Functional" || className === "Model" || entry.registered_name === "Functional") {
    if (isObj(config) && Array.isArray(config.layers)) return functionalFromConfig(config, ctx);
  }
  const hint = isObj(config) && !Array.isArray(config.layers) ? " Its config has no list of layers: it is a subclassed model, whose call() is Python code that cannot be rebuilt from the file." : "";
  throw new ValueError(
    `${ctx.file}: could not locate class '${String(className)}'${typeof entry.registered_name === "string" && entry.registered_name !== className ? ` (registered name '${entry.registered_name}')` : ""}.${hint} ` +
      `Define the model class in TypeScript and register it with keras.saving.registerKerasSerializable(${String(className)}) or pass customObjects: { ${String(className)}: ${String(className)} } (it needs a static fromConfig).`,
  );
}

/** The first layer's batch shape, relaxed to a free batch dim unless the model is stateful. */
function relaxBatch(shape: unknown, ctx: DeserializeContext, stateful: boolean): unknown {
  if (!ctx.legacy || stateful || !Array.isArray(shape) || shape.length === 0) return shape;
  return [null, ...shape.slice(1)];
}

function isStateful(layers: unknown[]): boolean {
  return layers.some((l) => isObj(l) && isObj(l.config) && l.config.stateful === true);
}

function sequentialFromConfig(config: unknown, entry: Json, ctx: DeserializeContext): Sequential {
  const layerEntries = Array.isArray(config) ? config : isObj(config) && Array.isArray(config.layers) ? config.layers : null;
  if (!layerEntries) throw new ValueError(`${ctx.file}: a Sequential config needs a list of layers, but received ${JSON.stringify(config)?.slice(0, 120)}.`);
  const name = isObj(config) && typeof config.name === "string" ? config.name : undefined;
  const stateful = isStateful(layerEntries);
  const model = new Sequential({ name });
  const layers: Layer[] = [];
  layerEntries.forEach((raw, i) => {
    let e = raw as Json;
    if (i === 0 && isObj(e) && isObj(e.config)) {
      const c = { ...e.config };
      for (const key of ["batch_input_shape", "batch_shape"]) if (key in c) c[key] = relaxBatch(c[key], ctx, stateful);
      e = { ...e, config: c };
    }
    const layer = layerFromConfig(e, ctx);
    layers.push(layer);
    model.add(layer, i === layerEntries.length - 1);
  });
  if (isObj(config) && config.trainable === false) model.trainable = false;
  if (!model.built) {
    const shape = (isObj(config) ? config.build_input_shape : undefined) ?? (isObj(entry.build_config) ? entry.build_config.input_shape : undefined);
    if (Array.isArray(shape) && shape.length > 0 && !Array.isArray(shape[0])) model.build(relaxBatch(shape, ctx, stateful) as Shape);
  }
  CONFIG_ORDER.set(model, layers.filter((l) => !(l instanceof InputLayer)));
  return model;
}

/** A reference to a layer output: [layer_name, node_index, tensor_index]. */
type TensorRef = [string, number, number];

function parseRef(v: unknown, ctx: DeserializeContext): TensorRef {
  if (Array.isArray(v) && typeof v[0] === "string" && Number.isInteger(v[1] ?? 0) && Number.isInteger(v[2] ?? 0)) return [v[0], (v[1] as number) ?? 0, (v[2] as number) ?? 0];
  throw new ValueError(`${ctx.file}: malformed tensor reference ${JSON.stringify(v)?.slice(0, 120)} (expected [layer_name, node_index, tensor_index]).`);
}

/** One call of a layer: its positional args and keyword args, with tensor refs not yet resolved. */
interface PendingNode {
  args: unknown[];
  kwargs: Json;
}

function isKerasTensorRef(v: unknown): v is { class_name: "__keras_tensor__"; config: { keras_history: unknown } } {
  return isObj(v) && v.class_name === "__keras_tensor__" && isObj(v.config);
}

/** Normalizes both inbound_nodes formats into {args, kwargs} with `{__ref: TensorRef}` markers. */
function parseNodes(raw: unknown, ctx: DeserializeContext, layerName: string): PendingNode[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ValueError(`${ctx.file}: inbound_nodes of layer "${layerName}" must be a list.`);
  const mark = (v: unknown): unknown => {
    if (isKerasTensorRef(v)) return { __ref: parseRef(v.config.keras_history, ctx) };
    if (Array.isArray(v)) return v.map(mark);
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mark(x)]));
    return v;
  };
  return raw.map((node) => {
    if (isObj(node)) {
      // Keras 3: {args: [...], kwargs: {...}}
      const args = Array.isArray(node.args) ? node.args.map(mark) : [];
      return { args, kwargs: isObj(node.kwargs) ? (mark(node.kwargs) as Json) : {} };
    }
    if (Array.isArray(node)) {
      // Keras 2: [[layer, node_index, tensor_index, kwargs], ...]
      const refs = node.map((item) => {
        if (!Array.isArray(item)) throw new ValueError(`${ctx.file}: malformed inbound node of layer "${layerName}": ${JSON.stringify(node).slice(0, 120)}.`);
        return { ref: { __ref: parseRef(item, ctx) }, kwargs: isObj(item[3]) ? (mark(item[3]) as Json) : {} };
      });
      const first = refs[0];
      if (!first) return { args: [], kwargs: {} };
      return { args: [refs.length === 1 ? first.ref : refs.map((r) => r.ref)], kwargs: first.kwargs };
    }
    throw new ValueError(`${ctx.file}: malformed inbound node of layer "${layerName}": ${JSON.stringify(node)?.slice(0, 120)}.`);
  });
}

function endpoints(v: unknown, ctx: DeserializeContext, what: string): TensorRef[] {
  if (Array.isArray(v) && typeof v[0] === "string") return [parseRef(v, ctx)];
  if (Array.isArray(v)) return v.map((x) => parseRef(x, ctx));
  if (isObj(v)) return Object.values(v).map((x) => parseRef(x, ctx));
  throw new ValueError(`${ctx.file}: the functional config has no valid ${what}.`);
}

function functionalFromConfig(config: Json, ctx: DeserializeContext): Model {
  const entries = config.layers as unknown[];
  const stateful = isStateful(entries);
  const byName = new Map<string, Layer>();
  const order: Layer[] = [];
  const pending = new Map<string, PendingNode[]>();
  const outputs = new Map<string, KerasTensor[][]>();
  for (const raw of entries) {
    if (!isObj(raw)) throw new ValueError(`${ctx.file}: a layer entry of the functional config is not an object.`);
    let e = raw;
    if (e.class_name === "InputLayer" && isObj(e.config)) {
      const c = { ...e.config };
      for (const key of ["batch_input_shape", "batch_shape"]) if (key in c) c[key] = relaxBatch(c[key], ctx, stateful);
      e = { ...e, config: c };
    }
    const layer = layerFromConfig(e, ctx);
    const name = typeof raw.name === "string" ? raw.name : layer.name;
    if (byName.has(name)) throw new ValueError(`${ctx.file}: two layers are named "${name}" in the functional config.`);
    byName.set(name, layer);
    order.push(layer);
    pending.set(name, parseNodes(raw.inbound_nodes, ctx, name));
    outputs.set(name, layer instanceof InputLayer ? [[layer.outputTensor]] : []);
    if (MODEL_CLASSES.has(String(raw.class_name)) && layer instanceof InputLayer) {
      throw new ValueError(`${ctx.file}: layer "${name}" is not a model.`);
    }
  }
  const resolve = (v: unknown): { ok: boolean; value: unknown } => {
    if (isObj(v) && Array.isArray(v.__ref)) {
      const [name, nodeIdx, tensorIdx] = v.__ref as TensorRef;
      if (!byName.has(name)) throw new ValueError(`${ctx.file}: a node refers to layer "${name}", which is not in the model.`);
      const t = outputs.get(name)![nodeIdx]?.[tensorIdx];
      return t ? { ok: true, value: t } : { ok: false, value: null };
    }
    if (Array.isArray(v)) {
      const parts = v.map(resolve);
      return { ok: parts.every((p) => p.ok), value: parts.map((p) => p.value) };
    }
    if (isObj(v)) {
      const out: Json = {};
      let ok = true;
      for (const [k, x] of Object.entries(v)) {
        const r = resolve(x);
        ok &&= r.ok;
        out[k] = r.value;
      }
      return { ok, value: out };
    }
    return { ok: true, value: v };
  };
  // Keras's functional_from_config: process nodes as their inputs become available.
  let progress = true;
  while (progress) {
    progress = false;
    for (const layer of order) {
      const name = [...byName.entries()].find(([, l]) => l === layer)![0];
      const queue = pending.get(name)!;
      while (queue.length > 0) {
        const node = queue[0]!;
        const args = resolve(node.args);
        const kwargs = resolve(node.kwargs);
        if (!args.ok || !kwargs.ok) break;
        queue.shift();
        progress = true;
        const argv = args.value as unknown[];
        const inputs = argv.length > 1 ? argv.filter((a) => a instanceof KerasTensor || Array.isArray(a)).flat() : argv[0];
        const options: Json = {};
        for (const [k, v] of Object.entries(kwargs.value as Json)) {
          if (k === "training" || k === "mask" || v === null) continue;
          options[camelKey(k)] = v;
        }
        const out = layer.apply(inputs as KerasTensor, options) as KerasTensor | KerasTensor[];
        outputs.get(name)!.push(Array.isArray(out) ? out : [out]);
      }
    }
  }
  for (const [name, queue] of pending) {
    if (queue.length > 0) throw new ValueError(`${ctx.file}: could not connect layer "${name}": its inputs refer to layer outputs that are never produced (missing or circular nodes).`);
  }
  const pick = (refs: TensorRef[]): KerasTensor[] =>
    refs.map(([name, nodeIdx, tensorIdx]) => {
      const t = outputs.get(name)?.[nodeIdx]?.[tensorIdx];
      if (!t) throw new ValueError(`${ctx.file}: the model endpoint [${name}, ${nodeIdx}, ${tensorIdx}] does not exist.`);
      return t;
    });
  const inputs = pick(endpoints(config.input_layers, ctx, "input_layers"));
  const outs = pick(endpoints(config.output_layers, ctx, "output_layers"));
  const model = new Model({
    inputs: inputs.length === 1 ? inputs[0]! : inputs,
    outputs: outs.length === 1 && !(Array.isArray(config.output_layers) && Array.isArray(config.output_layers[0]) && config.output_layers.length > 1) ? outs[0]! : outs,
    name: typeof config.name === "string" ? config.name : undefined,
  });
  if (config.trainable === false) model.trainable = false;
  CONFIG_ORDER.set(model, order);
  return model;
}
