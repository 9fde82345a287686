import * as activations from "../../activations/index.js";
import type { ActivationFn } from "../../activations/index.js";
import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { add, multiply } from "../../ops/numpy/arithmetic.js";
import { matmul } from "../../ops/numpy/linalg.js";
import { concatenate, slice, split } from "../../ops/numpy/manipulation.js";
import * as regularizers from "../../regularizers/index.js";
import { dropout, SeedGenerator } from "../../random/index.js";
import { makeTensor, zerosTensor, type Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { Layer, type CallOptions, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

/**
 * The base of recurrent cells: one timestep of a recurrent layer. A cell maps
 * `(inputs (batch, features), states [(batch, stateSize[i])…])` to
 * `(output (batch, outputSize), newStates)`. Custom cells subclass `RNNCell`, implement `step`
 * and give `stateSize`/`outputSize`; the `RNN` layer runs them over the time axis.
 *
 * Called on its own, a cell takes a list `[inputs, ...states]` and returns `[output, ...states]`
 * (Python's `cell(inputs, states)`).
 */
export abstract class RNNCell extends Layer {
  static override readonly className: string = "RNNCell";

  /** The size of each state tensor (one entry per state). */
  abstract get stateSize(): number[];
  /** The size of the output (default: the first state's size). */
  get outputSize(): number {
    return this.stateSize[0]!;
  }

  /** One timestep. `training` turns dropout on. */
  abstract step(inputs: Tensor, states: Tensor[], training: boolean): [Tensor, Tensor[]];

  /** The previous output as recorded in the states (what a masked step repeats): the first state. */
  outputOfStates(states: Tensor[]): Tensor {
    return states[0]!;
  }

  /** Zero states for a batch (Keras's `get_initial_state`). */
  getInitialState(batchSize: number, stepInputShape: readonly number[] = [batchSize]): Tensor[] {
    return this.stateShapes([batchSize, ...stepInputShape.slice(1)]).map((s) => zerosTensor(s.map((d) => d ?? batchSize), this.dtype));
  }

  /** @internal Called by `RNN` before and after the time loop (dropout masks live for one call). */
  beginSequence(_stepInputShape: readonly number[], _training: boolean): void {}
  endSequence(): void {}

  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const [x, ...given] = list;
    const states = given.length ? given : this.getInitialState(x!.shape[0]!, x!.shape);
    if (states.length !== this.stateSize.length) {
      throw new ValueError(`Cell "${this.name}" expects ${this.stateSize.length} state(s), but received ${states.length}.`);
    }
    const [out, newStates] = this.step(x!, states, options.training ?? false);
    return [out, ...newStates];
  }

  /** The output shape of one step for a step input of `stepInputShape` (batch first). */
  stepOutputShape(stepInputShape: Shape): Shape {
    return [stepInputShape[0] ?? null, this.outputSize];
  }

  /** The shapes of the states for a step input of `stepInputShape` (batch first). */
  stateShapes(stepInputShape: Shape): Shape[] {
    return this.stateSize.map((d) => [stepInputShape[0] ?? null, d]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const first = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [this.stepOutputShape(first), ...this.stateShapes(first)];
  }
}

/** Options shared by SimpleRNNCell, LSTMCell and GRUCell (Keras's argument names, camelCase). */
export interface RecurrentCellOptions extends LayerOptions {
  /** Positive integer: dimensionality of the output space (and of each state). */
  units?: number;
  /** Default "tanh". */
  activation?: string | ActivationFn | null;
  /** Default true. */
  useBias?: boolean;
  /** Default "glorot_uniform". */
  kernelInitializer?: initializers.InitializerIdentifier;
  /** Default "orthogonal". */
  recurrentInitializer?: initializers.InitializerIdentifier;
  /** Default "zeros". */
  biasInitializer?: initializers.InitializerIdentifier;
  kernelRegularizer?: regularizers.RegularizerIdentifier | null;
  recurrentRegularizer?: regularizers.RegularizerIdentifier | null;
  biasRegularizer?: regularizers.RegularizerIdentifier | null;
  kernelConstraint?: constraints.ConstraintIdentifier | null;
  recurrentConstraint?: constraints.ConstraintIdentifier | null;
  biasConstraint?: constraints.ConstraintIdentifier | null;
  /** Fraction of the input units to drop (training only; one mask per sequence). Default 0. */
  dropout?: number;
  /** Fraction of the recurrent-state units to drop (training only). Default 0. */
  recurrentDropout?: number;
  /** Seed of the dropout masks. */
  seed?: number | null;
  /**
   * Interpret activation NAMES with Keras 2 math where it differs from Keras 3 (today:
   * `"hard_sigmoid"` = clip(0.2 x + 0.5, 0, 1) instead of relu6(x + 3) / 6). Set by the loaders
   * of Keras 2 files; not written by `getConfig` (Keras 3 has no such argument). Default false.
   */
  legacyActivations?: boolean;
  /** Keras 2 / Keras 3 implementation switch: accepted for config compatibility, same math. */
  implementation?: number;
}

export const RECURRENT_CELL_OPTIONS = [
  "units",
  "activation",
  "useBias",
  "kernelInitializer",
  "recurrentInitializer",
  "biasInitializer",
  "kernelRegularizer",
  "recurrentRegularizer",
  "biasRegularizer",
  "kernelConstraint",
  "recurrentConstraint",
  "biasConstraint",
  "dropout",
  "recurrentDropout",
  "seed",
  "legacyActivations",
  "implementation",
] as const;

function checkRate(value: unknown, option: string, owner: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new ValueError(`${owner}: \`${option}\` must be a number between 0 and 1, but received ${String(value)}.`);
  }
  return Math.min(1, Math.max(0, value));
}

/** A tensor of ones (for dropout masks). */
function ones(shape: readonly number[], dtype: "float32" | "float64"): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = dtype === "float64" ? new Float64Array(n).fill(1) : new Float32Array(n).fill(1);
  return makeTensor(values, shape, dtype);
}

