import { allocate } from "../../dtypes.js";
import { broadcastShapes, broadcastStrides, sizeOf } from "../../shapes.js";
import type { DType, TensorData, TypedArray } from "../../types.js";

/**
 * One inner loop per binary op: out[o + i] = f(a[ai + i*as], b[bi + i*bs]) for i < n.
 * Written out per op so the engine makes one indirect call per row, not per element.
 */
type Loop = (out: TypedArray, o: number, a: TypedArray, ai: number, as: number, b: TypedArray, bi: number, bs: number, n: number) => void;

const loops: Record<string, Loop> = {
  add: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! + b[bi + i * bs]!;
  },
  subtract: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! - b[bi + i * bs]!;
  },
  multiply: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! * b[bi + i * bs]!;
  },
  divide: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! / b[bi + i * bs]!;
  },
  maximum: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) {
      const x = a[ai + i * as]!;
      const y = b[bi + i * bs]!;
      out[o + i] = x !== x || y !== y ? NaN : x > y ? x : y;
    }
  },
  minimum: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) {
      const x = a[ai + i * as]!;
      const y = b[bi + i * bs]!;
      out[o + i] = x !== x || y !== y ? NaN : x < y ? x : y;
    }
  },
  power: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = Math.pow(a[ai + i * as]!, b[bi + i * bs]!);
  },
  /** Python/NumPy modulo: the result has the sign of the divisor. */
  mod: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) {
      const x = a[ai + i * as]!;
      const y = b[bi + i * bs]!;
      const r = x % y;
      out[o + i] = r !== 0 && r < 0 !== y < 0 ? r + y : r;
    }
  },
  floorDivide: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = Math.floor(a[ai + i * as]! / b[bi + i * bs]!);
  },
  arctan2: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = Math.atan2(a[ai + i * as]!, b[bi + i * bs]!);
  },
  equal: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as] === b[bi + i * bs] ? 1 : 0;
  },
  notEqual: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as] !== b[bi + i * bs] ? 1 : 0;
  },
  less: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! < b[bi + i * bs]! ? 1 : 0;
  },
  lessEqual: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! <= b[bi + i * bs]! ? 1 : 0;
  },
  greater: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! > b[bi + i * bs]! ? 1 : 0;
  },
  greaterEqual: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! >= b[bi + i * bs]! ? 1 : 0;
  },
  logicalAnd: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! !== 0 && b[bi + i * bs]! !== 0 ? 1 : 0;
  },
  logicalOr: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * as]! !== 0 || b[bi + i * bs]! !== 0 ? 1 : 0;
  },
  logicalXor: (out, o, a, ai, as, b, bi, bs, n) => {
    for (let i = 0; i < n; i++) out[o + i] = (a[ai + i * as]! !== 0) !== (b[bi + i * bs]! !== 0) ? 1 : 0;
  },
};

export const BINARY_OPS = Object.keys(loops);
export const COMPARISON_OPS = ["equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual", "logicalAnd", "logicalOr", "logicalXor"];

/**
 * Applies a binary op with NumPy broadcasting. Inputs share one dtype (the ops layer casts);
 * comparisons and logical ops return bool.
 */
export function binaryKernel(op: string) {
  const loop = loops[op];
  if (!loop) throw new Error(`Internal error: unknown binary op '${op}'.`);
  const outDType = (d: DType): DType => (COMPARISON_OPS.includes(op) ? "bool" : d);
  return (inputs: readonly TensorData[]): TensorData[] => {
    const a = inputs[0]!;
    const b = inputs[1]!;
    const dtype = outDType(a.dtype);
    const shape = broadcastShapes(a.shape, b.shape);
    if (!shape) throw new Error(`Internal error: ${op} got unbroadcastable shapes.`);
    const size = sizeOf(shape);
    const out = allocate(dtype, size);
    if (size === 0) return [{ values: out, shape, dtype }];
    const av = a.values;
    const bv = b.values;
    if (av.length === size && bv.length === size) {
      loop(out, 0, av, 0, 1, bv, 0, 1, size);
      return [{ values: out, shape, dtype }];
    }
    if (bv.length === 1 && av.length === size) {
      loop(out, 0, av, 0, 1, bv, 0, 0, size);
      return [{ values: out, shape, dtype }];
    }
    if (av.length === 1 && bv.length === size) {
      loop(out, 0, av, 0, 0, bv, 0, 1, size);
      return [{ values: out, shape, dtype }];
    }
    const rank = shape.length;
    const sa = broadcastStrides(a.shape, shape);
    const sb = broadcastStrides(b.shape, shape);
    const inner = shape[rank - 1]!;
    const ia = sa[rank - 1]!;
    const ib = sb[rank - 1]!;
    const outer = size / inner;
    const idx = new Array<number>(rank).fill(0);
    let offA = 0;
    let offB = 0;
    for (let r = 0; r < outer; r++) {
      loop(out, r * inner, av, offA, ia, bv, offB, ib, inner);
      // advance the multi-index over the outer axes
      for (let ax = rank - 2; ax >= 0; ax--) {
        idx[ax]!++;
        offA += sa[ax]!;
        offB += sb[ax]!;
        if (idx[ax]! < shape[ax]!) break;
        offA -= sa[ax]! * shape[ax]!;
        offB -= sb[ax]! * shape[ax]!;
        idx[ax] = 0;
      }
    }
    return [{ values: out, shape, dtype }];
  };
}
