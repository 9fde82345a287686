import { cast } from "../ops/numpy/manipulation.js";
import { isFloat } from "../tensor/dtypes.js";
import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";

/** Keras's fuzz factor, `keras.config.epsilon()`. */
export const EPSILON = 1e-7;

/**
 * `x` as a tensor of `dtype`: tensors are cast with the `cast` op (a kernel, so a traced training
 * step replays it on each batch), other data is converted.
 */
export function asDType(x: unknown, dtype: Tensor["dtype"]): Tensor {
  if (x instanceof Tensor) return x.dtype === dtype ? x : cast(x, dtype);
  return convertToTensor(x as never, dtype);
}

/** y_pred as a float tensor and y_true converted / cast to its dtype (the start of every loss function). */
export function prepare(yTrue: unknown, yPred: unknown): [Tensor, Tensor] {
  let p = yPred instanceof Tensor ? yPred : convertToTensor(yPred);
  if (!isFloat(p.dtype)) p = cast(p, "float32");
  let t = yTrue instanceof Tensor ? yTrue : convertToTensor(yTrue, p.dtype);
  if (t.dtype !== p.dtype) t = cast(t, p.dtype);
  return [t, p];
}
