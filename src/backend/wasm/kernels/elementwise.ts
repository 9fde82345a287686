import { getReferenceKernel } from "../../registry.js";
import type { Kernel, TensorData } from "../../types.js";
import { float32Result } from "../../bufferPool.js";
import { type F32, isF32 } from "./float32.js";
import { adamF32, maskedColumnSumsF32, maskPositiveF32, MIN_STREAM } from "./stream.js";

/**
 * float32 fast paths for the elementwise ops that dominate small-model training (the optimizer
 * update, bias adds, activations and their gradients). The reference kernels serve every dtype
 * and every broadcast with one loop per op, so their element accesses see four typed-array
 * kinds and two stride patterns and V8 compiles them polymorphic. Here each loop only ever sees
 * Float32Array with unit stride (monomorphic), for the three common layouts:
 *   same size · one operand a scalar · b a row broadcast over the last axis of a (bias add).
 * Everything else (other dtypes, general broadcasting) runs the reference kernel. The values
 * are bit-identical to the reference: both compute in double and round once on store.
 */


/** out[i] = a[i] op b[i] / a[i] op s / s op b[i] / a[i] op row[i % n], per op, written out. */
interface BinaryLoops {
  same(out: F32, a: F32, b: F32): void;
  scalarB(out: F32, a: F32, s: number): void;
  scalarA(out: F32, s: number, b: F32): void;
  rowB(out: F32, a: F32, row: F32): void;
}

const BINARY: Record<string, BinaryLoops> = {
  add: {
    same(out, a, b) {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
    },
    scalarB(out, a, s) {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! + s;
    },
    scalarA(out, s, b) {
      for (let i = 0; i < out.length; i++) out[i] = s + b[i]!;
    },
    rowB(out, a, row) {
      const n = row.length;
      for (let o = 0; o < out.length; o += n) for (let j = 0; j < n; j++) out[o + j] = a[o + j]! + row[j]!;
    },
  },
  subtract: {
    same(out, a, b) {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! - b[i]!;
    },
    scalarB(out, a, s) {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! - s;
    },
    scalarA(out, s, b) {
      for (let i = 0; i < out.length; i++) out[i] = s - b[i]!;
    },
    rowB(out, a, row) {
      const n = row.length;
      for (let o = 0; o < out.length; o += n) for (let j = 0; j < n; j++) out[o + j] = a[o + j]! - row[j]!;
    },
  },
  multiply: {
    same(out, a, b) {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! * b[i]!;
    },
    scalarB(out, a, s) {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! * s;
    },
    scalarA(out, s, b) {
      for (let i = 0; i < out.length; i++) out[i] = s * b[i]!;
    },
    rowB(out, a, row) {
      const n = row.length;
      for (let o = 0; o < out.length; o += n) for (let j = 0; j < n; j++) out[o + j] = a[o + j]! * row[j]!;
    },
  },
  divide: {
    same(out, a, b) {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! / b[i]!;
    },
    scalarB(out, a, s) {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! / s;
    },
    scalarA(out, s, b) {
      for (let i = 0; i < out.length; i++) out[i] = s / b[i]!;
    },
    rowB(out, a, row) {
      const n = row.length;
      for (let o = 0; o < out.length; o += n) for (let j = 0; j < n; j++) out[o + j] = a[o + j]! / row[j]!;
    },
  },
};

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** True when b broadcasts as one row over the last axis of a: b's shape is (1, …, 1, n) and a's last dim is n. */
function isRowOf(a: readonly number[], b: readonly number[]): boolean {
  if (b.length === 0 || b.length > a.length) return false;
  const n = b[b.length - 1]!;
  if (a[a.length - 1] !== n) return false;
  for (let i = 0; i < b.length - 1; i++) if (b[i] !== 1) return false;
  return true;
}

export function makeBinaryKernel(op: string): Kernel {
  const loops = BINARY[op];
  if (!loops) throw new Error(`Internal error: no float32 loops for '${op}'.`);
  return function binaryF32(inputs: readonly TensorData[], attrs: unknown): TensorData[] {
    const a = inputs[0]!;
    const b = inputs[1]!;
    if (isF32(a) && isF32(b)) {
      const av = a.values;
      const bv = b.values;
      if (sameShape(a.shape, b.shape)) {
        const out = float32Result(av.length);
        loops.same(out, av, bv);
        return [{ values: out, shape: a.shape, dtype: "float32" }];
      }
      // a scalar operand only when the other keeps the result's shape (rank of the scalar <= its rank)
      if (bv.length === 1 && b.shape.length <= a.shape.length) {
        const out = float32Result(av.length);
        loops.scalarB(out, av, bv[0]!);
        return [{ values: out, shape: a.shape, dtype: "float32" }];
      }
      if (av.length === 1 && a.shape.length <= b.shape.length) {
        const out = float32Result(bv.length);
        loops.scalarA(out, av[0]!, bv);
        return [{ values: out, shape: b.shape, dtype: "float32" }];
      }
      if (bv.length > 0 && isRowOf(a.shape, b.shape)) {
        const out = float32Result(av.length);
        loops.rowB(out, av, bv);
        return [{ values: out, shape: a.shape, dtype: "float32" }];
      }
    }
    return getReferenceKernel(op)(inputs, attrs);
  };
}

