import * as activations from "../../activations/index.js";
import type { ActivationFn } from "../../activations/index.js";
import { Initializer, type InitializerIdentifier } from "../../initializers/index.js";
import { lstmStep } from "../../ops/nn/rnn.js";
import { add, multiply } from "../../ops/numpy/arithmetic.js";
import { broadcastTo } from "../../ops/numpy/shape.js";
import type { DType } from "../../tensor/dtypes.js";
import { makeTensor, zerosTensor, type Tensor } from "../../tensor/tensor.js";
import { positionalOptions } from "../layer.js";
import { GatedCell, type RecurrentCellOptions } from "./rnnCell.js";

export interface LSTMCellOptions extends RecurrentCellOptions {
  /** Activation of the gates i, f, o. Default "sigmoid". */
  recurrentActivation?: string | ActivationFn | null;
  /** Initialize the forget-gate slice of the bias to ones (the rest with `biasInitializer`). Default true. */
  unitForgetBias?: boolean;
}

/** The bias initializer of `unitForgetBias`: [init(units), ones(units), init(2·units)]. */
export class LSTMUnitForgetBias extends Initializer {
  constructor(
    private readonly base: Initializer,
    private readonly units: number,
  ) {
    super();
  }

  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    const u = this.units;
    const values = dtype === "float64" ? new Float64Array(shape[0]!) : new Float32Array(shape[0]!);
    values.set(this.base.call([u], dtype).values as ArrayLike<number>, 0);
    values.fill(1, u, 2 * u);
    values.set(this.base.call([2 * u], dtype).values as ArrayLike<number>, 2 * u);
    return makeTensor(values, [...shape], dtype);
  }
}

/**
 * The cell of LSTM (Keras 3 math). With `z = x·kernel + h·recurrent_kernel + bias` split into
 * gates in the order i, f, c, o:
 * `c_t = σ(z_f)·c_{t-1} + σ(z_i)·tanh(z_c)`, `h_t = σ(z_o)·tanh(c_t)` (σ = recurrentActivation).
 * Weights: `kernel (inputDim, 4·units)`, `recurrent_kernel (units, 4·units)`, `bias (4·units,)`.
 * States: `[h, c]`; the output is `h`.
 *
 * ```ts
 * const rnn = new keras.layers.RNN(new keras.layers.LSTMCell(4), { returnSequences: true });
 * ```
 */
export class LSTMCell extends GatedCell {
  static override readonly className: string = "LSTMCell";
  protected readonly gates = 4;
  readonly recurrentActivation: ActivationFn;
  readonly unitForgetBias: boolean;

  constructor(units: number | LSTMCellOptions, options?: LSTMCellOptions) {
    const o = positionalOptions<LSTMCellOptions>(units, options, "units");
    super(o, ["recurrentActivation", "unitForgetBias"], "LSTMCell");
    this.recurrentActivation = this.getActivation(o.recurrentActivation === undefined ? "sigmoid" : o.recurrentActivation);
    this.unitForgetBias = o.unitForgetBias ?? true;
  }

  override get stateSize(): number[] {
    return [this.units, this.units];
  }

  protected buildBias(): void {
    if (!this.useBias) return;
    const init: InitializerIdentifier = this.unitForgetBias ? new LSTMUnitForgetBias(this.biasInitializer, this.units) : this.biasInitializer;
    this.bias = this.addWeight({
      name: "bias",
      shape: [4 * this.units],
      initializer: init,
      regularizer: this.biasRegularizer,
      constraint: this.biasConstraint,
    });
  }

  /** True when the activations are Keras's defaults, which the fused step kernel implements. */
  private get fusable(): boolean {
    return this.activation === activations.get("tanh") && this.recurrentActivation === activations.get("sigmoid");
  }

  /** The fused step adds the bias itself (one pass less over the projected inputs). */
  protected override inputBias(): Tensor | null {
    return this.fusable ? null : super.inputBias();
  }

  stepProjected(z: Tensor, states: Tensor[], training: boolean): [Tensor, Tensor[]] {
    const [hPrev, cPrev] = states as [Tensor, Tensor];
    if (this.fusable) {
      const bias = this.bias ? this.bias.value : zerosTensor([4 * this.units], z.dtype);
      const rows = (t: Tensor, width: number) => (t.shape[0] === z.shape[0] ? t : broadcastTo(t, [z.shape[0]!, width]));
      const [h, c] = lstmStep(z, rows(this.projectState(hPrev, training), 4 * this.units), bias, rows(cPrev, this.units));
      return [h, [h, c]];
    }
    const [zi, zf, zc, zo] = this.splitGates(add(z, this.projectState(hPrev, training))) as [Tensor, Tensor, Tensor, Tensor];
    const i = this.recurrentActivation(zi);
    const f = this.recurrentActivation(zf);
    const c = add(multiply(f, cPrev), multiply(i, this.activation(zc)));
    const o = this.recurrentActivation(zo);
    const h = multiply(o, this.activation(c));
    return [h, [h, c]];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      recurrent_activation: activations.serialize(this.recurrentActivation),
      unit_forget_bias: this.unitForgetBias,
    };
  }
}
