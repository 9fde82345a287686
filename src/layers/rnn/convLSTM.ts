import * as regularizers from "../../regularizers/index.js";
import { camelKey, mapKeys } from "../../serialization/keys.js";
import { ValueError } from "../../util/errors.js";
import { InputSpec } from "../inputSpec.js";
import { CONV_LSTM_CELL_OPTIONS, ConvLSTMCell, type ConvLSTMCellOptions } from "./convLSTMCell.js";
import { flattenCellConfig } from "./recurrentLayer.js";
import { RNN, type RNNLayerOptions } from "./rnn.js";

export interface ConvLSTMOptions extends Omit<ConvLSTMCellOptions, "rank">, RNNLayerOptions {}

/** Splits `(filters, kernelSize, options)` / `(options)`. */
function convArgs(filters: number | ConvLSTMOptions, kernelSize: number | number[] | ConvLSTMOptions | undefined, options: ConvLSTMOptions | undefined): ConvLSTMOptions {
  if (filters !== null && typeof filters === "object") return { ...filters };
  if (kernelSize !== null && typeof kernelSize === "object" && !Array.isArray(kernelSize)) return { ...kernelSize, filters };
  return { ...(options ?? {}), filters, kernelSize: kernelSize as number | number[] };
}

/**
 * The ConvLSTM layers: an LSTM whose input and recurrent transformations are convolutions, over
 * inputs `(batch, time, ...spatial, channels)` (channels_last) — see `ConvLSTMCell` for the math
 * and weights. Output `(batch, ...outSpatial, filters)`, or with `returnSequences`
 * `(batch, time, ...outSpatial, filters)`; `returnState` adds `[h, c]`.
 */
export abstract class ConvLSTM extends RNN {
  static override readonly className: string = "ConvLSTM";
  declare readonly cell: ConvLSTMCell;

  constructor(rank: number, o: ConvLSTMOptions, owner: string) {
    const cellOptions: Record<string, unknown> = { name: "conv_lstm_cell", rank };
    for (const k of CONV_LSTM_CELL_OPTIONS) if ((o as Record<string, unknown>)[k] !== undefined) cellOptions[k] = (o as Record<string, unknown>)[k];
    if (o.dtype !== undefined) cellOptions.dtype = o.dtype;
    if (o.trainable !== undefined) cellOptions.trainable = o.trainable;
    if ((o as { rank?: unknown }).rank !== undefined && (o as { rank?: unknown }).rank !== rank) throw new ValueError(`${owner}: \`rank\` is fixed to ${rank}.`);
    super(new ConvLSTMCell(cellOptions as ConvLSTMCellOptions), o as RNNLayerOptions, CONV_LSTM_CELL_OPTIONS);
    this.sequenceSpec = new InputSpec({ ndim: rank + 3 });
  }

  get filters(): number {
    return this.cell.filters;
  }

  override getConfig(): Record<string, unknown> {
    const { rank: _rank, ...cell } = flattenCellConfig(this.cell.getConfig());
    return { ...this.rnnConfig(), ...cell, activity_regularizer: regularizers.serialize(this.activityRegularizer) };
  }
}

/**
 * 2-D convolutional LSTM (Keras's ConvLSTM2D): inputs `(batch, time, rows, cols, channels)`.
 *
 * ```ts
 * const layer = new keras.layers.ConvLSTM2D(8, 3, { padding: "same", returnSequences: true });
 * layer.apply(keras.Input([10, 16, 16, 1])).shape;   // [null, 10, 16, 16, 8]
 * ```
 */
export class ConvLSTM2D extends ConvLSTM {
  static override readonly className: string = "ConvLSTM2D";
  constructor(filters: number | ConvLSTMOptions, kernelSize?: number | number[] | ConvLSTMOptions, options?: ConvLSTMOptions) {
    super(2, convArgs(filters, kernelSize, options), "ConvLSTM2D");
  }
  static override fromConfig(config: Record<string, unknown>): ConvLSTM2D {
    return new ConvLSTM2D(mapKeys(config, camelKey) as ConvLSTMOptions);
  }
}

/** 1-D convolutional LSTM (Keras's ConvLSTM1D): inputs `(batch, time, steps, channels)`. */
export class ConvLSTM1D extends ConvLSTM {
  static override readonly className: string = "ConvLSTM1D";
  constructor(filters: number | ConvLSTMOptions, kernelSize?: number | number[] | ConvLSTMOptions, options?: ConvLSTMOptions) {
    super(1, convArgs(filters, kernelSize, options), "ConvLSTM1D");
  }
  static override fromConfig(config: Record<string, unknown>): ConvLSTM1D {
    return new ConvLSTM1D(mapKeys(config, camelKey) as ConvLSTMOptions);
  }
}

/** 3-D convolutional LSTM (Keras's ConvLSTM3D): inputs `(batch, time, d1, d2, d3, channels)`. */
export class ConvLSTM3D extends ConvLSTM {
  static override readonly className: string = "ConvLSTM3D";
  constructor(filters: number | ConvLSTMOptions, kernelSize?: number | number[] | ConvLSTMOptions, options?: ConvLSTMOptions) {
    super(3, convArgs(filters, kernelSize, options), "ConvLSTM3D");
  }
  static override fromConfig(config: Record<string, unknown>): ConvLSTM3D {
    return new ConvLSTM3D(mapKeys(config, camelKey) as ConvLSTMOptions);
  }
}
