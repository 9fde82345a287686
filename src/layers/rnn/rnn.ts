import { notEqual } from "../../ops/numpy/arithmetic.js";
import { split, stack, where } from "../../ops/numpy/manipulation.js";
import { reshape } from "../../ops/numpy/shape.js";
import { camelKey, mapKeys } from "../../serialization/keys.js";
import type { CustomObjects } from "../../serialization/registry.js";
import { convertToTensor } from "../../tensor/convert.js";
import { KerasTensor } from "../../tensor/kerasTensor.js";
import { Tensor, zerosTensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { assertInputCompatibility, InputSpec } from "../inputSpec.js";
import { Layer, type CallOptions, type LayerInput, type LayerOptions, type Shape } from "../layer.js";
import { deserializeLayer, serializeLayer } from "./layerSerialization.js";
import { GatedCell, RNNCell } from "./rnnCell.js";
import { StackedRNNCells } from "./stackedRNNCells.js";

/** Options of the RNN layer and its subclasses (Keras's names, camelCase). */
export interface RNNLayerOptions extends LayerOptions {
  /** Return the whole output sequence (batch, time, units) instead of the last output. Default false. */
  returnSequences?: boolean;
  /** Also return the final states: `[output, ...states]`. Default false. */
  returnState?: boolean;
  /** Process the sequence backwards (and return the reversed output sequence). Default false. */
  goBackwards?: boolean;
  /**
   * Keep the final states of a batch as the initial states of the next call (sample i continues
   * sample i). Needs a fixed batch size; `resetStates()` zeroes them. Default false.
   */
  stateful?: boolean;
  /** Accepted for Keras compatibility; the loop is the same either way. Default false. */
  unroll?: boolean;
  /** Masked timesteps output zeros (true) or repeat the previous output (false). Default false. */
  zeroOutputForMask?: boolean;
  /** Keras 2 configs only: must be false (batch-major inputs). */
  timeMajor?: boolean;
  /** Keras 3's LSTM/GRU cuDNN switch: accepted, no effect on CPU. */
  useCudnn?: boolean | "auto";
}

export interface RNNOptions extends RNNLayerOptions {
  /** The cell (or a list of cells, stacked), or its serialized config. */
  cell?: RNNCell | RNNCell[] | Record<string, unknown>;
}

export const RNN_LAYER_OPTIONS = ["returnSequences", "returnState", "goBackwards", "stateful", "unroll", "zeroOutputForMask", "timeMajor", "useCudnn"] as const;

/** Call options of recurrent layers. */
export interface RNNCallOptions extends CallOptions {
  /**
   * Initial state tensors, one per cell state (LSTM: `[h, c]`). Default: zeros (or the kept
   * states of a stateful layer). Symbolic states become inputs of the layer's graph node.
   */
  initialState?: LayerInput | LayerInput[] | null;
}

function checkBool(value: unknown, option: string, owner: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw new ValueError(`${owner}: \`${option}\` must be a boolean, but received ${JSON.stringify(value)}.`);
  return value;
}

/** Splits (batch, time, ...) into `time` tensors (batch, ...). */
function unstackTime(x: Tensor): Tensor[] {
  const [b, t, ...rest] = x.shape as number[];
  const parts = t === 1 ? [x] : split(x, t!, 1);
  return parts.map((p) => reshape(p, [b!, ...rest]));
}

/** Elements per block of projected inputs: 8 MB of float32, below glibc's 32 MB mmap threshold. */
const PROJECTION_BLOCK = 1 << 21;

/**
 * A gated cell's input projections (`projectInputs`: `x·kernel`, plus the input bias unless the
 * cell's step adds it), one (batch, gates·units) tensor per time step, computed for many steps at once: large GEMMs instead of a small one per step (and in
 * the backward pass, few GEMMs for the kernel's gradient). Steps are taken in blocks of at
 * most PROJECTION_BLOCK elements: larger arrays come from fresh mmaps, whose first touch costs
 * more than the GEMM (docs/performance.md). Null when the cell is not gated, when the steps
 * are not vectors, or with input dropout in training (its mask belongs to a (batch, features) step).
 */
function projectSteps(cell: RNNCell, seq: Tensor, training: boolean): Tensor[] | null {
  if (!(cell instanceof GatedCell) || seq.shape.length !== 3 || (training && cell.dropout > 0)) return null;
  const [b, t, features] = seq.shape as [number, number, number];
  const perStep = b * (cell.kernel?.value.shape[1] ?? 1);
  const blockSteps = Math.max(1, Math.min(t, Math.floor(PROJECTION_BLOCK / perStep)));
  const sizes: number[] = [];
  for (let s = 0; s < t; s += blockSteps) sizes.push(Math.min(blockSteps, t - s));
  const blocks = sizes.length === 1 ? [seq] : split(seq, sizes.slice(0, -1).map((_, i) => (i + 1) * blockSteps), 1);
  return blocks.flatMap((block, i) => {
    const z = cell.projectInputs(reshape(block, [b * sizes[i]!, features]), training);
    return unstackTime(reshape(z, [b, sizes[i]!, z.shape[1]!]));
  });
}

/**
 * The generic recurrent layer (Keras's `keras.layers.RNN`): runs a cell over the time axis of
 * `(batch, time, features)` inputs. The layer owns the cell: its weights are the cell's
 * (`kernel`, `recurrent_kernel`, `bias` for the built-in cells; Keras saves them under `cell/vars`).
 *
 * Output: `(batch, units)`, or `(batch, time, units)` with `returnSequences`; with `returnState`
 * a list `[output, ...finalStates]`. Masked timesteps (from `Embedding({ maskZero })`, `Masking`
 * or `apply(x, { mask })`) keep the previous states and output. Initial states:
 * `apply(x, { initialState: [h0, c0] })`.
 *
 * ```ts
 * const layer = new keras.layers.RNN(new keras.layers.LSTMCell(8), { returnSequences: true });
 * const y = layer.apply(keras.Input([10, 4]));   // y.shape → [null, 10, 8]
 * ```
 */
export class RNN extends Layer {
  static override readonly className: string = "RNN";
  readonly cell: RNNCell;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly unroll: boolean;
  /** Masked steps output zeros (Bidirectional forces this to `returnSequences`). */
  zeroOutputForMask: boolean;
  /** The kept states of a stateful layer (null until the first call). */
  states: Tensor[] | null = null;
  /** What the sequence input must look like (the initial states are extra inputs). */
  sequenceSpec: InputSpec;

  constructor(cell: RNNCell | RNNCell[] | RNNOptions, options?: RNNLayerOptions, ownOptions: readonly string[] = []) {
    const o: RNNOptions = cell instanceof Layer || Array.isArray(cell) ? { ...(options ?? {}), cell } : { ...(cell ?? {}) };
    const owner = new.target === RNN ? "RNN" : ((new.target as unknown as typeof Layer).className ?? "RNN");
    super(o, ["cell", ...RNN_LAYER_OPTIONS, ...ownOptions]);
    let c: unknown = o.cell;
    if (Array.isArray(c)) c = new StackedRNNCells(c);
    if (c && !(c instanceof Layer)) c = deserializeLayer(c, undefined, owner);
    if (!(c instanceof RNNCell)) {
      throw new ValueError(
        `${owner}: the cell must be an RNNCell (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells or a subclass of keras.layers.RNNCell with stateSize and step()), but received ${c === undefined ? "nothing" : String(c)}.`,
      );
    }
    this.cell = c;
    this.returnSequences = checkBool(o.returnSequences, "returnSequences", owner);
    this.returnState = checkBool(o.returnState, "returnState", owner);
    this.goBackwards = checkBool(o.goBackwards, "goBackwards", owner);
    this.stateful = checkBool(o.stateful, "stateful", owner);
    this.unroll = checkBool(o.unroll, "unroll", owner);
    this.zeroOutputForMask = checkBool(o.zeroOutputForMask, "zeroOutputForMask", owner);
    if (o.timeMajor) throw new ValueError(`${owner}: \`timeMajor: true\` is not supported; inputs are (batch, time, features).`);
    this.sequenceSpec = new InputSpec({ minNdim: 3 });
  }

  /** Calls the layer; `options.initialState` gives the initial states. */
  override apply(inputs: LayerInput, options: RNNCallOptions = {}): Tensor | any {
    const { initialState, ...rest } = options;
    if (initialState === undefined || initialState === null) return super.apply(inputs, rest);
    const list = Array.isArray(initialState) && initialState.length > 0 && initialState.every((s) => s instanceof Tensor || s instanceof KerasTensor || Array.isArray(s) || ArrayBuffer.isView(s))
      ? (initialState as LayerInput[])
      : [initialState as LayerInput];
    const states = list.map((s) => (s instanceof Tensor || s instanceof KerasTensor ? s : convertToTensor(s, this.dtype)));
    const seq = inputs instanceof Tensor || inputs instanceof KerasTensor ? inputs : convertToTensor(inputs, this.dtype);
    return super.apply([seq, ...states] as (Tensor | KerasTensor)[], rest);
  }

  protected override maybeBuild(shapes: Shape | Shape[]): void {
    const list = isShapeList(shapes) ? shapes : [shapes as Shape];
    assertInputCompatibility(this.sequenceSpec, [{ shape: list[0]!, dtype: this.dtype }], this.name);
    if (list.length > 1 && list.length - 1 !== this.cell.stateSize.length) {
      throw new ValueError(
        `Layer "${this.name}" expects ${this.cell.stateSize.length} initial state(s) (sizes ${this.cell.stateSize.join(", ")}), but received ${list.length - 1}.`,
      );
    }
    const seq = list[0]!;
    const expected = this.cell.stateShapes([seq[0] ?? null, ...seq.slice(2)]);
    list.slice(1).forEach((s, i) => {
      const e = expected[i]!;
      if (s.length !== e.length || s.some((d, k) => k > 0 && d !== null && e[k] !== null && d !== e[k])) {
        throw new ValueError(`Layer "${this.name}": initial state ${i} should have shape ${formatShape(e)}, but received shape ${formatShape(s)}.`);
      }
    });
    super.maybeBuild(shapes);
  }

  override build(inputShape: Shape | Shape[]): void {
    const seq = (isShapeList(inputShape) ? inputShape[0] : inputShape) as Shape;
    if (!this.cell.built) {
      const stepShape: Shape = [seq[0] ?? null, ...seq.slice(2)];
      this.cell.buildInputShape = stepShape;
      this.cell.build(stepShape);
      this.cell.built = true;
    }
    if (this.stateful && (seq[0] === null || seq[0] === undefined)) {
      throw new ValueError(
        `Layer "${this.name}": when using \`stateful: true\` in an RNN, the batch size must be static. Found dynamic batch size: sequence shape ${formatShape(seq)}. Pass \`batchSize\` to keras.Input or \`batchInputShape\` to the first layer.`,
      );
    }
    this.built = true;
  }

  /** Zeroes the kept states of a stateful layer (Keras's `reset_states` / `reset_state`). */
  resetStates(): void {
    if (this.states) this.states = this.states.map((s) => zerosTensor(s.shape, s.dtype));
  }

  resetState(): void {
    this.resetStates();
  }

  override call(inputs: Tensor | Tensor[], options: RNNCallOptions = {}): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const seq = list[0]!;
    const training = options.training ?? false;
    let mask = Array.isArray(options.mask) ? (options.mask[0] ?? null) : (options.mask ?? null);
    const batch = seq.shape[0]!;
    const steps = seq.shape[1]!;
    let states: Tensor[];
    if (list.length > 1) {
      states = list.slice(1).map((s) => (s.dtype === this.dtype ? s : convertToTensor(s, this.dtype)));
    } else if (this.stateful) {
      if (this.states && this.states[0]!.shape[0] !== batch) {
        throw new ValueError(
          `Layer "${this.name}": if an RNN is stateful, the batch size of the input sequences must be the same as the batch size of the initial state. Expected batch size: ${this.states[0]!.shape[0]}; received: ${batch} (input shape ${formatShape(seq.shape)}).`,
        );
      }
      states = this.states ?? this.cell.getInitialState(batch, [batch, ...seq.shape.slice(2)]);
    } else {
      states = this.cell.getInitialState(batch, [batch, ...seq.shape.slice(2)]);
    }
    if (steps === 0) throw new ValueError(`Layer "${this.name}": the input sequence is empty (shape ${formatShape(seq.shape)}).`);
    if (mask && mask.dtype !== "bool") mask = notEqual(mask, 0);

    const cell = this.cell;
    cell.beginSequence([batch, ...seq.shape.slice(2)], training);
    let last: Tensor;
    const outputs: Tensor[] = [];
    try {
      // One split into steps (its gradient is one concatenation), of the projected inputs when
      // the cell is gated (then each step runs `stepProjected`), else of the raw inputs.
      const projected = projectSteps(cell, seq, training);
      const inputsByStep = projected ?? unstackTime(seq);
      const masksByStep = mask ? (steps === 1 ? [mask] : split(mask, steps, 1)) : null;
      let prevOutput: Tensor | null = null;
      for (let s = 0; s < steps; s++) {
        const t = this.goBackwards ? steps - 1 - s : s;
        const x = inputsByStep[t]!;
        let [out, next] = projected ? (cell as GatedCell).stepProjected(x, states, training) : cell.step(x, states, training);
        if (masksByStep) {
          const m = maskLike(masksByStep[t]!, out.shape.length);
          const keep = this.zeroOutputForMask ? zerosTensor(out.shape, out.dtype) : (prevOutput ?? cell.outputOfStates(states));
          out = where(m, out, keep);
          next = next.map((n, i) => where(maskLike(m, n.shape.length), n, states[i]!));
        }
        prevOutput = out;
        states = next;
        if (this.returnSequences) outputs.push(out);
        last = out;
      }
    } finally {
      cell.endSequence();
    }
    if (this.stateful) this.states = states;
    const output = this.returnSequences ? stack(outputs, 1) : last!;
    return this.returnState ? [output, ...states] : output;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const seq = (isShapeList(inputShape) ? inputShape[0] : inputShape) as Shape;
    const step: Shape = [seq[0] ?? null, ...seq.slice(2)];
    const stepOut = this.cell.stepOutputShape(step);
    const out: Shape = this.returnSequences ? [stepOut[0] ?? null, seq[1] ?? null, ...stepOut.slice(1)] : stepOut;
    if (!this.returnState) return out;
    return [out, ...this.cell.stateShapes(step)];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    const out = this.returnSequences ? m : null;
    if (!this.returnState) return out;
    return [out, ...this.cell.stateSize.map(() => null)];
  }

  /** The config of the recurrent options (without the cell). */
  protected rnnConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      return_sequences: this.returnSequences,
      return_state: this.returnState,
      go_backwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
      zero_output_for_mask: this.zeroOutputForMask,
    };
  }

  override getConfig(): Record<string, unknown> {
    return { ...this.rnnConfig(), cell: serializeLayer(this.cell) };
  }

  static fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): RNN {
    const { cell, ...rest } = config;
    const c = Array.isArray(cell) ? cell.map((x) => deserializeLayer(x, customObjects, "RNN")) : deserializeLayer(cell, customObjects, "RNN");
    return new RNN(c as RNNCell | RNNCell[], mapKeys(rest, camelKey) as RNNLayerOptions);
  }
}

/** A (batch, 1) step mask reshaped to broadcast against a tensor of rank `rank`. */
function maskLike(m: Tensor, rank: number): Tensor {
  return m.shape.length === rank ? m : reshape(m, [m.shape[0]!, ...new Array<number>(rank - 1).fill(1)]);
}

function isShapeList(x: unknown): x is Shape[] {
  return Array.isArray(x) && x.length > 0 && x.every((s) => Array.isArray(s));
}
