import type { ActivationFn } from "../../activations/index.js";
import { camelKey, mapKeys } from "../../serialization/keys.js";
import * as regularizers from "../../regularizers/index.js";
import { InputSpec } from "../inputSpec.js";
import { positionalOptions } from "../layer.js";
import { LSTMCell, type LSTMCellOptions } from "./lstmCell.js";
import { cellOptionsOf, flattenCellConfig } from "./recurrentLayer.js";
import { RECURRENT_CELL_OPTIONS } from "./rnnCell.js";
import { RNN, type RNNLayerOptions } from "./rnn.js";

export interface LSTMOptions extends LSTMCellOptions, RNNLayerOptions {}

const LSTM_CELL_KEYS = ["recurrentActivation", "unitForgetBias"];

/**
 * Long Short-Term Memory layer (Hochreiter 1997), Keras 3 math and weight layout:
 * `kernel (features, 4·units)`, `recurrent_kernel (units, 4·units)`, `bias (4·units,)`, gates in
 * the order i, f, c, o; defaults activation "tanh", recurrentActivation "sigmoid",
 * unitForgetBias true (forget-gate bias starts at 1), kernel "glorot_uniform", recurrent
 * "orthogonal". Input `(batch, time, features)` → `(batch, units)`, or `(batch, time, units)`
 * with `returnSequences`; `returnState` adds the final `[h, c]`. See `RNN` for masking,
 * `initialState`, `goBackwards` and `stateful`. Dropout options act in training only.
 *
 * Keras 2 files: `legacyActivations: true` (set by the loaders) makes `"hard_sigmoid"` mean
 * Keras 2's clip(0.2·x + 0.5, 0, 1).
 *
 * ```ts
 * const lstm = new keras.layers.LSTM(64, { returnSequences: true });
 * const [seq, h, c] = new keras.layers.LSTM(4, { returnSequences: true, returnState: true }).apply(x);
 * ```
 */
export class LSTM extends RNN {
  static override readonly className: string = "LSTM";
  declare readonly cell: LSTMCell;

  constructor(units: number | LSTMOptions, options?: LSTMOptions) {
    const o = positionalOptions<LSTMOptions>(units, options, "units");
    super(new LSTMCell(cellOptionsOf(o, LSTM_CELL_KEYS, "lstm_cell", "LSTM")), o, [...RECURRENT_CELL_OPTIONS, ...LSTM_CELL_KEYS]);
    this.sequenceSpec = new InputSpec({ ndim: 3 });
  }

  get units(): number {
    return this.cell.units;
  }
  get activation(): ActivationFn {
    return this.cell.activation;
  }
  get recurrentActivation(): ActivationFn {
    return this.cell.recurrentActivation;
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

  static override fromConfig(config: Record<string, unknown>): LSTM {
    return new LSTM(mapKeys(config, camelKey) as LSTMOptions);
  }
}
