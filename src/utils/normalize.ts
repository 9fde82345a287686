/** keras.utils.normalize */
import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { asTensor } from "./arrays.js";

/**
 * Normalizes an array along `axis` to unit `order`-norm (Keras's `keras.utils.normalize`):
 * `x / norm(x, order, axis)`, where a zero norm is left as 1. `order` is 2 (default, Euclidean),
 * 1, any p > 0, or `Infinity` (max of absolute values). Returns float32.
 *
 * ```ts
 * keras.utils.normalize([[3, 4]]).arraySync(); // [[0.6, 0.8]]
 * ```
 */
export function normalize(x: unknown, axis = -1, order = 2): Tensor {
  const t = asTensor(x, "normalize");
  const rank = t.shape.length;
  if (rank === 0) throw new ValueError("normalize: expected an array of rank >= 1, but received a scalar.");
  const ax = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= rank) throw new ValueError(`normalize: axis ${axis} is out of bounds for an array of rank ${rank}.`);
  if (!(order > 0)) throw new ValueError(`normalize: order must be a positive number (or Infinity), but received ${order}.`);
  const n = t.shape[ax]!;
  const inner = t.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const outer = t.shape.slice(0, ax).reduce((a, b) => a * b, 1);
  const src = t.values;
  const out = new Float32Array(t.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let norm = 0;
      for (let k = 0; k < n; k++) {
        const v = Math.abs(Number(src[base + k * inner]));
        if (order === Infinity) norm = Math.max(norm, v);
        else if (order === 2) norm += v * v;
        else if (order === 1) norm += v;
        else norm += v ** order;
      }
      if (order === 2) norm = Math.sqrt(norm);
      else if (order !== 1 && order !== Infinity) norm = norm ** (1 / order);
      if (norm === 0) norm = 1;
      for (let k = 0; k < n; k++) out[base + k * inner] = Number(src[base + k * inner]) / norm;
    }
  }
  return makeTensor(out, [...t.shape], "float32");
}
