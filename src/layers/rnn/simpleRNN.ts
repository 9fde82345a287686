import type { ActivationFn } from "../../activations/index.js";
import { camelKey, mapKeys } from "../../serialization/keys.js";
import * as regularizers from "../../regularizers/index.js";
import { InputSpec } from "../inputSpec.js";
import { positionalOptions } from "../layer.js";
import { SimpleRNNCell, type SimpleRNNCellOptions } from "./simpleRNNCell.js";
import { cellOptionsOf, flattenCellConfig } from "./recurrentLayer.js";
import { RECURRENT_CELL_OPTIONS } from "./rnnCell.js";
import { RNN, type RNNLayerOptions } from "./rnn.js";

export interface SimpleRNNOptions extends SimpleRNNCellOptions, RNNLayerOptions {}

/**
 * Fully-connected RNN whose output is fed back as the next input's state:
 * `h_t = activation(x_t · kernel + bias + h_{t-1} · recurrent_kernel)` (default "tanh").
 * Weights: `kernel (features, units)`, `recurrent_kernel (units, units)`, `bias (units,)`.
 * Input `(batch, time, features)` → `(batch, units)`, or `(batch, time, units)` with
 * `returnSequences`; `returnState` adds the final `h`. See `RNN` for masking, `initialState`,
 * `goBackwards` and `stateful`.
 *
 * ```ts
 * const rnn = new keras.layers.SimpleRNN(4, { returnSequences: true });
 * ```
 */
export class SimpleRNN extends RNN {
  static override readonly className: string = "SimpleRNN";
  declare readonly cell: SimpleRNNCell;

  constructor(units: number | SimpleRNNOptions, options?: SimpleRNNOptions) {
    const o = positionalOptions<SimpleRNNOptions>(units, options, "units");
    super(new SimpleRNNCell(cellOptionsOf(o, [], "simple_rnn_cell", "SimpleRNN")), o, RECURRENT_CELL_OPTIONS);
    this.sequenceSpec = new InputSpec({ ndim: 3 });
  }

  get units(): number {
    return this.cell.units;
  }
  get activation(): ActivationFn {
    return this.cell.activation;
  }
  get useBias(): boolean {
    return this.cell.useBias;
  }
  get dropout(): number {
    return this.cell.dropout;
  }
  get recurrentDropout(): number {
    return this.cell.recurrentDropout;
  }

  override getConfig(): Record<string, unknown> {
    return { ...this.rnnConfig(), ...flattenCellConfig(this.cell.getConfig()), activity_regularizer: regularizers.serialize(this.activityRegularizer) };
  }

  static override fromConfig(config: Record<string, unknown>): SimpleRNN {
    return new SimpleRNN(mapKeys(config, camelKey) as SimpleRNNOptions);
  }
}
