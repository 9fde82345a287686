import { add, divide, multiply } from "../../ops/numpy/arithmetic.js";
import { concatenate, flip } from "../../ops/numpy/manipulation.js";
import { camelKey, mapKeys } from "../../serialization/keys.js";
import type { CustomObjects } from "../../serialization/registry.js";
import { convertToTensor } from "../../tensor/convert.js";
import { KerasTensor } from "../../tensor/kerasTensor.js";
import { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { assertInputCompatibility } from "../inputSpec.js";
import { Layer, type LayerInput, type LayerOptions, type Shape } from "../layer.js";
import { cloneLayer, deserializeLayer, serializeLayer } from "./layerSerialization.js";
import { RNN, type RNNCallOptions } from "./rnn.js";
import { GatedCell, RNNCell } from "./rnnCell.js";

export type MergeMode = "concat" | "sum" | "mul" | "ave" | null;

export interface BidirectionalOptions extends LayerOptions {
  /** The recurrent layer to run in both directions (or its serialized config). */
  layer?: RNN | Record<string, unknown>;
  /** How the two outputs are combined: "concat" (default), "sum", "mul", "ave", or null (a list). */
  mergeMode?: MergeMode;
  /** The backward layer (default: a copy of `layer` with `goBackwards: true`). */
  backwardLayer?: RNN | Record<string, unknown> | null;
  /** Initial weights: forward layer's then backward layer's. */
  weights?: unknown[] | null;
}

const MERGE_MODES = ["concat", "sum", "mul", "ave", null];

const stripPrefix = (s: string, p: string) => (s.startsWith(p) ? s.slice(p.length) : s);

/** A fresh copy of a recurrent layer from its config (keeping Keras 2 activation math). */
function copyRNN(layer: RNN, overrides: Record<string, unknown>): RNN {
  const cell = layer.cell;
  const legacy = cell instanceof GatedCell && cell.legacyActivations;
  if (layer.constructor === RNN) {
    const newCell = legacy ? (cloneLayer(cell, { legacy_activations: true }) as RNNCell) : (deserializeLayer(serializeLayer(cell), undefined, "Bidirectional") as RNNCell);
    const { cell: _c, ...rest } = { ...layer.getConfig(), ...overrides };
    return new RNN(newCell, mapKeys(rest, camelKey));
  }
  const copy = cloneLayer(layer, legacy ? { ...overrides, legacy_activations: true } : overrides);
  if (!(copy instanceof RNN)) throw new ValueError(`Bidirectional: could not copy layer "${layer.name}".`);
  return copy;
}

/**
 * Runs a recurrent layer forwards and a copy backwards over the sequence and merges the two
 * outputs (the backward outputs are re-reversed to line up in time). Weights: the forward
 * layer's, then the backward layer's (Keras's order). With `returnState` the output is
 * `[merged, ...forwardStates, ...backwardStates]`; initial states (`apply(x, { initialState })`)
 * are split the same way.
 *
 * ```ts
 * const bi = new keras.layers.Bidirectional(new keras.layers.LSTM(16, { returnSequences: true }));
 * bi.apply(keras.Input([10, 8])).shape;   // [null, 10, 32]
 * ```
 */
export class Bidirectional extends Layer {
  static override readonly className: string = "Bidirectional";
  readonly forwardLayer: RNN;
  readonly backwardLayer: RNN;
  readonly mergeMode: MergeMode;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly stateful: boolean;
  private initialWeights: unknown[] | null;

  constructor(layer: RNN | BidirectionalOptions, options?: BidirectionalOptions) {
    const o: BidirectionalOptions = layer instanceof Layer ? { ...(options ?? {}), layer } : { ...(layer ?? {}) };
    super(o, ["layer", "mergeMode", "backwardLayer", "weights"]);
    const base = o.layer instanceof Layer || o.layer === undefined ? o.layer : deserializeLayer(o.layer, undefined, "Bidirectional");
    if (!(base instanceof RNN)) {
      throw new ValueError(`Bidirectional: please initialize \`Bidirectional\` with a recurrent layer (an instance of keras.layers.RNN such as LSTM). Received: ${String(base)}`);
    }
    const backward = o.backwardLayer === undefined || o.backwardLayer === null || o.backwardLayer instanceof Layer ? o.backwardLayer : deserializeLayer(o.backwardLayer, undefined, "Bidirectional");
    if (backward !== undefined && backward !== null && !(backward instanceof RNN)) {
      throw new ValueError(`Bidirectional: \`backwardLayer\` needs to be a recurrent layer (keras.layers.RNN). Received: ${String(backward)}`);
    }
    const mergeMode = o.mergeMode === undefined ? "concat" : o.mergeMode;
    if (!MERGE_MODES.includes(mergeMode)) {
      throw new ValueError(`Bidirectional: invalid merge mode. Received: ${JSON.stringify(mergeMode)}. Merge mode should be one of "sum", "mul", "ave", "concat", null.`);
    }
    this.forwardLayer = copyRNN(base, { name: `forward_${stripPrefix(base.name, "forward_")}` });
    this.backwardLayer = backward ?? copyRNN(base, { name: `backward_${stripPrefix(base.name, "backward_")}`, go_backwards: true });
    if (this.forwardLayer.goBackwards === this.backwardLayer.goBackwards) {
      throw new ValueError(
        `Bidirectional: forward layer and backward layer should have different \`goBackwards\` values. Received: forward ${this.forwardLayer.goBackwards}, backward ${this.backwardLayer.goBackwards}.`,
      );
    }
    for (const a of ["stateful", "returnSequences", "returnState"] as const) {
      if (this.forwardLayer[a] !== this.backwardLayer[a]) {
        throw new ValueError(`Bidirectional: forward layer and backward layer are expected to have the same value for \`${a}\`, got ${this.forwardLayer[a]} (forward) and ${this.backwardLayer[a]} (backward).`);
      }
    }
    this.forwardLayer.zeroOutputForMask = this.forwardLayer.returnSequences;
    this.backwardLayer.zeroOutputForMask = this.backwardLayer.returnSequences;
    this.mergeMode = mergeMode;
    this.returnSequences = base.returnSequences;
    this.returnState = base.returnState;
    this.stateful = base.stateful;
    this.initialWeights = o.weights ?? null;
  }

  override apply(inputs: LayerInput, options: RNNCallOptions = {}): Tensor | any {
    const { initialState, ...rest } = options;
    if (initialState === undefined || initialState === null) return super.apply(inputs, rest);
    const states = (Array.isArray(initialState) ? initialState : [initialState]).map((s) => (s instanceof Tensor || s instanceof KerasTensor ? s : convertToTensor(s, this.dtype)));
    const seq = inputs instanceof Tensor || inputs instanceof KerasTensor ? inputs : convertToTensor(inputs, this.dtype);
    return super.apply([seq, ...states] as (Tensor | KerasTensor)[], rest);
  }

  protected override maybeBuild(shapes: Shape | Shape[]): void {
    const seq = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
    assertInputCompatibility(this.forwardLayer.sequenceSpec, [{ shape: seq, dtype: this.dtype }], this.name);
    if (Array.isArray(shapes[0]) && shapes.length > 1) {
      const n = this.forwardLayer.cell.stateSize.length * 2;
      if (shapes.length - 1 !== n) throw new ValueError(`Layer "${this.name}" expects ${n} initial state(s) (forward then backward), but received ${shapes.length - 1}.`);
    }
    super.maybeBuild(shapes);
  }

  override build(inputShape: Shape | Shape[]): void {
    const seq = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    for (const l of [this.forwardLayer, this.backwardLayer]) {
      if (!l.built) {
        l.buildInputShape = seq;
        l.build(seq);
        l.built = true;
      }
    }
    this.built = true;
    if (this.initialWeights) {
      this.setWeights(this.initialWeights);
      this.initialWeights = null;
    }
  }

  override call(inputs: Tensor | Tensor[], options: RNNCallOptions = {}): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const seq = list[0]!;
    const half = (list.length - 1) / 2;
    const fwdState = list.length > 1 ? list.slice(1, 1 + half) : null;
    const bwdState = list.length > 1 ? list.slice(1 + half) : null;
    const mask = Array.isArray(options.mask) ? (options.mask[0] ?? null) : (options.mask ?? null);
    const callOpts = { training: options.training, mask };
    let y = this.forwardLayer.apply(seq, { ...callOpts, initialState: fwdState }) as Tensor | Tensor[];
    let yRev = this.backwardLayer.apply(seq, { ...callOpts, initialState: bwdState }) as Tensor | Tensor[];
    let states: Tensor[] = [];
    if (this.returnState) {
      states = [...(y as Tensor[]).slice(1), ...(yRev as Tensor[]).slice(1)];
      y = (y as Tensor[])[0]!;
      yRev = (yRev as Tensor[])[0]!;
    }
    const a = y as Tensor;
    let b = yRev as Tensor;
    if (this.returnSequences) b = flip(b, 1);
    let output: Tensor | Tensor[];
    switch (this.mergeMode) {
      case "concat":
        output = concatenate([a, b], -1);
        break;
      case "sum":
        output = add(a, b);
        break;
      case "ave":
        output = divide(add(a, b), 2);
        break;
      case "mul":
        output = multiply(a, b);
        break;
      default:
        output = [a, b];
    }
    if (!this.returnState) return output;
    return Array.isArray(output) ? [...output, ...states] : [output, ...states];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const seq = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const f = this.forwardLayer.computeOutputShape(seq);
    let out = (this.returnState ? (f as Shape[])[0] : f) as Shape;
    const stateShapes = this.returnState ? (f as Shape[]).slice(1) : [];
    if (this.mergeMode === "concat") out = [...out.slice(0, -1), out[out.length - 1] === null ? null : out[out.length - 1]! * 2];
    const outs: Shape[] = this.mergeMode === null ? [out, [...out]] : [out];
    if (this.returnState) return [...outs, ...stateShapes, ...stateShapes.map((s) => [...s])];
    return this.mergeMode === null ? outs : out;
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    const outMask = this.returnSequences ? m : null;
    const outs: (Tensor | null)[] = this.mergeMode === null ? [outMask, outMask] : [outMask];
    if (this.returnState) return [...outs, ...this.forwardLayer.cell.stateSize.map(() => null), ...this.backwardLayer.cell.stateSize.map(() => null)];
    return this.mergeMode === null ? outs : outMask;
  }

  /** Zeroes the kept states of both directions (stateful layers). */
  resetStates(): void {
    this.forwardLayer.resetStates();
    this.backwardLayer.resetStates();
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      merge_mode: this.mergeMode,
      layer: serializeLayer(this.forwardLayer),
      backward_layer: serializeLayer(this.backwardLayer),
    };
  }

  static fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): Bidirectional {
    const { layer, backward_layer: backward, ...rest } = config;
    const options = mapKeys(rest, camelKey) as BidirectionalOptions;
    options.layer = deserializeLayer(layer, customObjects, "Bidirectional") as RNN;
    if (backward) options.backwardLayer = deserializeLayer(backward, customObjects, "Bidirectional") as RNN;
    return new Bidirectional(options);
  }
}
