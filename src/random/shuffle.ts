import { toValue, type OpInput } from "../ops/core/input.js";
import { normalizeAxis } from "../ops/core/input.js";
import { KerasTensor } from "../tensor/kerasTensor.js";
import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { streamFor, type Seed } from "./draw.js";
import { uniformIndex } from "./randint.js";

/**
 * Shuffles a tensor along one axis: every permutation of the slices along `axis` is equally
 * likely (Keras's `keras.random.shuffle`). The result has the input's shape and dtype.
 * Shuffling is a data operation: no gradient flows through it.
 *
 * ```ts
 * keras.random.shuffle(keras.ops.convertToTensor([[1, 2], [3, 4], [5, 6]]), 0, 5); // rows permuted
 * ```
 *
 * @param x the tensor to shuffle.
 * @param axis the axis along which slices are permuted (default 0).
 * @param seed an integer, a `SeedGenerator` or null (the global generator).
 */
export function shuffle(x: OpInput, axis = 0, seed: Seed = null): Tensor {
  const where = "keras.random.shuffle";
  const v = toValue(x);
  if (v.shape.length === 0) throw new ValueError(`${where}: cannot shuffle a scalar; the input needs at least one axis.`);
  const ax = normalizeAxis(axis, v.shape.length, where);
  if (v instanceof KerasTensor) return new KerasTensor(v.shape, v.dtype) as unknown as Tensor;
  const n = v.shape[ax]!;
  // Fisher–Yates with unbiased indices.
  const perm = Array.from({ length: n }, (_, i) => i);
  const stream = streamFor(seed, where);
  for (let i = n - 1; i > 0; i--) {
    const j = uniformIndex(stream, i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const inner = v.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const outer = v.shape.slice(0, ax).reduce((a, b) => a * b, 1);
  const src = v.values;
  const out = src.slice();
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let i = 0; i < n; i++) out.set(src.subarray(base + perm[i]! * inner, base + (perm[i]! + 1) * inner), base + i * inner);
  }
  return makeTensor(out, v.shape, v.dtype);
}
