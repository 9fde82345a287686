import { camelKey, mapKeys } from "../../serialization/keys.js";
import type { CustomObjects } from "../../serialization/registry.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import type { LayerOptions, Shape } from "../layer.js";
import { deserializeLayer, serializeLayer } from "./layerSerialization.js";
import { RNNCell } from "./rnnCell.js";

export interface StackedRNNCellsOptions extends LayerOptions {
  /** The cells, bottom first (or their serialized configs). */
  cells?: (RNNCell | Record<string, unknown>)[];
}

/**
 * Runs several cells as one (each cell's output feeds the next): `new RNN([cellA, cellB])`
 * builds one. The states are the cells' states in order, flattened (`[h1, c1, h2, c2]` for two
 * LSTM cells); the output is the last cell's. Weights: the cells' weights in order.
 */
export class StackedRNNCells extends RNNCell {
  static override readonly className: string = "StackedRNNCells";
  readonly cells: RNNCell[];

  constructor(cells: (RNNCell | Record<string, unknown>)[] | StackedRNNCellsOptions, options?: StackedRNNCellsOptions) {
    const o: StackedRNNCellsOptions = Array.isArray(cells) ? { ...(options ?? {}), cells } : { ...(cells ?? {}) };
    super(o, ["cells"]);
    const list = (o.cells ?? []).map((c) => deserializeLayer(c, undefined, "StackedRNNCells"));
    if (list.length === 0) throw new ValueError("StackedRNNCells: expected a non-empty list of cells.");
    list.forEach((c, i) => {
      if (!(c instanceof RNNCell)) throw new ValueError(`StackedRNNCells: cell ${i} (${c.className}) is not an RNNCell.`);
    });
    this.cells = list as RNNCell[];
  }

  override get stateSize(): number[] {
    return this.cells.flatMap((c) => c.stateSize);
  }

  override get outputSize(): number {
    return this.cells[this.cells.length - 1]!.outputSize;
  }

  override stepOutputShape(stepInputShape: Shape): Shape {
    return this.cells.reduce((shape, c) => c.stepOutputShape(shape), stepInputShape);
  }

  override stateShapes(stepInputShape: Shape): Shape[] {
    const out: Shape[] = [];
    let shape = stepInputShape;
    for (const c of this.cells) {
      out.push(...c.stateShapes(shape));
      shape = c.stepOutputShape(shape);
    }
    return out;
  }

  override outputOfStates(states: Tensor[]): Tensor {
    const lastCell = this.cells[this.cells.length - 1]!;
    return lastCell.outputOfStates(states.slice(states.length - lastCell.stateSize.length));
  }

  override build(inputShape: Shape): void {
    let shape = inputShape;
    for (const c of this.cells) {
      if (!c.built) {
        c.buildInputShape = shape;
        c.build(shape);
        c.built = true;
      }
      shape = c.stepOutputShape(shape);
    }
    this.built = true;
  }

  override beginSequence(stepInputShape: readonly number[], training: boolean): void {
    let shape = stepInputShape;
    for (const c of this.cells) {
      c.beginSequence(shape, training);
      shape = c.stepOutputShape([...shape]) as number[];
    }
  }

  override endSequence(): void {
    for (const c of this.cells) c.endSequence();
  }

  step(inputs: Tensor, states: Tensor[], training: boolean): [Tensor, Tensor[]] {
    let x = inputs;
    let k = 0;
    const next: Tensor[] = [];
    for (const c of this.cells) {
      const n = c.stateSize.length;
      const [out, s] = c.step(x, states.slice(k, k + n), training);
      next.push(...s);
      x = out;
      k += n;
    }
    return [x, next];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cells: this.cells.map((c) => serializeLayer(c)) };
  }

  static fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): StackedRNNCells {
    const { cells, ...rest } = config;
    const list = (Array.isArray(cells) ? cells : []).map((c) => deserializeLayer(c, customObjects, "StackedRNNCells") as RNNCell);
    return new StackedRNNCells(list, mapKeys(rest, camelKey));
  }
}
