/**
 * Keras 3's weights layout (`model.weights.h5` in a `.keras` zip, and `.weights.h5` files), as
 * `saving_lib._save_state` walks a model: each object's own variables at `<path>/vars/<i>`, a
 * model's layers at `layers/<snake_case(ClassName)>[_<n>]` (a per-class counter in layer order,
 * never the layer's name), sub-layers at `<path>/<attribute>` (an RNN's `cell`, a
 * Bidirectional's `forward_layer`…), the optimizer at `optimizer/vars`. Also reads tf.keras
 * 2.13's zip layout (`_layer_checkpoint_dependencies\<name>` groups, matched by order).
 */
import { InputLayer } from "../layers/core/inputLayer.js";
import { Layer } from "../layers/layer.js";
import { snakeKey } from "../serialization/keys.js";
import type { Variable } from "../tensor/variable.js";
import { FileFormatError } from "./errors.js";
import type { H5Reader, H5Writer } from "./h5.js";
import { modelKind } from "../models/modelConfig.js";
import { CONFIG_ORDER } from "./modelFromConfig.js";
import { assignFromArray, variableToArray } from "./weightValues.js";

/** Keras's `naming.to_snake_case` of a class name (`Conv2D` → `conv2d`, `QDense` → `q_dense`). */
export function classSnakeName(className: string): string {
  return className
    .replace(/\W+/g, "")
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** Keras attribute names of sub-layers whose TypeScript property names differ by more than case. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  queryDense: "_query_dense",
  keyDense: "_key_dense",
  valueDense: "_value_dense",
  outputDense: "_output_dense",
};

/** A model's layers in the order Keras walks them (Sequential: without its InputLayer). */
export function modelLayers(model: Layer): Layer[] {
  const fromConfig = CONFIG_ORDER.get(model);
  if (fromConfig) return fromConfig;
  return (model as unknown as { layers: Layer[] }).layers;
}

/** Sub-layers held in a layer's properties: [Keras attribute path, layer or list]. */
function childEntries(layer: Layer): [string, Layer | Layer[]][] {
  const out: [string, Layer | Layer[]][] = [];
  for (const [key, value] of Object.entries(layer)) {
    if (key === "inboundNodes" || key === "outboundNodes") continue;
    const attr = ATTRIBUTE_NAMES[key] ?? snakeKey(key);
    if (value instanceof Layer) out.push([attr, value]);
    else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Layer)) out.push([attr, value as Layer[]]);
  }
  return out;
}

/** A layer's own variables (not those of its sub-layers), trainable first, like Keras. */
export function ownVariables(layer: Layer): Variable[] {
  if (modelKind(layer)) return [];
  const nested = new Set<Variable>();
  for (const [, c] of childEntries(layer)) for (const l of Array.isArray(c) ? c : [c]) for (const w of l.weights) nested.add(w);
  return layer.weights.filter((w) => !nested.has(w));
}