export const FAST_BINARY_OPS = Object.keys(BINARY);

type UnaryLoop = (out: F32, x: F32) => void;

const UNARY: Record<string, UnaryLoop> = {
  relu(out, x) {
    // keep x's bits where x > 0, else +0: branch-free (see maskPositive)
    if (x.length >= MIN_STREAM) maskPositiveF32(out, x, x);
    else maskPositive(bitsOf(out), bitsOf(x), x);
  },
  sqrt(out, x) {
    for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(x[i]!);
  },
  square(out, x) {
    for (let i = 0; i < out.length; i++) out[i] = x[i]! * x[i]!;
  },
  exp(out, x) {
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(x[i]!);
  },
  negative(out, x) {
    for (let i = 0; i < out.length; i++) out[i] = -x[i]!;
  },
};

export function makeUnaryKernel(op: string): Kernel {
  const loop = UNARY[op];
  if (!loop) throw new Error(`Internal error: no float32 loop for '${op}'.`);
  return function unaryF32(inputs: readonly TensorData[], attrs: unknown): TensorData[] {
    const x = inputs[0]!;
    if (!isF32(x)) return getReferenceKernel(op)(inputs, attrs);
    const out = float32Result(x.values.length);
    loop(out, x.values);
    return [{ values: out, shape: x.shape, dtype: "float32" }];
  };
}

export const FAST_UNARY_OPS = Object.keys(UNARY);

/** `reluGrad(dy, y)`: dy where y > 0, else 0 (same shapes). */
export function reluGradKernel(inputs: readonly TensorData[], attrs: unknown): TensorData[] {
  const dy = inputs[0]!;
  const y = inputs[1]!;
  if (!isF32(dy) || !isF32(y) || dy.values.length !== y.values.length) return getReferenceKernel("reluGrad")(inputs, attrs);
  const out = float32Result(dy.values.length);
  if (out.length >= MIN_STREAM) maskPositiveF32(out, dy.values, y.values);
  else maskPositive(bitsOf(out), bitsOf(dy.values), y.values);
  return [{ values: out, shape: dy.shape, dtype: "float32" }];
}

/** `biasActivation(z, b)`: act(z + b) along the last axis, act linear or relu. */
export function biasActivationKernel(inputs: readonly TensorData[], attrs: { activation: "linear" | "relu" }): TensorData[] {
  const z = inputs[0]!;
  const b = inputs[1]!;
  if (!isF32(z) || !isF32(b)) return getReferenceKernel("biasActivation")(inputs, attrs);
  const out = float32Result(z.values.length);
  if (attrs.activation === "relu") biasRelu(out, z.values, b.values);
  else BINARY.add!.rowB(out, z.values, b.values);
  return [{ values: out, shape: z.shape, dtype: "float32" }];
}

function biasRelu(out: F32, z: F32, row: F32): void {
  const n = row.length;
  if (out.length < MIN_MASKED) {
    for (let o = 0; o < out.length; o += n) {
      for (let j = 0; j < n; j++) {
        const s = z[o + j]! + row[j]!;
        out[o + j] = s > 0 ? s : 0;
      }
    }
    return;
  }
  const bits = bitsOf(out);
  for (let o = 0; o < out.length; o += n) {
    for (let j = 0; j < n; j++) {
      const s = z[o + j]! + row[j]!;
      out[o + j] = s;
      bits[o + j]! &= -(s > 0);
    }
  }
}

/** Below this many elements the plain loop wins (no integer views to make, few mispredictions). */
const MIN_MASKED = 1024;

/** The same memory as 32-bit integers (float32 buffers are 4-byte aligned). */
function bitsOf(a: F32): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length);
}

/**
 * out[i] = src[i] where key[i] > 0, else +0, as bit operations: `-(key > 0)` is an all-ones or
 * all-zeros mask. The same bits as `key > 0 ? src : 0` (NaN keys give 0), without the data-
 * dependent branch, which mispredicts on half the elements of an activation (4x slower here).
 */
function maskPositive(out: Int32Array, src: Int32Array, key: F32): void {
  for (let i = 0; i < out.length; i++) out[i] = src[i]! & -(key[i]! > 0);
}

/**
 * `sum` over leading axes (a bias gradient) or trailing axes (softmax's normalizer, a mean):
 * the reference kernel's additions in the same order, in double, rounded once — so the same bits.
 */
