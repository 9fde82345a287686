import { allocate } from "../../dtypes.js";
import type { TensorData, TypedArray } from "../../types.js";
import type { ConvAttrs } from "../../window.js";
import { convKernel } from "./conv.js";

/**
 * Reference kernels of the fused primitives layers use on their hot path (one pass and one
 * buffer where the composition takes several):
 *
 * - `reluGrad(dy, y)`: dy where y > 0, else 0 (relu's gradient, read from its output);
 * - `biasActivation(z, b)`: act(z + b), b of shape `[n]` along z's last axis;
 * - `fusedConv(x, w, b)`: biasActivation(conv(x, w), b).
 *
 * `act` is `"linear"` or `"relu"`.
 */

export type FusedActivation = "linear" | "relu";

export interface BiasActivationAttrs {
  activation: FusedActivation;
}

export interface FusedConvAttrs extends ConvAttrs {
  activation: FusedActivation;
}

export function reluGradKernel(inputs: readonly TensorData[]): TensorData[] {
  const [dy, y] = inputs as [TensorData, TensorData];
  const out = allocate(dy.dtype, dy.values.length);
  const g = dy.values;
  const v = y.values;
  for (let i = 0; i < out.length; i++) out[i] = v[i]! > 0 ? g[i]! : 0;
  return [{ values: out, shape: dy.shape, dtype: dy.dtype }];
}

/** act(z + b) into `out` (which may be z's own buffer), b repeating every `n` elements. */
export function biasActivationInto(z: TypedArray, b: TypedArray, out: TypedArray, activation: FusedActivation): void {
  const n = b.length;
  if (n === 0) return;
  for (let i = 0; i < z.length; i += n) {
    for (let j = 0; j < n; j++) {
      const s = z[i + j]! + b[j]!;
      // a float32 sum rounds to float32 like the separate add kernel's result would
      out[i + j] = activation === "relu" ? (s > 0 ? s : 0) : s;
    }
  }
}

export function biasActivationKernel(inputs: readonly TensorData[], attrs: BiasActivationAttrs): TensorData[] {
  const [z, b] = inputs as [TensorData, TensorData];
  const out = allocate(z.dtype, z.values.length);
  biasActivationInto(z.values, b.values, out, attrs.activation);
  return [{ values: out, shape: z.shape, dtype: z.dtype }];
}

export function fusedConvKernel(inputs: readonly TensorData[], attrs: FusedConvAttrs): TensorData[] {
  const [x, w, b] = inputs as [TensorData, TensorData, TensorData];
  const [z] = convKernel([x, w], attrs) as [TensorData];
  // the conv result is ours alone: finish it in place
  biasActivationInto(z.values, b.values, z.values, attrs.activation);
  return [z];
}

export interface AdamUpdateAttrs {
  /** lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ), already rounded to the variable's dtype. */
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * One Adam step on float32 (or float64) buffers, `[w, m, v, g] → [w', m', v']`:
 * m' = m + (g − m)(1 − β₁), v' = v + (g² − v)(1 − β₂), w' = w − m'·α / (√v' + ε).
 * Every operation rounds to the dtype, in the order of the optimizer's op composition, so the
 * result has the same bits as the ten separate elementwise kernels.
 */
export function adamUpdateKernel(inputs: readonly TensorData[], attrs: AdamUpdateAttrs): TensorData[] {
  const [w, m, v, g] = inputs as [TensorData, TensorData, TensorData, TensorData];
  const r = w.dtype === "float32" ? Math.fround : (x: number): number => x;
  const c1 = r(1 - attrs.beta1);
  const c2 = r(1 - attrs.beta2);
  const eps = r(attrs.epsilon);
  const alpha = r(attrs.alpha);
  const n = w.values.length;
  const w2 = allocate(w.dtype, n);
  const m2 = allocate(w.dtype, n);
  const v2 = allocate(w.dtype, n);
  const wv = w.values;
  const mv = m.values;
  const vv = v.values;
  const gv = g.values;
  for (let i = 0; i < n; i++) {
    const gi = gv[i]!;
    const mi = r(mv[i]! + r(r(gi - mv[i]!) * c1));
    const vi = r(vv[i]! + r(r(r(gi * gi) - vv[i]!) * c2));
    m2[i] = mi;
    v2[i] = vi;
    w2[i] = wv[i]! - r(r(mi * alpha) / r(r(Math.sqrt(vi)) + eps));
  }
  const out = (values: TypedArray): TensorData => ({ values, shape: w.shape, dtype: w.dtype });
  return [out(w2), out(m2), out(v2)];
}

/**
 * `biasActivationGrad(dy, y)` → `[dz, db]`: dz = act'(dy) read from act's output y (relu: dy
 * where y > 0; linear: dy itself), and db = dz summed over every axis but the last, in one pass.
 * db adds rows in order in double and rounds once, like the `sum` kernel, so the same bits.
 */
export function biasActivationGradKernel(inputs: readonly TensorData[], attrs: BiasActivationAttrs): TensorData[] {
  const [dy, y] = inputs as [TensorData, TensorData];
  const n = dy.shape.length === 0 ? 1 : dy.shape[dy.shape.length - 1]!;
  const g = dy.values;
  const v = y.values;
  const relu = attrs.activation === "relu";
  const dz = relu ? allocate(dy.dtype, g.length) : g;
  const acc = new Float64Array(n);
  for (let o = 0; o < g.length; o += n) {
    for (let j = 0; j < n; j++) {
      const d = relu ? (v[o + j]! > 0 ? g[o + j]! : 0) : g[o + j]!;
      if (relu) dz[o + j] = d;
      acc[j] += d;
    }
  }
  const db = allocate(dy.dtype, n);
  for (let j = 0; j < n; j++) db[j] = acc[j]!;
  return [
    { values: dz, shape: dy.shape, dtype: dy.dtype },
    { values: db, shape: [n], dtype: dy.dtype },
  ];
}
