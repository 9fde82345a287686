/** keras.utils.toCategorical (Keras's `to_categorical`). */
import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { asTensor } from "./arrays.js";

/**
 * Converts class indices to one-hot rows (Keras's `keras.utils.to_categorical`): an array of
 * integer labels of shape `s` becomes float32 `[...s, numClasses]` (a trailing axis of size 1 is
 * dropped first, as in Keras). `numClasses` defaults to the largest label + 1.
 *
 * ```ts
 * keras.utils.toCategorical([0, 2, 1], 3).arraySync(); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * ```
 */
export function toCategorical(x: unknown, numClasses: number | null = null): Tensor {
  const t = asTensor(x, "toCategorical");
  let shape = [...t.shape];
  if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
  const values = Array.from(t.values, Number);
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`toCategorical: labels must be non-negative integers, but received ${v} in an array of shape ${formatShape(t.shape)}.`);
  }
  const k = numClasses ?? (values.length ? Math.max(...values) + 1 : 0);
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`toCategorical: numClasses must be a positive integer, but received ${String(numClasses)}.`);
  const out = new Float32Array(values.length * k);
  values.forEach((v, i) => {
    if (v >= k) throw new ValueError(`toCategorical: label ${v} is out of range for numClasses=${k} (labels must be < numClasses).`);
    out[i * k + v] = 1;
  });
  return makeTensor(out, [...shape, k], "float32");
}
