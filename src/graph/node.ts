import { KerasTensor } from "../tensor/kerasTensor.js";

/** Where a KerasTensor came from: the operation, which of its calls, which output. */
export interface KerasHistory {
  readonly operation: GraphOperation;
  readonly nodeIndex: number;
  readonly tensorIndex: number;
}

/** What the graph needs of an operation (a layer, a model). */
export interface GraphOperation {
  readonly name: string;
  readonly inboundNodes: Node[];
  readonly outboundNodes: Node[];
}

export function historyOf(t: KerasTensor): KerasHistory | undefined {
  return t.kerasHistory as KerasHistory | undefined;
}

/**
 * One call of an operation on symbolic tensors: the DAG's node. Edges are KerasTensors.
 * Creating a Node records it on the operation and stamps the outputs' history.
 */
export class Node {
  readonly operation: GraphOperation;
  readonly inputTensors: KerasTensor[];
  readonly outputTensors: KerasTensor[];
  /** The call's extra arguments (training flag, masks…), kept for re-running the graph. */
  readonly callOptions: Record<string, unknown>;
  /** The structure the inputs were passed in: a single tensor or a list. */
  readonly inputsAreList: boolean;
  readonly outputsAreList: boolean;

  constructor(
    operation: GraphOperation,
    inputs: KerasTensor[],
    outputs: KerasTensor[],
    options: { callOptions?: Record<string, unknown>; inputsAreList?: boolean; outputsAreList?: boolean } = {},
  ) {
    this.operation = operation;
    this.inputTensors = inputs;
    this.outputTensors = outputs;
    this.callOptions = options.callOptions ?? {};
    this.inputsAreList = options.inputsAreList ?? inputs.length !== 1;
    this.outputsAreList = options.outputsAreList ?? outputs.length !== 1;
    operation.inboundNodes.push(this);
    for (const t of inputs) historyOf(t)?.operation.outboundNodes.push(this);
    const nodeIndex = operation.inboundNodes.length - 1;
    outputs.forEach((t, tensorIndex) => {
      t.kerasHistory = { operation, nodeIndex, tensorIndex } satisfies KerasHistory;
    });
  }

  /** An input node (an InputLayer's) has no inputs. */
  get isInput(): boolean {
    return this.inputTensors.length === 0;
  }

  /** The nodes whose outputs feed this one. */
  get parentNodes(): Node[] {
    const out: Node[] = [];
    for (const t of this.inputTensors) {
      const h = historyOf(t);
      if (h) out.push(h.operation.inboundNodes[h.nodeIndex]!);
    }
    return out;
  }
}
