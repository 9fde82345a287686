import * as activations from "../../activations/index.js";
import type { ActivationFn } from "../../activations/index.js";
import { add, multiply, subtract } from "../../ops/numpy/arithmetic.js";
import { slice, split } from "../../ops/numpy/manipulation.js";
import { reshape } from "../../ops/numpy/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { positionalOptions } from "../layer.js";
import { GatedCell, type RecurrentCellOptions } from "./rnnCell.js";

export interface GRUCellOptions extends RecurrentCellOptions {
  /** Activation of the update and reset gates. Default "sigmoid". */
  recurrentActivation?: string | ActivationFn | null;
  /**
   * Apply the reset gate after the recurrent matmul (the cuDNN formulation, Keras 3's default
   * true, with a bias of shape (2, 3·units): input bias row, recurrent bias row); false applies
   * it before, with one bias of shape (3·units,).
   */
  resetAfter?: boolean;
}

/**
 * The cell of GRU (Keras 3 math), gates in the order z (update), r (reset), h (candidate):
 * `z = σ(x·K_z + b_z + h·R_z + rb_z)`, `r = σ(x·K_r + b_r + h·R_r + rb_r)`,
 * `ĥ = tanh(x·K_h + b_h + r·(h·R_h + rb_h))` (resetAfter) or `tanh(x·K_h + b_h + (r·h)·R_h)`,
 * `h_t = z·h_{t-1} + (1 − z)·ĥ`.
 * Weights: `kernel (inputDim, 3·units)`, `recurrent_kernel (units, 3·units)`,
 * `bias (2, 3·units)` (resetAfter) or `(3·units,)`.
 */
export class GRUCell extends GatedCell {
  static override readonly className: string = "GRUCell";
  protected readonly gates = 3;
  readonly recurrentActivation: ActivationFn;
  readonly resetAfter: boolean;

  constructor(units: number | GRUCellOptions, options?: GRUCellOptions) {
    const o = positionalOptions<GRUCellOptions>(units, options, "units");
    super(o, ["recurrentActivation", "resetAfter"], "GRUCell");
    this.recurrentActivation = this.getActivation(o.recurrentActivation === undefined ? "sigmoid" : o.recurrentActivation);
    this.resetAfter = o.resetAfter ?? true;
  }

  protected buildBias(): void {
    if (!this.useBias) return;
    this.bias = this.addWeight({
      name: "bias",
      shape: this.resetAfter ? [2, 3 * this.units] : [3 * this.units],
      initializer: this.biasInitializer,
      regularizer: this.biasRegularizer,
      constraint: this.biasConstraint,
    });
  }

  /** Row `row` of the (2, 3·units) bias as a vector. */
  private biasRow(row: number): Tensor {
    return reshape(slice(this.bias!.value, [row, 0], [1, 3 * this.units]), [3 * this.units]);
  }

  protected override inputBias(): Tensor | null {
    if (!this.bias) return null;
    return this.resetAfter ? this.biasRow(0) : this.bias.value;
  }

  stepProjected(z: Tensor, states: Tensor[], training: boolean): [Tensor, Tensor[]] {
    const hPrev = states[0]!;
    const [xz, xr, xh] = this.splitGates(z) as [Tensor, Tensor, Tensor];
    let hh: Tensor;
    let zGate: Tensor;
    if (this.resetAfter) {
      let inner = this.projectState(hPrev, training);
      if (this.bias) inner = add(inner, this.biasRow(1));
      const [rz, rr, rh] = this.splitGates(inner) as [Tensor, Tensor, Tensor];
      zGate = this.recurrentActivation(add(xz, rz));
      const r = this.recurrentActivation(add(xr, rr));
      hh = this.activation(add(xh, multiply(r, rh)));
    } else {
      const [rz, rr] = split(this.projectState(hPrev, training, [0, 2]), 2, -1) as [Tensor, Tensor];
      zGate = this.recurrentActivation(add(xz, rz));
      const r = this.recurrentActivation(add(xr, rr));
      hh = this.activation(add(xh, this.projectState(multiply(r, hPrev), training, [2, 3])));
    }
    const h = add(multiply(zGate, hPrev), multiply(subtract(1, zGate), hh));
    return [h, [h]];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      recurrent_activation: activations.serialize(this.recurrentActivation),
      reset_after: this.resetAfter,
    };
  }
}