/** Keras's `_get_unique_name` counter for a container of saveables. */
function containerPaths(path: string, layers: Layer[]): [string, Layer][] {
  const used = new Map<string, number>();
  return layers.map((l) => {
    const base = classSnakeName(l.className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    return [`${path}/${n === undefined ? base : `${base}_${n + 1}`}`, l];
  });
}

/** Visits every saveable under `root` the way `_save_state` / `_load_state` do. */
function walk(root: Layer, visit: (layer: Layer, path: string, depth: number) => void): void {
  const seen = new Set<Layer>();
  const go = (layer: Layer, path: string, depth: number): void => {
    if (seen.has(layer)) return;
    seen.add(layer);
    visit(layer, path, depth);
    if (modelKind(layer)) {
      for (const [p, l] of containerPaths(`${path}/layers`, modelLayers(layer))) go(l, p, depth + 1);
      return;
    }
    for (const [attr, child] of childEntries(layer)) {
      if (Array.isArray(child)) for (const [p, l] of containerPaths(`${path}/${attr}`, child)) go(l, p, depth + 1);
      else go(child, `${path}/${attr}`, depth + 1);
    }
  };
  go(root, "", 0);
}

/** What a model may carry besides layers: a compiled optimizer. */
interface OptimizerLike {
  name: string;
  built: boolean;
  variables: Variable[];
  build(vars: readonly Variable[]): void;
}

function optimizerOf(model: Layer): OptimizerLike | null {
  const opt = (model as unknown as { optimizer?: unknown }).optimizer;
  return opt && typeof opt === "object" && Array.isArray((opt as OptimizerLike).variables) ? (opt as OptimizerLike) : null;
}

/** Writes a model's weights (and its optimizer's state, when built) in Keras 3's layout. */
export function writeKeras3Weights(model: Layer, h5: H5Writer): void {
  walk(model, (layer, path) => {
    const vars = `${path}/vars`;
    h5.group(vars);
    h5.attr(vars, "name", layer.name);
    ownVariables(layer).forEach((v, i) => {
      const { data, shape } = variableToArray(v);
      h5.dataset(`${vars}/${i}`, data, shape);
    });
  });
  const opt = optimizerOf(model);
  if (opt && opt.built) {
    h5.group("/optimizer/vars");
    h5.attr("/optimizer/vars", "name", opt.name);
    opt.variables.forEach((v, i) => {
      const { data, shape } = variableToArray(v, i === 0 && v.dtype === "int32");
      h5.dataset(`/optimizer/vars/${i}`, data, shape);
    });
  }
}

/** Numbered datasets of a `vars` group ("0", "1", …), or null when the group is absent. */
function varsDatasets(h5: H5Reader, path: string): string[] | null {
  if (!h5.isGroup(path)) return null;
  const keys = h5.keys(path).filter((k) => /^\d+$/.test(k));
  return keys.sort((a, b) => Number(a) - Number(b));
}

export interface LoadWeightsOptions {
  /** Cross-check the `name` attribute of each top-level layer's `vars` group (Keras ≥ 3.9 writes it). */
  checkNames?: boolean;
  /** Restore the optimizer's variables when the model has a (buildable) optimizer. */
  optimizer?: boolean;
  warnings?: string[];
}

function loadVars(layer: Layer, vars: string, h5: H5Reader, depth: number, options: LoadWeightsOptions): void {
  const own = ownVariables(layer);
  const keys = varsDatasets(h5, vars);
  if (keys === null) {
    if (own.length === 0) return;
    throw new FileFormatError(h5.name, `missing weights for layer "${layer.name}" (${layer.className}): expected ${own.length} weight(s) at '${vars}', but the file has no such group.`);
  }
  if (keys.length !== own.length || keys.some((k, i) => k !== String(i))) {
    throw new FileFormatError(
      h5.name,
      `weight count mismatch for layer "${layer.name}" (${layer.className}): the layer expects ${own.length} weight(s) (${own.map((v) => v.name).join(", ") || "none"}), but '${vars}' holds ${keys.length}.`,
    );
  }
  if (options.checkNames && depth === 1) {
    const stored = h5.stringAttr(vars, "name");
    if (stored !== null && stored !== layer.name && !(layer instanceof InputLayer)) {
      throw new FileFormatError(h5.name, `the weights at '${vars}' belong to layer "${stored}", but the model's layer at that position is "${layer.name}": the config and the weights do not match.`);
    }
  }
  own.forEach((v, i) => assignFromArray(v, h5.readDataset(`${vars}/${i}`), layer, i, h5.name));
}

const TF213_PREFIX = "_layer_checkpoint_dependencies\\";

/** Loads weights written by Keras 3 (or tf.keras 2.13's zip format) into a built model. */
export function loadKeras3Weights(model: Layer, h5: H5Reader, options: LoadWeightsOptions = {}): void {
  const rootKeys = h5.keys("/");
  if (rootKeys.some((k) => k.startsWith(TF213_PREFIX))) {
    loadTf213Weights(model, h5, rootKeys);
  } else {
    if (!rootKeys.includes("layers") && modelLayers(model).some((l) => l.weights.length > 0)) {
      throw new FileFormatError(h5.name, `no 'layers' group: this is not a Keras 3 weights file (root holds: ${rootKeys.slice(0, 8).join(", ") || "nothing"}).`);
    }
    walk(model, (layer, path, depth) => loadVars(layer, `${path}/vars`, h5, depth, options));
  }
  if (options.optimizer) loadOptimizerState(model, h5, options.warnings ?? []);
}

/** tf.keras 2.13: one root group per layer with weights, counters skip numbers: match by order per class. */
function loadTf213Weights(model: Layer, h5: H5Reader, rootKeys: string[]): void {
  const groups = rootKeys.filter((k) => k.startsWith(TF213_PREFIX)).map((k) => k.slice(TF213_PREFIX.length));
  const parse = (g: string) => {
    const m = /^(.*?)(?:_(\d+))?$/.exec(g)!;
    return { base: m[1]!, n: m[2] ? Number(m[2]) : 0, name: g };
  };
  const byBase = new Map<string, { name: string; n: number }[]>();
  for (const g of groups.map(parse)) {
    if (!byBase.has(g.base)) byBase.set(g.base, []);
    byBase.get(g.base)!.push(g);
  }
  for (const list of byBase.values()) list.sort((a, b) => a.n - b.n);
  const used = new Map<string, number>();
  for (const layer of modelLayers(model)) {
    if (layer.weights.length === 0) continue;
    const base = classSnakeName(layer.className);
    const i = used.get(base) ?? 0;
    used.set(base, i + 1);
    const g = byBase.get(base)?.[i];
    if (!g) throw new FileFormatError(h5.name, `missing weights for layer "${layer.name}" (${layer.className}): no group '${TF213_PREFIX}${base}…' number ${i + 1} in the file.`);
    walk(layer, (l, path, depth) => loadVars(l, `/${TF213_PREFIX}${g.name}${path}/vars`, h5, depth + 1, {}));
  }
}

function loadOptimizerState(model: Layer, h5: H5Reader, warnings: string[]): void {
  const opt = optimizerOf(model);
  const keys = varsDatasets(h5, "/optimizer/vars");
  if (!opt || !keys || keys.length === 0) return;
  if (!opt.built) opt.build(model.trainableWeights);
  const vars = opt.variables;
  if (vars.length !== keys.length) {
    warnings.push(`optimizer state not restored: the file holds ${keys.length} optimizer variables, the optimizer '${opt.name}' has ${vars.length}.`);
    return;
  }
  vars.forEach((v, i) => assignFromArray(v, h5.readDataset(`/optimizer/vars/${i}`), `optimizer ${opt.name}`, i, h5.name));
}
