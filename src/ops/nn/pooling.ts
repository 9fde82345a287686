import { run1 } from "../../autodiff/engine.js";
import { isFloat } from "../../backend/dtypes.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { castTo, toValue, type OpInput } from "../core/input.js";
import { fromChannelsLast, normalizeDataFormat, normalizePaddingArg, normalizeTuple, spatialRank, toChannelsLast } from "../primitives/conv.js";
import "../primitives/pool.js";

/**
 * Pooling (keras.ops.max_pool, average_pool) over 1 to 3 spatial dims, in either data format.
 * "same" padding follows TensorFlow: the odd padded cell goes at the end, padded cells never
 * win a max, and averages count only the real cells of each window.
 */

type Tuple = number | readonly number[];

function pool(
  op: string,
  prim: "maxPool" | "avgPool",
  inputs: OpInput,
  poolSize: Tuple,
  strides: Tuple | null,
  padding: string,
  dataFormat: string | null,
): Tensor {
  let x = toValue(inputs);
  if (prim === "avgPool" && !isFloat(x.dtype)) x = castTo(x, "float32");
  const nd = spatialRank(x.shape, op);
  const format = normalizeDataFormat(dataFormat, op);
  const size = normalizeTuple(poolSize, nd, "poolSize", op);
  const attrs = {
    poolSize: size,
    strides: strides === null ? size : normalizeTuple(strides, nd, "strides", op),
    padding: normalizePaddingArg(padding, op),
  };
  const xl = toChannelsLast(x, format);
  if (attrs.padding === "valid") {
    for (let i = 0; i < nd; i++) {
      const d = xl.shape[i + 1];
      if (d !== null && d !== undefined && d < size[i]!) {
        throw new ValueError(
          `${op}: the pool size ${formatShape(size)} is larger than the input along spatial dim ${i} (${d} < ${size[i]}), with padding='valid'; received inputs of shape ${formatShape(x.shape)}, data_format='${format}'. Use padding='same' or a smaller poolSize.`,
        );
      }
    }
  }
  return fromChannelsLast(run1(prim, [xl], attrs), format) as Tensor;
}

/**
 * Max pooling (keras.ops.max_pool).
 *
 * @param inputs `(batch, ...spatial, channels)` (channels_last) or `(batch, channels, ...spatial)`.
 * @param poolSize int or one per spatial dim.
 * @param strides int, one per spatial dim, or null (default: `poolSize`).
 * @param padding `"valid"` (default) or `"same"`.
 * @param dataFormat `"channels_last"` (default, also for null) or `"channels_first"`.
 *
 * ```ts
 * keras.ops.maxPool(keras.ops.ones([1, 4, 4, 1]), 2).shape; // [1, 2, 2, 1]
 * ```
 */
export function maxPool(inputs: OpInput, poolSize: Tuple, strides: Tuple | null = null, padding = "valid", dataFormat: string | null = null): Tensor {
  return pool("maxPool", "maxPool", inputs, poolSize, strides, padding, dataFormat);
}

/**
 * Average pooling (keras.ops.average_pool); with "same" padding each average counts only the
 * window's real (unpadded) cells. Integer inputs give float32. Arguments as `maxPool`.
 */
export function averagePool(
  inputs: OpInput,
  poolSize: Tuple,
  strides: Tuple | null = null,
  padding = "valid",
  dataFormat: string | null = null,
): Tensor {
  return pool("averagePool", "avgPool", inputs, poolSize, strides, padding, dataFormat);
}
