import { allocate } from "../../dtypes.js";
import type { TensorData } from "../../types.js";
import { erf } from "./special.js";

/**
 * erfinv(y): the inverse of erf on (-1, 1), ±inf at ±1, NaN outside.
 * An initial guess (Giles' single-precision approximation) refined by Newton steps on erf,
 * which brings it to float64 accuracy.
 */
export function erfinv(y: number): number {
  if (y !== y || y < -1 || y > 1) return NaN;
  if (y === 1) return Infinity;
  if (y === -1) return -Infinity;
  let w = -Math.log((1 - y) * (1 + y));
  let x: number;
  if (w < 5) {
    w -= 2.5;
    let p = 2.81022636e-8;
    p = 3.43273939e-7 + p * w;
    p = -3.5233877e-6 + p * w;
    p = -4.39150654e-6 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
    x = p * y;
  } else {
    w = Math.sqrt(w) - 3;
    let p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
    x = p * y;
  }
  // Newton on f(x) = erf(x) - y, f'(x) = 2/sqrt(pi) exp(-x^2)
  for (let i = 0; i < 3; i++) {
    const d = Math.exp(-x * x) * 1.1283791670955126;
    if (d === 0) break;
    x -= (erf(x) - y) / d;
  }
  return x;
}

export function erfinvKernel(inputs: readonly TensorData[]): TensorData[] {
  const x = inputs[0]!;
  const out = allocate(x.dtype, x.values.length);
  for (let i = 0; i < out.length; i++) out[i] = erfinv(x.values[i]!);
  return [{ values: out, shape: x.shape, dtype: x.dtype }];
}
