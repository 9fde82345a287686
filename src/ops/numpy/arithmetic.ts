import { run1 } from "../../autodiff/engine.js";
import { isFloat } from "../../backend/dtypes.js";
import type { Tensor } from "../../tensor/tensor.js";
import { binaryOperands, broadcastSymbolic, castTo, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/elementwise.js";

/** Elementwise arithmetic with NumPy broadcasting (keras.ops.add, subtract, …). */

const bin = (name: string, a: OpInput, b: OpInput): Tensor => {
  const [x, y] = binaryOperands(a, b);
  // validate broadcasting eagerly so the error names the public op
  if (x.shape.length !== y.shape.length || x.shape.some((d, i) => d !== y.shape[i])) broadcastSymbolic(x.shape, y.shape, name);
  return run1(name, [x, y]) as Tensor;
};

/** Floats stay, ints/bools become float32 (true division, like NumPy). */
const asFloat = (x: Value): Value => (isFloat(x.dtype) ? x : castTo(x, "float32"));

export const add = (x1: OpInput, x2: OpInput): Tensor => bin("add", x1, x2);
export const subtract = (x1: OpInput, x2: OpInput): Tensor => bin("subtract", x1, x2);
export const multiply = (x1: OpInput, x2: OpInput): Tensor => bin("multiply", x1, x2);
export const divide = (x1: OpInput, x2: OpInput): Tensor => {
  const [x, y] = binaryOperands(x1, x2);
  return run1("divide", [asFloat(x), asFloat(y)]) as Tensor;
};
export const trueDivide = divide;
export const floorDivide = (x1: OpInput, x2: OpInput): Tensor => bin("floorDivide", x1, x2);
export const mod = (x1: OpInput, x2: OpInput): Tensor => bin("mod", x1, x2);
export const power = (x1: OpInput, x2: OpInput): Tensor => bin("power", x1, x2);
export const maximum = (x1: OpInput, x2: OpInput): Tensor => bin("maximum", x1, x2);
export const minimum = (x1: OpInput, x2: OpInput): Tensor => bin("minimum", x1, x2);
export const arctan2 = (x1: OpInput, x2: OpInput): Tensor => {
  const [x, y] = binaryOperands(x1, x2);
  return run1("arctan2", [asFloat(x), asFloat(y)]) as Tensor;
};

export const equal = (x1: OpInput, x2: OpInput): Tensor => bin("equal", x1, x2);
export const notEqual = (x1: OpInput, x2: OpInput): Tensor => bin("notEqual", x1, x2);
export const less = (x1: OpInput, x2: OpInput): Tensor => bin("less", x1, x2);
export const lessEqual = (x1: OpInput, x2: OpInput): Tensor => bin("lessEqual", x1, x2);
export const greater = (x1: OpInput, x2: OpInput): Tensor => bin("greater", x1, x2);
export const greaterEqual = (x1: OpInput, x2: OpInput): Tensor => bin("greaterEqual", x1, x2);
export const logicalAnd = (x1: OpInput, x2: OpInput): Tensor => bin("logicalAnd", x1, x2);
export const logicalOr = (x1: OpInput, x2: OpInput): Tensor => bin("logicalOr", x1, x2);
export const logicalXor = (x1: OpInput, x2: OpInput): Tensor => bin("logicalXor", x1, x2);
export const logicalNot = (x: OpInput): Tensor => run1("logicalNot", [toValue(x)]) as Tensor;

const un = (name: string, x: OpInput, float = true): Tensor => {
  const v = toValue(x);
  return run1(name, [float ? asFloat(v) : v]) as Tensor;
};

export const negative = (x: OpInput): Tensor => un("negative", x, false);
export const abs = (x: OpInput): Tensor => un("abs", x, false);
export const absolute = abs;
export const square = (x: OpInput): Tensor => un("square", x, false);
export const sign = (x: OpInput): Tensor => un("sign", x, false);
export const exp = (x: OpInput): Tensor => un("exp", x);
export const expm1 = (x: OpInput): Tensor => un("expm1", x);
export const log = (x: OpInput): Tensor => un("log", x);
export const log1p = (x: OpInput): Tensor => un("log1p", x);
export const log2 = (x: OpInput): Tensor => un("log2", x);
export const log10 = (x: OpInput): Tensor => un("log10", x);
export const sqrt = (x: OpInput): Tensor => un("sqrt", x);
export const rsqrt = (x: OpInput): Tensor => un("rsqrt", x);
export const reciprocal = (x: OpInput): Tensor => un("reciprocal", x);
export const floor = (x: OpInput): Tensor => un("floor", x, false);
export const ceil = (x: OpInput): Tensor => un("ceil", x, false);
export const trunc = (x: OpInput): Tensor => un("trunc", x, false);
export const sin = (x: OpInput): Tensor => un("sin", x);
export const cos = (x: OpInput): Tensor => un("cos", x);
export const tan = (x: OpInput): Tensor => un("tan", x);
export const arcsin = (x: OpInput): Tensor => un("arcsin", x);
export const arccos = (x: OpInput): Tensor => un("arccos", x);
export const arctan = (x: OpInput): Tensor => un("arctan", x);
export const sinh = (x: OpInput): Tensor => un("sinh", x);
export const cosh = (x: OpInput): Tensor => un("cosh", x);
export const tanh = (x: OpInput): Tensor => un("tanh", x);
export const arcsinh = (x: OpInput): Tensor => un("arcsinh", x);
export const arccosh = (x: OpInput): Tensor => un("arccosh", x);
export const arctanh = (x: OpInput): Tensor => un("arctanh", x);
export const isnan = (x: OpInput): Tensor => un("isnan", x, false);
export const isinf = (x: OpInput): Tensor => un("isinf", x, false);
export const isfinite = (x: OpInput): Tensor => un("isfinite", x, false);

/** NumPy's round (half to even), to `decimals` places. */
export function round(x: OpInput, decimals = 0): Tensor {
  const v = toValue(x);
  if (decimals === 0) return run1("round", [v]) as Tensor;
  const f = 10 ** decimals;
  return divide(run1("round", [multiply(v, f) as Value]) as Tensor, f);
}

/** clip(x, xMin, xMax): elementwise clamp. */
export function clip(x: OpInput, xMin: OpInput, xMax: OpInput): Tensor {
  return minimum(maximum(x, xMin), xMax);
}
