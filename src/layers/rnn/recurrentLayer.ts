import { ValueError } from "../../util/errors.js";
import type { LayerOptions } from "../layer.js";
import { RECURRENT_CELL_OPTIONS, type RecurrentCellOptions } from "./rnnCell.js";

/**
 * The options of SimpleRNN / LSTM / GRU that belong to their cell, picked out of the layer's
 * options (the layer validates all names). The cell gets the layer's dtype and trainable, and
 * Keras's fixed cell name (`lstm_cell`, …).
 */
export function cellOptionsOf<T extends RecurrentCellOptions>(o: T & LayerOptions, extraKeys: readonly string[], cellName: string, owner: string): T {
  if (typeof o.units !== "number" || !Number.isInteger(o.units) || o.units <= 0) {
    throw new ValueError(`${owner}: received an invalid value for argument \`units\`, expected a positive integer, got ${String(o.units)}.`);
  }
  const out: Record<string, unknown> = { name: cellName };
  for (const k of [...RECURRENT_CELL_OPTIONS, ...extraKeys]) if ((o as Record<string, unknown>)[k] !== undefined) out[k] = (o as Record<string, unknown>)[k];
  if (o.dtype !== undefined) out.dtype = o.dtype;
  if (o.trainable !== undefined) out.trainable = o.trainable;
  return out as T;
}

/** The cell's config entries that Keras writes at the top level of the layer's config. */
export function flattenCellConfig(cellConfig: Record<string, unknown>): Record<string, unknown> {
  const { name: _name, trainable: _trainable, dtype: _dtype, ...rest } = cellConfig;
  return rest;
}