export function sumKernel(inputs: readonly TensorData[], attrs: { axes: readonly number[]; keepdims: boolean }): TensorData[] {
  const x = inputs[0]!;
  const axes = attrs.axes;
  const r = x.shape.length;
  if (!isF32(x) || axes.length === 0) return getReferenceKernel("sum")(inputs, attrs);
  const prefix = axes.every((a, i) => a === i);
  const suffix = axes.every((a, i) => a === r - axes.length + i);
  if (!prefix && !suffix) return getReferenceKernel("sum")(inputs, attrs);
  const kept = x.shape.filter((_, i) => !axes.includes(i));
  const shape = attrs.keepdims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept;
  const n = kept.reduce((a, d) => a * d, 1);
  const out = float32Result(n);
  const v = x.values;
  if (prefix) {
    const acc = new Float64Array(n);
    if (v.length < MIN_STREAM || !maskedColumnSumsF32(null, v, null, n, acc)) sumRows(acc, v, n);
    out.set(acc);
  } else {
    const len = n === 0 ? 0 : v.length / n;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = j * len; i < (j + 1) * len; i++) s += v[i]!;
      out[j] = s;
    }
  }
  return [{ values: out, shape, dtype: "float32" }];
}

/**
 * `adamUpdate(w, m, v, g)` on float32: the reference kernel's arithmetic with `Math.fround`
 * written inline (the reference picks its rounding per dtype through a function value, which
 * V8 does not inline), so the same bits.
 */
export function adamUpdateKernel(inputs: readonly TensorData[], attrs: { alpha: number; beta1: number; beta2: number; epsilon: number }): TensorData[] {
  const [w, m, v, g] = inputs as [TensorData, TensorData, TensorData, TensorData];
  if (!isF32(w) || !isF32(m) || !isF32(v) || !isF32(g)) return getReferenceKernel("adamUpdate")(inputs, attrs);
  const fr = Math.fround;
  const c1 = fr(1 - attrs.beta1);
  const c2 = fr(1 - attrs.beta2);
  const eps = fr(attrs.epsilon);
  const alpha = fr(attrs.alpha);
  const n = w.values.length;
  const w2 = float32Result(n);
  const m2 = float32Result(n);
  const v2 = float32Result(n);
  if (n >= MIN_STREAM) {
    adamF32(w2, m2, v2, w.values, m.values, v.values, g.values, c1, c2, eps, alpha);
    return [w2, m2, v2].map((values) => ({ values, shape: w.shape, dtype: "float32" as const }));
  }
  const wv = w.values;
  const mv = m.values;
  const vv = v.values;
  const gv = g.values;
  for (let i = 0; i < n; i++) {
    const gi = gv[i]!;
    const mo = mv[i]!;
    const vo = vv[i]!;
    const mi = fr(mo + fr(fr(gi - mo) * c1));
    const vi = fr(vo + fr(fr(fr(gi * gi) - vo) * c2));
    m2[i] = mi;
    v2[i] = vi;
    w2[i] = wv[i]! - fr(fr(mi * alpha) / fr(fr(Math.sqrt(vi)) + eps));
  }
  return [w2, m2, v2].map((values) => ({ values, shape: w.shape, dtype: "float32" as const }));
}

/** `biasActivationGrad(dy, y)` → `[dz, db]` on float32: the reference kernel's arithmetic, monomorphic. */
export function biasActivationGradKernel(inputs: readonly TensorData[], attrs: { activation: "linear" | "relu" }): TensorData[] {
  const dy = inputs[0]!;
  const y = inputs[1]!;
  if (!isF32(dy) || !isF32(y) || dy.shape.length === 0) return getReferenceKernel("biasActivationGrad")(inputs, attrs);
  const n = dy.shape[dy.shape.length - 1]!;
  const g = dy.values;
  const acc = new Float64Array(n);
  const relu = attrs.activation === "relu";
  const dz = relu ? float32Result(g.length) : g;
  if (g.length < MIN_STREAM || !maskedColumnSumsF32(relu ? dz : null, g, relu ? y.values : null, n, acc)) {
    if (relu) {
      if (g.length >= MIN_MASKED) maskPositive(bitsOf(dz), bitsOf(g), y.values);
      else for (let i = 0; i < g.length; i++) dz[i] = y.values[i]! > 0 ? g[i]! : 0;
    }
    sumRows(acc, dz, n);
  }
  const db = float32Result(n);
  db.set(acc);
  return [
    { values: dz, shape: dy.shape, dtype: "float32" },
    { values: db, shape: [n], dtype: "float32" },
  ];
}

/**
 * acc[j] += Σ_rows x[row, j] over the rows of a row-major [rows, n] matrix, in double, rows in
 * order (the reference's order: the same bits). Four rows per pass over acc, so each column's
 * running sum is loaded and stored once per four additions instead of once per addition.
 */
function sumRows(acc: Float64Array, x: F32, n: number): void {
  if (n === 0) return;
  const rows = x.length / n;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const o = r * n;
    for (let j = 0; j < n; j++) {
      let a = acc[j]!;
      a += x[o + j]!;
      a += x[o + n + j]!;
      a += x[o + 2 * n + j]!;
      a += x[o + 3 * n + j]!;
      acc[j] = a;
    }
  }
  for (; r < rows; r++) for (let j = 0; j < n; j++) acc[j] += x[r * n + j]!;
}