/**
 * The shared machinery of the built-in cells (Keras's DropoutRNNCell + the common weights):
 * `kernel (inputDim, gates·units)`, `recurrent_kernel (units, gates·units)`, `bias`, and
 * per-sequence dropout masks (one mask per gate when `recurrentDropout` is used, like Keras's
 * implementation 1).
 */
export abstract class GatedCell extends RNNCell {
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: initializers.Initializer;
  readonly recurrentInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  readonly kernelRegularizer: regularizers.Regularizer | null;
  readonly recurrentRegularizer: regularizers.Regularizer | null;
  readonly biasRegularizer: regularizers.Regularizer | null;
  readonly kernelConstraint: constraints.Constraint | null;
  readonly recurrentConstraint: constraints.Constraint | null;
  readonly biasConstraint: constraints.Constraint | null;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | null;
  readonly legacyActivations: boolean;
  kernel: LayerVariable | null = null;
  recurrentKernel: LayerVariable | null = null;
  bias: LayerVariable | null = null;
  protected readonly seedGenerator: SeedGenerator;
  /** Number of gates: 1 (SimpleRNN), 3 (GRU), 4 (LSTM). */
  protected abstract readonly gates: number;
  private dropoutMasks: Tensor[] | null = null;
  private recurrentDropoutMasks: Tensor[] | null = null;

  constructor(o: RecurrentCellOptions, ownOptions: readonly string[], className: string) {
    super(o, [...RECURRENT_CELL_OPTIONS, ...ownOptions]);
    if (typeof o.units !== "number" || !Number.isInteger(o.units) || o.units <= 0) {
      throw new ValueError(`${className}: received an invalid value for argument \`units\`, expected a positive integer, got ${String(o.units)}.`);
    }
    this.units = o.units;
    this.legacyActivations = o.legacyActivations ?? false;
    this.activation = this.getActivation(o.activation === undefined ? "tanh" : o.activation);
    this.useBias = o.useBias ?? true;
    this.kernelInitializer = initializers.get(o.kernelInitializer ?? "glorot_uniform")!;
    this.recurrentInitializer = initializers.get(o.recurrentInitializer ?? "orthogonal")!;
    this.biasInitializer = initializers.get(o.biasInitializer ?? "zeros")!;
    this.kernelRegularizer = regularizers.get(o.kernelRegularizer ?? null);
    this.recurrentRegularizer = regularizers.get(o.recurrentRegularizer ?? null);
    this.biasRegularizer = regularizers.get(o.biasRegularizer ?? null);
    this.kernelConstraint = constraints.get(o.kernelConstraint ?? null);
    this.recurrentConstraint = constraints.get(o.recurrentConstraint ?? null);
    this.biasConstraint = constraints.get(o.biasConstraint ?? null);
    this.dropout = checkRate(o.dropout, "dropout", className);
    this.recurrentDropout = checkRate(o.recurrentDropout, "recurrentDropout", className);
    this.seed = o.seed ?? null;
    this.seedGenerator = new SeedGenerator(this.seed ?? undefined);
  }

  /** activations.get with this cell's legacy (Keras 2) flag. */
  protected getActivation(id: string | ActivationFn | null): ActivationFn {
    return activations.get(id, { legacy: this.legacyActivations });
  }

  override get stateSize(): number[] {
    return [this.units];
  }

