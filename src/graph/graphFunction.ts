import { KerasTensor } from "../tensor/kerasTensor.js";
import { ValueError } from "../util/errors.js";
import { historyOf, type GraphOperation, type Node } from "./node.js";

function parentOf(t: KerasTensor): Node {
  const h = historyOf(t)!;
  return h.operation.inboundNodes[h.nodeIndex]!;
}

/**
 * The DAG between some input KerasTensors and output KerasTensors (Keras's `Function`):
 * the nodes in execution order, grouped by depth, and the operations they call.
 */
export class GraphFunction {
  readonly inputs: KerasTensor[];
  readonly outputs: KerasTensor[];
  /** Nodes in a valid execution order (inputs first). */
  readonly nodes: Node[];
  /** Operations in execution order, each once (input layers included). */
  readonly operations: GraphOperation[];
  /** depth → nodes, depth 0 = the outputs' nodes (Keras's `_nodes_by_depth`). */
  readonly nodesByDepth: Map<number, Node[]>;

  constructor(inputs: KerasTensor[], outputs: KerasTensor[]) {
    this.inputs = inputs;
    this.outputs = outputs;
    for (const t of [...inputs, ...outputs]) {
      if (!(t instanceof KerasTensor) || !historyOf(t)) {
        throw new ValueError(
          `A functional model's inputs and outputs must be symbolic tensors made by keras.Input() and layers, but received ${String(t)}.`,
        );
      }
    }
    const inputIds = new Set(inputs.map((t) => t.id));
    // Keras's map_graph: depth-first from the outputs; operations indexed in pre-order,
    // nodes collected in post-order ("decreasing depth").
    const postOrder: Node[] = [];
    const finished = new Set<Node>();
    const inProgress = new Set<Node>();
    const opIndex = new Map<GraphOperation, number>();
    const visit = (t: KerasTensor): void => {
      const h = historyOf(t)!;
      const node = h.operation.inboundNodes[h.nodeIndex]!;
      if (inProgress.has(node)) throw new ValueError("The functional graph has a cycle.");
      if (finished.has(node)) return;
      if (!opIndex.has(node.operation)) opIndex.set(node.operation, opIndex.size);
      inProgress.add(node);
      if (!node.isInput && !inputIds.has(t.id)) {
        for (const x of node.inputTensors) visit(x);
      } else if (node.isInput && !inputIds.has(t.id)) {
        throw new ValueError(
          `Graph disconnected: cannot reach the model's outputs from its inputs. The tensor ${t.toString()} of layer "${node.operation.name}" is needed but was not given as a model input.`,
        );
      }
      finished.add(node);
      inProgress.delete(node);
      postOrder.push(node);
    };
    for (const t of outputs) visit(t);
    // input layers that feed nothing still belong to the model
    for (const t of inputs) visit(t);
    const nodeDepth = new Map<Node, number>();
    const opDepth = new Map<GraphOperation, number>();
    for (let i = postOrder.length - 1; i >= 0; i--) {
      const node = postOrder[i]!;
      let depth = nodeDepth.get(node) ?? 0;
      depth = Math.max(depth, opDepth.get(node.operation) ?? 0);
      opDepth.set(node.operation, depth);
      nodeDepth.set(node, depth);
      if (node.isInput) continue;
      for (const t of node.inputTensors) {
        if (inputIds.has(t.id) && !finished.has(parentOf(t))) continue;
        const parent = parentOf(t);
        nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
      }
    }
    this.nodes = postOrder;
    this.nodesByDepth = new Map();
    const depths = [...new Set(nodeDepth.values())].sort((a, b) => b - a);
    for (const d of depths) this.nodesByDepth.set(d, postOrder.filter((n) => nodeDepth.get(n) === d));
    const opDepths = [...new Set(opDepth.values())].sort((a, b) => b - a);
    const ops: GraphOperation[] = [];
    for (const d of opDepths) {
      const atDepth = [...opDepth.entries()].filter(([, v]) => v === d).map(([op]) => op);
      atDepth.sort((a, b) => opIndex.get(a)! - opIndex.get(b)!);
      ops.push(...atDepth);
    }
    this.operations = ops;
  }

  /**
   * Runs the graph: `callNode(node, inputs)` computes a node's outputs from its inputs'
   * values (concrete or symbolic). Returns the outputs' values.
   */
  run<V>(inputValues: V[], callNode: (node: Node, inputs: V[]) => V[]): V[] {
    const values = new Map<number, V>();
    this.inputs.forEach((t, i) => values.set(t.id, inputValues[i]!));
    // run by depth, deepest first, so every input is ready
    const depths = [...this.nodesByDepth.keys()].sort((a, b) => b - a);
    for (const d of depths) {
      for (const node of this.nodesByDepth.get(d)!) {
        if (node.isInput) continue;
        const ins = node.inputTensors.map((t) => {
          const v = values.get(t.id);
          if (v === undefined) throw new Error(`Internal error: no value for ${t.toString()} feeding "${node.operation.name}".`);
          return v;
        });
        const outs = callNode(node, ins);
        node.outputTensors.forEach((t, i) => values.set(t.id, outs[i]!));
      }
    }
    return this.outputs.map((t) => values.get(t.id)!);
  }
}
