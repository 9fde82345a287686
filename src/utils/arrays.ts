/** Array helpers shared by keras.utils' data utilities: rows of tensors and nested arrays. */
import { convertToTensor } from "../tensor/convert.js";
import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";

/** Data as a tensor (nested arrays, typed arrays and tensors alike). */
export function asTensor(x: unknown, what: string): Tensor {
  try {
    return convertToTensor(x as never);
  } catch (e) {
    throw new ValueError(`${what}: expected a tensor or (nested) arrays of numbers, but ${(e as Error).message}`);
  }
}

/** The rows `indices` (along axis 0) of a tensor. */
export function gatherRows(t: Tensor, indices: ArrayLike<number>): Tensor {
  const rowSize = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const src = t.values;
  const Ctor = src.constructor as new (n: number) => typeof src;
  const out = new Ctor(indices.length * rowSize);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out.set(src.subarray(r * rowSize, (r + 1) * rowSize) as never, i * rowSize);
  }
  return makeTensor(out, [indices.length, ...t.shape.slice(1)], t.dtype);
}

/** Python's round(): halves to even. */
export function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
