/**
 * Keras 2's weights layout (legacy `.h5`: `model_weights/<layer>` in full-model files, the same
 * groups at the root of `save_weights` files): a `layer_names` attribute lists the layers, each
 * layer group's `weight_names` attribute lists its datasets in the layer's weight order
 * (fixed-length or vlen strings; an empty list is an empty float64 array). Layers with weights
 * are matched in order, like Keras 2's `load_weights`.
 */
import type { Layer } from "../layers/layer.js";
import type { Variable } from "../tensor/variable.js";
import { FileFormatError } from "./errors.js";
import type { H5Reader, H5Writer } from "./h5.js";
import { modelLayers } from "./keras3Weights.js";
import { assignFromArray, variableToArray } from "./weightValues.js";

/** Keras 2's weight order of a layer: trainable weights, then non-trainable ones. */
export function legacyWeightOrder(layer: Layer): Variable[] {
  const trainable = layer.trainableWeights;
  const rest = layer.weights.filter((w) => !trainable.includes(w));
  return [...trainable, ...rest];
}

/** Loads Keras 2 layer groups under `group` ("/model_weights" or "/") into the model's layers. */
export function loadLegacyWeights(model: Layer, h5: H5Reader, group: string): void {
  const layerNames = h5.stringListAttr(group, "layer_names");
  if (!layerNames) throw new FileFormatError(h5.name, `'${group}' has no 'layer_names' attribute: not a Keras 2 weights file.`);
  const prefix = group === "/" ? "" : group;
  const stored: { name: string; weightNames: string[] }[] = [];
  for (const name of layerNames) {
    const path = `${prefix}/${name}`;
    if (!h5.isGroup(path)) throw new FileFormatError(h5.name, `layer_names lists "${name}", but there is no group '${path}'.`);
    const weightNames = h5.stringListAttr(path, "weight_names") ?? [];
    if (weightNames.length > 0) stored.push({ name, weightNames });
  }
  const layers = modelLayers(model).filter((l) => l.weights.length > 0);
  if (layers.length !== stored.length) {
    throw new FileFormatError(
      h5.name,
      `the file holds weights for ${stored.length} layer(s) (${stored.map((s) => s.name).join(", ")}), but the model has ${layers.length} layer(s) with weights (${layers.map((l) => l.name).join(", ")}).`,
    );
  }
  layers.forEach((layer, i) => {
    const { name, weightNames } = stored[i]!;
    const vars = legacyWeightOrder(layer);
    if (vars.length !== weightNames.length) {
      throw new FileFormatError(
        h5.name,
        `weight count mismatch for layer "${layer.name}" (${layer.className}): the layer expects ${vars.length} weight(s) (${vars.map((v) => v.name).join(", ")}), but the file's group "${name}" holds ${weightNames.length} (${weightNames.join(", ")}).`,
      );
    }
    weightNames.forEach((wn, k) => {
      const path = `${prefix}/${name}/${wn}`;
      if (!h5.isDataset(path)) throw new FileFormatError(h5.name, `missing weight '${wn}' of layer "${name}" (no dataset '${path}').`);
      assignFromArray(vars[k]!, h5.readDataset(path), layer, k, h5.name);
    });
  });
}

/** Writes Keras 2 layer groups (`layer_names`, `weight_names`, `<layer>/<layer>/<weight>:0`) under `group`. */
export function writeLegacyWeights(model: Layer, h5: H5Writer, group: string, kerasVersion: string): void {
  const layers = modelLayers(model);
  const prefix = group === "/" ? "" : group;
  h5.group(group);
  h5.attr(group, "layer_names", layers.map((l) => l.name));
  h5.attr(group, "backend", "tensorflow");
  h5.attr(group, "keras_version", kerasVersion);
  for (const layer of layers) {
    const path = h5.group(`${prefix}/${layer.name}`);
    const vars = legacyWeightOrder(layer);
    const names = vars.map((v, i) => `${layer.name}/${v.name || `variable_${i}`}:0`);
    const unique = new Set(names);
    if (unique.size !== names.length) names.forEach((n, i) => (names[i] = n.replace(/:0$/, `_${i}:0`)));
    if (names.length > 0) h5.attr(path, "weight_names", names);
    vars.forEach((v, i) => {
      const { data, shape } = variableToArray(v);
      h5.dataset(`${path}/${names[i]}`, data, shape);
    });
  }
}
