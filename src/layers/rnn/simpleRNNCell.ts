import { add } from "../../ops/numpy/arithmetic.js";
import type { Tensor } from "../../tensor/tensor.js";
import { positionalOptions } from "../layer.js";
import { GatedCell, type RecurrentCellOptions } from "./rnnCell.js";

export type SimpleRNNCellOptions = RecurrentCellOptions;

/**
 * The cell of SimpleRNN: `h_t = activation(x_t · kernel + bias + h_{t-1} · recurrent_kernel)`.
 * Weights (Keras layout): `kernel (inputDim, units)`, `recurrent_kernel (units, units)`,
 * `bias (units,)`. One state of size `units`; the output is the new state.
 *
 * ```ts
 * const rnn = new keras.layers.RNN(new keras.layers.SimpleRNNCell(4));
 * ```
 */
export class SimpleRNNCell extends GatedCell {
  static override readonly className: string = "SimpleRNNCell";
  protected readonly gates = 1;

  constructor(units: number | SimpleRNNCellOptions, options?: SimpleRNNCellOptions) {
    const o = positionalOptions<SimpleRNNCellOptions>(units, options, "units");
    super(o, [], "SimpleRNNCell");
  }

  protected override get maskCount(): number {
    return 1;
  }

  protected buildBias(): void {
    if (!this.useBias) return;
    this.bias = this.addWeight({
      name: "bias",
      shape: [this.units],
      initializer: this.biasInitializer,
      regularizer: this.biasRegularizer,
      constraint: this.biasConstraint,
    });
  }

  stepProjected(z: Tensor, states: Tensor[], training: boolean): [Tensor, Tensor[]] {
    const h = this.activation(add(z, this.projectState(states[0]!, training)));
    return [h, [h]];
  }
}
