import { getReferenceKernel } from "../../registry.js";
import type { Kernel, TensorData } from "../../types.js";

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

type F32 = Float32Array;

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
    if (a.dtype === "float32" && b.dtype === "float32" && a.values instanceof Float32Array && b.values instanceof Float32Array) {
      const av = a.values;
      const bv = b.values;
      if (sameShape(a.shape, b.shape)) {
        const out = new Float32Array(av.length);
        loops.same(out, av, bv);
        return [{ values: out, shape: a.shape, dtype: "float32" }];
      }
      // a scalar operand only when the other keeps the result's shape (rank of the scalar <= its rank)
      if (bv.length === 1 && b.shape.length <= a.shape.length) {
        const out = new Float32Array(av.length);
        loops.scalarB(out, av, bv[0]!);
        return [{ values: out, shape: a.shape, dtype: "float32" }];
      }
      if (av.length === 1 && a.shape.length <= b.shape.length) {
        const out = new Float32Array(bv.length);
        loops.scalarA(out, av[0]!, bv);
        return [{ values: out, shape: b.shape, dtype: "float32" }];
      }
      if (bv.length > 0 && isRowOf(a.shape, b.shape)) {
        const out = new Float32Array(av.length);
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
    for (let i = 0; i < out.length; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? v : 0;
    }
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
    if (x.dtype !== "float32" || !(x.values instanceof Float32Array)) return getReferenceKernel(op)(inputs, attrs);
    const out = new Float32Array(x.values.length);
    loop(out, x.values);
    return [{ values: out, shape: x.shape, dtype: "float32" }];
  };
}

export const FAST_UNARY_OPS = Object.keys(UNARY);
