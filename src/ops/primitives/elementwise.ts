import { definePrimitive, run1, type Spec } from "../../autodiff/engine.js";
import { Tensor } from "../../tensor/tensor.js";
import { broadcastSymbolic } from "../core/input.js";
import "./fused.js";
import { add, div, mul, neg, scalar, sub, unbroadcast } from "./helpers.js";

/**
 * Elementwise primitives with their gradient rules (each rule sits beside its op).
 * Binary ops broadcast; their gradients sum back over broadcast axes.
 */

type BinaryGrad = (dy: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor | null, Tensor | null];

function binary(name: string, grad?: BinaryGrad, outDType?: "bool"): void {
  definePrimitive({
    name,
    outputSpecs: ([a, b]: readonly Spec[]) => [{ shape: broadcastSymbolic(a!.shape, b!.shape, name), dtype: outDType ?? a!.dtype }],
    grad: grad
      ? ([dy], [a, b], [out]) => {
          const [da, db] = grad(dy!, a!, b!, out!);
          return [da && unbroadcast(da, a!.shape), db && unbroadcast(db, b!.shape)];
        }
      : undefined,
  });
}

const select = (cond: Tensor, x: Tensor, y: Tensor): Tensor => run1("where", [cond, x, y]);
const zeros = (t: Tensor): Tensor => run1("multiply", [t, scalar(0, t.dtype)]);

binary("add", (dy) => [dy, dy]);
binary("subtract", (dy) => [dy, neg(dy)]);
binary("multiply", (dy, a, b) => [mul(dy, b), mul(dy, a)]);
binary("divide", (dy, a, b) => [div(dy, b), neg(div(mul(dy, a), mul(b, b)))]);
binary("power", (dy, a, b, out) => {
  // d/da a^b = b a^(b-1); d/db a^b = a^b log a (taken as 0 where a == 0)
  const da = mul(dy, mul(b, run1("power", [a, sub(b, scalar(1, b.dtype))])));
  const safeLog = run1("log", [select(run1("greater", [a, scalar(0, a.dtype)]), a, scalar(1, a.dtype))]);
  const db = mul(dy, mul(out, safeLog));
  return [da, db];
});
binary("maximum", (dy, a, b) => {
  const m = run1("greaterEqual", [a, b]);
  return [select(m, dy, zeros(dy)), select(m, zeros(dy), dy)];
});
binary("minimum", (dy, a, b) => {
  const m = run1("lessEqual", [a, b]);
  return [select(m, dy, zeros(dy)), select(m, zeros(dy), dy)];
});
binary("mod", (dy, a, b) => [dy, neg(mul(dy, run1("floorDivide", [a, b])))]);
binary("floorDivide");
binary("arctan2", (dy, a, b) => {
  const den = add(mul(a, a), mul(b, b));
  return [div(mul(dy, b), den), neg(div(mul(dy, a), den))];
});
for (const c of ["equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual", "logicalAnd", "logicalOr", "logicalXor"]) {
  binary(c, undefined, "bool");
}

type UnaryGrad = (dy: Tensor, x: Tensor, y: Tensor) => Tensor;

function unary(name: string, grad?: UnaryGrad, outDType?: "bool"): void {
  definePrimitive({
    name,
    outputSpecs: ([x]: readonly Spec[]) => [{ shape: x!.shape, dtype: outDType ?? x!.dtype }],
    grad: grad ? ([dy], [x], [y]) => [grad(dy!, x!, y!)] : undefined,
  });
}

const one = (t: Tensor) => scalar(1, t.dtype);
const u = (name: string, x: Tensor) => run1(name, [x]);

unary("negative", (dy) => neg(dy));
unary("abs", (dy, x) => mul(dy, u("sign", x)));
unary("exp", (dy, _x, y) => mul(dy, y));
unary("expm1", (dy, _x, y) => mul(dy, add(y, one(y))));
unary("log", (dy, x) => div(dy, x));
unary("log1p", (dy, x) => div(dy, add(x, one(x))));
unary("log2", (dy, x) => div(dy, mul(x, scalar(Math.LN2, x.dtype))));
unary("log10", (dy, x) => div(dy, mul(x, scalar(Math.LN10, x.dtype))));
unary("sqrt", (dy, _x, y) => div(dy, mul(y, scalar(2, y.dtype))));
unary("rsqrt", (dy, x, y) => mul(dy, div(mul(y, scalar(-0.5, y.dtype)), x)));
unary("square", (dy, x) => mul(dy, mul(x, scalar(2, x.dtype))));
unary("reciprocal", (dy, _x, y) => neg(mul(dy, mul(y, y))));
unary("sin", (dy, x) => mul(dy, u("cos", x)));
unary("cos", (dy, x) => neg(mul(dy, u("sin", x))));
unary("tan", (dy, _x, y) => mul(dy, add(one(y), mul(y, y))));
unary("arcsin", (dy, x) => mul(dy, u("rsqrt", sub(one(x), mul(x, x)))));
unary("arccos", (dy, x) => neg(mul(dy, u("rsqrt", sub(one(x), mul(x, x))))));
unary("arctan", (dy, x) => div(dy, add(one(x), mul(x, x))));
unary("sinh", (dy, x) => mul(dy, u("cosh", x)));
unary("cosh", (dy, x) => mul(dy, u("sinh", x)));
unary("tanh", (dy, _x, y) => mul(dy, sub(one(y), mul(y, y))));
unary("arcsinh", (dy, x) => mul(dy, u("rsqrt", add(mul(x, x), one(x)))));
unary("arccosh", (dy, x) => mul(dy, u("rsqrt", sub(mul(x, x), one(x)))));
unary("arctanh", (dy, x) => div(dy, sub(one(x), mul(x, x))));
unary("sigmoid", (dy, _x, y) => mul(dy, mul(y, sub(one(y), y))));
// y > 0 exactly where x > 0: one fused kernel reads the output
unary("relu", (dy, _x, y) => run1("reluGrad", [dy, y]));
unary("erf", (dy, x) => mul(dy, mul(scalar(2 / Math.sqrt(Math.PI), x.dtype), u("exp", neg(mul(x, x))))));
// piecewise-constant ops: zero gradient almost everywhere
for (const name of ["sign", "floor", "ceil", "round", "trunc"]) unary(name, (dy) => zeros(dy));
for (const name of ["logicalNot", "isnan", "isinf", "isfinite"]) unary(name, undefined, "bool");
