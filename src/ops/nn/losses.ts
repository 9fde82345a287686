import { run1 } from "../../autodiff/engine.js";
import { isFloat } from "../../backend/dtypes.js";
import type { DType } from "../../backend/types.js";
import { KerasTensor, type SymbolicShape } from "../../tensor/kerasTensor.js";
import { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { castTo, dtypeArg, isSymbolic, normalizeAxis, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/elementwise.js";
import "../primitives/reduce.js";
import "../primitives/structural.js";
import { add, clip, divide, equal, log, multiply, negative, subtract } from "../numpy/arithmetic.js";
import { logSigmoid, logSoftmax } from "./activations.js";

/**
 * keras.ops one-hot encodings and cross-entropies (keras/src/ops/nn.py) with Keras's numerics:
 * probabilities are clipped to [epsilon, 1 - epsilon] (epsilon = 1e-7, Keras's backend.epsilon())
 * and categorical probabilities are first rescaled to sum to 1; logits go through the stable
 * logSoftmax / logSigmoid.
 */

/** Keras's default fuzz factor, `keras.config.epsilon()`. */
const EPSILON = 1e-7;

const asFloat = (v: Value): Value => (isFloat(v.dtype) ? v : castTo(v, "float32"));

/** Shapes agree where both are known (null matches anything). */
function sameShape(a: SymbolicShape, b: SymbolicShape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

function checkIntegerClasses(v: Value, op: string): void {
  if (isFloat(v.dtype) && v instanceof Tensor) {
    const values = v.values;
    for (let i = 0; i < values.length; i++) {
      const c = values[i]!;
      if (!Number.isInteger(c)) {
        throw new ValueError(`${op}: class indices must be integers, but received the value ${c} (at flat index ${i}) in a ${v.dtype} tensor of shape ${formatShape(v.shape)}.`);
      }
    }
  }
}

/**
 * oneHot(x, numClasses, axis = -1, dtype = "float32"): integer class indices of shape S become
 * a tensor of shape S with a new axis of size numClasses at `axis`, 1 at each index and 0
 * elsewhere. Indices outside [0, numClasses) give all-zero vectors (as in JAX).
 * @example ops.oneHot([1, 3, 2, 0], 4) // [[0,1,0,0],[0,0,0,1],[0,0,1,0],[1,0,0,0]]
 */
export function oneHot(x: OpInput, numClasses: number, axis = -1, dtype: DType | string = "float32", sparse = false): Tensor {
  if (sparse) throw new ValueError("oneHot: sparse=true is not supported; keras-ts has no sparse tensors.");
  if (typeof numClasses !== "number" || !Number.isInteger(numClasses) || numClasses < 1) {
    throw new ValueError(`oneHot: numClasses must be a positive integer, but received ${String(numClasses)}.`);
  }
  const outDType = dtypeArg(dtype, "oneHot");
  const v = toValue(x);
  checkIntegerClasses(v, "oneHot");
  const idx = castTo(v, "int32");
  const rank = idx.shape.length;
  const ax = normalizeAxis(axis, rank + 1, "oneHot");
  const classes = new Tensor(Int32Array.from({ length: numClasses }, (_, i) => i), [numClasses], "int32");
  const column = run1("reshape", [idx], { shape: [...idx.shape, 1] }) as Tensor;
  let out = castTo(equal(column, classes), outDType) as Tensor;
  if (ax !== rank) {
    const perm = Array.from({ length: rank }, (_, i) => i);
    perm.splice(ax, 0, rank);
    out = run1("transpose", [out], { perm }) as Tensor;
  }
  return out;
}

/**
 * multiHot(inputs, numClasses, axis = -1, dtype = "float32"): like oneHot, then the maximum over
 * axis 1 (axis 0 for 1-D inputs), so each row lists which classes occur in it.
 * @example ops.multiHot([0, 4], 5) // [1, 0, 0, 0, 1]
 */
export function multiHot(inputs: OpInput, numClasses: number, axis = -1, dtype: DType | string = "float32", sparse = false): Tensor {
  const outDType = dtypeArg(dtype, "multiHot");
  const v = toValue(inputs);
  const reductionAxis = v.shape.length > 1 ? 1 : 0;
  const hot = oneHot(v, numClasses, axis, "float32", sparse);
  return castTo(run1("max", [hot], { axes: [reductionAxis], keepdims: false }), outDType) as Tensor;
}

function sameShapeError(op: string, target: Value, output: Value, what = "the same shape"): ValueError {
  return new ValueError(
    `${op}: arguments \`target\` and \`output\` must have ${what}. Received: target.shape=${formatShape(target.shape)}, output.shape=${formatShape(output.shape)}.`,
  );
}

/** Log-probabilities along `axis`: logSoftmax of logits, or log of clipped, renormalized probabilities. */
function logProbabilities(output: Value, fromLogits: boolean, axis: number): Tensor {
  if (fromLogits) return logSoftmax(output, axis);
  const total = run1("sum", [output], { axes: [axis], keepdims: true }) as Tensor;
  return log(clip(divide(output, total), EPSILON, 1 - EPSILON));
}

/**
 * categoricalCrossentropy(target, output, fromLogits = false, axis = -1): -sum(target * log(p))
 * along `axis`, where p = softmax(output) for logits, otherwise output rescaled to sum to 1 and
 * clipped to [1e-7, 1 - 1e-7]. target and output have the same shape; the result drops `axis`.
 * @example ops.categoricalCrossentropy([[1, 0, 0]], [[0.9, 0.05, 0.05]]) // [0.10536054]
 */
export function categoricalCrossentropy(target: OpInput, output: OpInput, fromLogits = false, axis = -1): Tensor {
  const op = "categoricalCrossentropy";
  const o = asFloat(toValue(output));
  const t = castTo(toValue(target), o.dtype);
  if (!sameShape(t.shape, o.shape)) throw sameShapeError(op, t, o);
  if (o.shape.length < 1) throw sameShapeError(op, t, o, "rank at least 1");
  const ax = normalizeAxis(axis, o.shape.length, op);
  const logProb = logProbabilities(o, fromLogits, ax);
  return negative(run1("sum", [multiply(t, logProb)], { axes: [ax], keepdims: false }) as Tensor);
}

/**
 * sparseCategoricalCrossentropy(target, output, fromLogits = false, axis = -1): categorical
 * cross-entropy with integer class targets. target has output's shape without `axis` (a trailing
 * axis of size 1 is also accepted); every target must lie in [0, numClasses).
 * @example ops.sparseCategoricalCrossentropy([0, 1], [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1]]) // [0.10536056, 0.22314355]
 */
export function sparseCategoricalCrossentropy(target: OpInput, output: OpInput, fromLogits = false, axis = -1): Tensor {
  const op = "sparseCategoricalCrossentropy";
  const o = asFloat(toValue(output));
  let t = toValue(target);
  if (o.shape.length < 1) throw new ValueError(`${op}: argument \`output\` must be at least rank 1. Received: output.shape=${formatShape(o.shape)}.`);
  const ax = normalizeAxis(axis, o.shape.length, op);
  if (t.shape.length === o.shape.length && t.shape[t.shape.length - 1] === 1) {
    t = run1("reshape", [t], { shape: t.shape.slice(0, -1) });
  }
  const withoutClass = o.shape.filter((_, i) => i !== ax);
  if (!sameShape(t.shape, withoutClass)) {
    throw new ValueError(
      `${op}: arguments \`target\` and \`output\` must have the same shape apart from the class axis ${axis} of output. Received: target.shape=${formatShape(toValue(target).shape)}, output.shape=${formatShape(o.shape)}.`,
    );
  }
  const numClasses = o.shape[ax]!;
  if (numClasses === null) {
    // only reachable symbolically: the result's shape is all that is needed
    return new KerasTensor(withoutClass, o.dtype) as unknown as Tensor;
  }
  if (!isSymbolic(t)) {
    checkIntegerClasses(t, op);
    const values = t.values;
    for (let i = 0; i < values.length; i++) {
      const c = Number(values[i]);
      if (c < 0 || c >= numClasses) {
        throw new ValueError(`${op}: target class ${c} (at flat index ${i}) is out of range for output with ${numClasses} classes (shape ${formatShape(o.shape)}); targets must lie in [0, ${numClasses}).`);
      }
    }
  }
  const hot = oneHot(t, numClasses, ax, o.dtype);
  const logProb = logProbabilities(o, fromLogits, ax);
  return negative(run1("sum", [multiply(hot, logProb)], { axes: [ax], keepdims: false }) as Tensor);
}

/**
 * binaryCrossentropy(target, output, fromLogits = false), elementwise:
 * -(target log(p) + (1 - target) log(1 - p)) with p clipped to [1e-7, 1 - 1e-7]; for logits the
 * stable form -(target logSigmoid(x) + (1 - target) logSigmoid(-x)) is used.
 * @example ops.binaryCrossentropy([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.2]) // [0.10536, 0.10536, 0.22314, 0.22314]
 */
export function binaryCrossentropy(target: OpInput, output: OpInput, fromLogits = false): Tensor {
  const op = "binaryCrossentropy";
  const o = asFloat(toValue(output));
  const t = castTo(toValue(target), o.dtype);
  if (!sameShape(t.shape, o.shape)) throw sameShapeError(op, t, o);
  const oneMinusT = subtract(1, t);
  if (fromLogits) {
    return negative(add(multiply(t, logSigmoid(o)), multiply(oneMinusT, logSigmoid(negative(o)))));
  }
  const p = clip(o, EPSILON, 1 - EPSILON);
  return negative(add(multiply(t, log(p)), multiply(oneMinusT, log(subtract(1, p)))));
}
