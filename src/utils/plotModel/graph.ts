/**
 * What a model diagram shows, read from the model's graph (as `model.summary()` does): one box
 * per layer (a shared layer is one box with several edges), an edge per connection, and with
 * `expandNested` the layers of nested models inside a cluster.
 */
import { GraphFunction } from "../../graph/graphFunction.js";
import { historyOf, type Node } from "../../graph/node.js";
import { InputLayer } from "../../layers/core/inputLayer.js";
import { Layer } from "../../layers/layer.js";
import { Functional } from "../../models/functional.js";
import { Model } from "../../models/model.js";
import { Sequential } from "../../models/sequential.js";
import type { KerasTensor } from "../../tensor/kerasTensor.js";
import { ValueError } from "../../util/errors.js";

export interface GraphBox {
  id: string;
  layer: Layer;
  /** The layer's first call in this graph (for its shapes), if any. */
  node: Node | null;
  /** The nested model (cluster) the box is drawn in, or null for the top level. */
  cluster: string | null;
}

export interface GraphCluster {
  id: string;
  label: string;
  parent: string | null;
}

export interface ModelGraph {
  boxes: GraphBox[];
  edges: { from: string; to: string }[];
  clusters: GraphCluster[];
}

/** The graph of a built model: a Functional's own, a Sequential's from its inputs and outputs. */
function graphOf(model: Model): GraphFunction | null {
  if (model instanceof Functional) return model.graph;
  if (model instanceof Sequential) {
    if (model.inputs.length === 0) return null;
    return new GraphFunction(model.inputs, model.outputs);
  }
  return null;
}

function expandable(layer: Layer): layer is Model {
  return layer instanceof Model && graphOf(layer) !== null;
}

/** Extracts the boxes, edges and clusters to draw for `model`. */
export function extractGraph(model: Model, expandNested: boolean): ModelGraph {
  if (model instanceof Sequential && model.inputs.length === 0) {
    throw new ValueError(
      `plotModel: the Sequential model "${model.name}" has not yet been built, so its layers have no shapes to draw. Build it first by giving the first layer an inputShape, starting with keras.Input(), or calling model.build(inputShape).`,
    );
  }
  const boxes: GraphBox[] = [];
  const edges: { from: string; to: string }[] = [];
  const clusters: GraphCluster[] = [];
  let counter = 0;
  const top = graphOf(model);
  if (!top) {
    // A subclassed model is drawn as one box, as Keras does.
    boxes.push({ id: "n0", layer: model, node: model.inboundNodes[0] ?? null, cluster: null });
    return { boxes, edges, clusters };
  }

  interface Ends {
    inputs: string[];
    outputs: string[];
  }
  const expanded = new Map<Model, Ends>();

  const addGraph = (g: GraphFunction, cluster: string | null): Ends => {
    const boxOf = new Map<Layer, string>();
    const inGraph = new Set(g.nodes);
    const endsOf = new Map<Layer, Ends>();
    for (const node of g.nodes) {
      const op = node.operation;
      if (!(op instanceof Layer)) continue;
      if (boxOf.has(op) || endsOf.has(op)) continue;
      if (expandNested && expandable(op)) {
        let ends = expanded.get(op);
        if (!ends) {
          const id = `c${counter++}`;
          clusters.push({ id, label: op.name, parent: cluster });
          ends = addGraph(graphOf(op)!, id);
          expanded.set(op, ends);
        }
        endsOf.set(op, ends);
        continue;
      }
      const id = `n${counter++}`;
      const first = op.inboundNodes.find((n) => inGraph.has(n)) ?? null;
      boxes.push({ id, layer: op, node: first, cluster });
      boxOf.set(op, id);
    }
    const sourceOf = (t: KerasTensor): string | undefined => {
      const h = historyOf(t);
      if (!h || !(h.operation instanceof Layer)) return undefined;
      const ends = endsOf.get(h.operation);
      return ends ? ends.outputs[h.tensorIndex] : boxOf.get(h.operation);
    };
    for (const node of g.nodes) {
      if (node.isInput || !(node.operation instanceof Layer)) continue;
      const ends = endsOf.get(node.operation);
      node.inputTensors.forEach((t, k) => {
        const from = sourceOf(t);
        const to = ends ? ends.inputs[k] : boxOf.get(node.operation as Layer);
        if (from !== undefined && to !== undefined) edges.push({ from, to });
      });
    }
    const inputs = g.inputs.map((t) => sourceOf(t)!);
    const outputs = g.outputs.map((t) => sourceOf(t)!);
    return { inputs, outputs };
  };
  addGraph(top, null);
  return { boxes, edges, clusters };
}

/** A readable name for what the box is: `InputLayer` boxes have no input shape row. */
export function isInputLayer(layer: Layer): boolean {
  return layer instanceof InputLayer;
}
