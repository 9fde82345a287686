import { allocate } from "../../dtypes.js";
import { broadcastShapes, sizeOf } from "../../shapes.js";
import type { TensorData } from "../../types.js";
import { broadcastToKernel } from "./layout.js";

/** where(cond, a, b) with NumPy broadcasting of all three. */
export function whereKernel(inputs: readonly TensorData[]): TensorData[] {
  const [c, a, b] = inputs as [TensorData, TensorData, TensorData];
  const shape = broadcastShapes(broadcastShapes(c.shape, a.shape)!, b.shape)!;
  const size = sizeOf(shape);
  const full = (t: TensorData) => (t.values.length === size ? t.values : broadcastToKernel([t], { shape })[0]!.values);
  const cv = full(c);
  const av = full(a);
  const bv = full(b);
  const out = allocate(a.dtype, size);
  for (let i = 0; i < size; i++) out[i] = cv[i] !== 0 ? av[i]! : bv[i]!;
  return [{ values: out, shape, dtype: a.dtype }];
}
