import type { ActivationFn } from "../../activations/index.js";
import { camelKey, mapKeys } from "../../serialization/keys.js";
import * as regularizers from "../../regularizers/index.js";
import { InputSpec } from "../inputSpec.js";
import { positionalOptions } from "../layer.js";
import { GRUCell, type GRUCellOptions } from "./gruCell.js";
import { cellOptionsOf, flattenCellConfig } from "./recurrentLayer.js";
import { RECURRENT_CELL_OPTIONS } from "./rnnCell.js";
import { RNN, type RNNLayerOptions } from "./rnn.js";

export interface GRUOptions extends GRUCellOptions, RNNLayerOptions {}

const GRU_CELL_KEYS = ["recurrentActivation", "resetAfter"];

/**
 * Gated Recurrent Unit layer (Cho et al. 2014), Keras 3 math and weight layout:
 * `kernel (features, 3·units)`, `recurrent_kernel (units, 3·units)`, gates in the order
 * z (update), r (reset), h (candidate); `resetAfter` true by default (the cuDNN formulation,
 * `bias (2, 3·units)`: input bias row then recurrent bias row); `resetAfter: false` is the
 * Keras 2.2 formulation with `bias (3·units,)`. Defaults activation "tanh", recurrentActivation
 * "sigmoid". Input `(batch, time, features)` → `(batch, units)`, or `(batch, time, units)` with
 * `returnSequences`; `returnState` adds the final `h`. See `RNN` for masking, `initialState`,
 * `goBackwards` and `stateful`.
 *
 * Keras 2 files: `legacyActivations: true` (set by the loaders) makes `"hard_sigmoid"` mean
 * Keras 2's clip(0.2·x + 0.5, 0, 1).
 *
 * ```ts
 * const gru = new keras.layers.GRU(32, { returnSequences: true });
 * const legacy = new keras.layers.GRU(32, { resetAfter: false });
 * ```
 */
export class GRU extends RNN {
  static override readonly className: string = "GRU";
  declare readonly cell: GRUCell;

  constructor(units: number | GRUOptions, options?: GRUOptions) {
    const o = positionalOptions<GRUOptions>(units, options, "units");
    super(new GRUCell(cellOptionsOf(o, GRU_CELL_KEYS, "gru_cell", "GRU")), o, [...RECURRENT_CELL_OPTIONS, ...GRU_CELL_KEYS]);
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
  get resetAfter(): boolean {
    return this.cell.resetAfter;
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

  static override fromConfig(config: Record<string, unknown>): GRU {
    return new GRU(mapKeys(config, camelKey) as GRUOptions);
  }
}
