import { allocate } from "../../dtypes.js";
import type { DType, TensorData, TypedArray } from "../../types.js";
import { erf, roundHalfEven } from "./special.js";

type Loop = (x: TypedArray, out: TypedArray, n: number) => void;

/** Applies f elementwise (the generic path, for the less common ops). */
const map =
  (f: (v: number) => number): Loop =>
  (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = f(x[i]!);
  };

const loops: Record<string, Loop> = {
  negative: (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = -x[i]!;
  },
  abs: (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
  },
  exp: (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
  },
  log: (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
  },
  sqrt: (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
  },
  square: (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!;
  },
  tanh: (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
  },
  sigmoid: (x, out, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      // stable for large |v|
      out[i] = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }
  },
  relu: (x, out, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? v : 0;
    }
  },
  reciprocal: (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = 1 / x[i]!;
  },
  rsqrt: map((v) => 1 / Math.sqrt(v)),
  log1p: map(Math.log1p),
  expm1: map(Math.expm1),
  log2: map(Math.log2),
  log10: map(Math.log10),
  sign: map((v) => (v > 0 ? 1 : v < 0 ? -1 : v)),
  floor: map(Math.floor),
  ceil: map(Math.ceil),
  round: map(roundHalfEven),
  trunc: map(Math.trunc),
  sin: map(Math.sin),
  cos: map(Math.cos),
  tan: map(Math.tan),
  arcsin: map(Math.asin),
  arccos: map(Math.acos),
  arctan: map(Math.atan),
  sinh: map(Math.sinh),
  cosh: map(Math.cosh),
  arcsinh: map(Math.asinh),
  arccosh: map(Math.acosh),
  arctanh: map(Math.atanh),
  erf: map(erf),
  logicalNot: map((v) => (v === 0 ? 1 : 0)),
  isnan: map((v) => (Number.isNaN(v) ? 1 : 0)),
  isinf: map((v) => (v === Infinity || v === -Infinity ? 1 : 0)),
  isfinite: map((v) => (Number.isFinite(v) ? 1 : 0)),
};

export const UNARY_OPS = Object.keys(loops);
const BOOL_OUT = new Set(["logicalNot", "isnan", "isinf", "isfinite"]);

/** Elementwise unary kernel; the output keeps the input dtype (bool for predicates). */
export function unaryKernel(op: string) {
  const loop = loops[op];
  if (!loop) throw new Error(`Internal error: unknown unary op '${op}'.`);
  return (inputs: readonly TensorData[]): TensorData[] => {
    const x = inputs[0]!;
    const dtype: DType = BOOL_OUT.has(op) ? "bool" : x.dtype;
    const out = allocate(dtype, x.values.length);
    loop(x.values, out, x.values.length);
    return [{ values: out, shape: x.shape, dtype }];
  };
}
