import { cast } from "../ops/numpy/manipulation.js";
import { isFloat } from "../tensor/dtypes.js";
import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";

/** Keras's fuzz factor, `keras.config.epsilon()`. */
export const EPSILON = 1e-7;

/** y_pred as a float tensor and y_true converted / cast to its dtype (the start of every loss function). */
export function prepare(yTrue: unknown, yPred: unknown): [Tensor, Tensor] {
  let p = yPred instanceof Tensor ? yPred : convertToTensor(yPred);
  if (!isFloat(p.dtype)) p = cast(p, "float32");
  let t = yTrue instanceof Tensor ? yTrue : convertToTensor(yTrue, p.dtype);
  if (t.dtype !== p.dtype) t = cast(t, p.dtype);
  return [t, p];
}