  /** Creates kernel and recurrent_kernel; subclasses add the bias. */
  protected buildKernels(inputShape: Shape): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (inputDim === null || inputDim === undefined) {
      throw new ValueError(`Layer "${this.name}" (${this.className}): the last dimension of the input must be known, but received input shape ${formatShape(inputShape)}.`);
    }
    this.kernel = this.addWeight({
      name: "kernel",
      shape: [inputDim, this.gates * this.units],
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    this.recurrentKernel = this.addWeight({
      name: "recurrent_kernel",
      shape: [this.units, this.gates * this.units],
      initializer: this.recurrentInitializer,
      regularizer: this.recurrentRegularizer,
      constraint: this.recurrentConstraint,
    });
  }

  /** How many dropout masks: one per gate when recurrent dropout is on (Keras's implementation 1). */
  protected get maskCount(): number {
    return this.recurrentDropout > 0 ? this.gates : 1;
  }

  override beginSequence(stepInputShape: readonly number[], training: boolean): void {
    this.dropoutMasks = null;
    this.recurrentDropoutMasks = null;
    if (!training) return;
    const dtype = this.dtype === "float64" ? "float64" : "float32";
    const make = (shape: readonly number[], rate: number) =>
      Array.from({ length: this.maskCount }, () => dropout(ones(shape, dtype), rate, null, this.seedGenerator));
    if (this.dropout > 0 && this.dropout < 1) this.dropoutMasks = make(stepInputShape, this.dropout);
    if (this.recurrentDropout > 0 && this.recurrentDropout < 1) {
      this.recurrentDropoutMasks = make([stepInputShape[0]!, this.units], this.recurrentDropout);
    }
  }

  override endSequence(): void {
    this.dropoutMasks = null;
    this.recurrentDropoutMasks = null;
  }

  /** The input part of every gate, `x · kernel (+ input bias)`, for a step `(batch, features)`. */
  projectInputs(x: Tensor, training: boolean): Tensor {
    const masks = training ? this.dropoutMasks : null;
    let z: Tensor;
    if (!masks) {
      z = matmul(x, this.kernel!.value);
    } else if (masks.length === 1) {
      z = matmul(multiply(x, masks[0]!), this.kernel!.value);
    } else {
      z = this.perGate(masks.map((m, g) => matmul(multiply(x, m), this.gateColumns(this.kernel!.value, g))));
    }
    const b = this.inputBias();
    return b ? add(z, b) : z;
  }

  /** `h · recurrent_kernel` (with recurrent dropout); gate-separated when there is one mask per gate. */
  protected projectState(h: Tensor, training: boolean, columns?: [number, number]): Tensor {
    const masks = training ? this.recurrentDropoutMasks : null;
    const kernel = this.recurrentKernel!.value;
    const first = columns ? columns[0] : 0;
    const last = columns ? columns[1] : this.gates;
    if (!masks) {
      const k = columns ? this.gateColumns(kernel, first, last) : kernel;
      return matmul(h, k);
    }
    const parts: Tensor[] = [];
    for (let g = first; g < last; g++) parts.push(matmul(masks.length === 1 ? multiply(h, masks[0]!) : multiply(h, masks[g]!), this.gateColumns(kernel, g)));
    return parts.length === 1 ? parts[0]! : this.perGate(parts);
  }

  /** The bias added to the input projection (null without bias). */
  protected inputBias(): Tensor | null {
    return this.bias ? this.bias.value : null;
  }

  /** Columns of gates [from, to) of a (rows, gates·units) matrix or a (gates·units) vector. */
  protected gateColumns(w: Tensor, from: number, to = from + 1): Tensor {
    const u = this.units;
    if (w.shape.length === 1) return slice(w, [from * u], [(to - from) * u]);
    return slice(w, [0, from * u], [w.shape[0]!, (to - from) * u]);
  }

  /** Concatenates per-gate blocks along the last axis. */
  protected perGate(parts: Tensor[]): Tensor {
    return concatenate(parts, -1);
  }

  /** Splits (batch, gates·units) into one (batch, units) block per gate. */
  protected splitGates(z: Tensor): Tensor[] {
    return split(z, this.gates, -1);
  }

  /** One step from the projected input `z = x·kernel + bias` (batch, gates·units). */
  abstract stepProjected(z: Tensor, states: Tensor[], training: boolean): [Tensor, Tensor[]];

  override step(inputs: Tensor, states: Tensor[], training: boolean): [Tensor, Tensor[]] {
    const prepared = this.dropoutMasks !== null || this.recurrentDropoutMasks !== null;
    if (training && !prepared) this.beginSequence(inputs.shape, training);
    try {
      return this.stepProjected(this.projectInputs(inputs, training), states, training);
    } finally {
      if (training && !prepared) this.endSequence();
    }
  }

  override build(inputShape: Shape): void {
    this.buildKernels(inputShape);
    this.buildBias();
    this.built = true;
  }

  protected abstract buildBias(): void;

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      recurrent_initializer: initializers.serialize(this.recurrentInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: regularizers.serialize(this.kernelRegularizer),
      recurrent_regularizer: regularizers.serialize(this.recurrentRegularizer),
      bias_regularizer: regularizers.serialize(this.biasRegularizer),
      kernel_constraint: constraints.serialize(this.kernelConstraint),
      recurrent_constraint: constraints.serialize(this.recurrentConstraint),
      bias_constraint: constraints.serialize(this.biasConstraint),
      dropout: this.dropout,
      recurrent_dropout: this.recurrentDropout,
      seed: this.seed,
    };
  }
}
