import { castValues } from "../../dtypes.js";
import type { DType, TensorData } from "../../types.js";

export function castKernel(inputs: readonly TensorData[], attrs: { dtype: DType }): TensorData[] {
  const x = inputs[0]!;
  return [{ values: castValues(x.values, attrs.dtype), shape: x.shape, dtype: attrs.dtype }];
}
