import { allocate } from "../../dtypes.js";
import { sizeOf } from "../../shapes.js";
import type { TensorData, TypedArray } from "../../types.js";

const KC = 128; // rows of B per block (B block = KC x NC stays in L2)
const NC = 512;

/**
 * C[M,N] (+)= A[M,K] · B[K,N], all row-major, at the given offsets. Cache-blocked over K and N,
 * with four rows of A per pass so each loaded row of B feeds four accumulations.
 */
export function gemm(
  M: number,
  N: number,
  K: number,
  A: TypedArray,
  aOff: number,
  B: TypedArray,
  bOff: number,
  C: TypedArray,
  cOff: number,
): void {
  for (let k0 = 0; k0 < K; k0 += KC) {
    const k1 = Math.min(K, k0 + KC);
    for (let j0 = 0; j0 < N; j0 += NC) {
      const j1 = Math.min(N, j0 + NC);
      let i = 0;
      for (; i + 4 <= M; i += 4) {
        const c0 = cOff + i * N;
        const c1 = c0 + N;
        const c2 = c1 + N;
        const c3 = c2 + N;
        const a0 = aOff + i * K;
        for (let k = k0; k < k1; k++) {
          const x0 = A[a0 + k]!;
          const x1 = A[a0 + K + k]!;
          const x2 = A[a0 + 2 * K + k]!;
          const x3 = A[a0 + 3 * K + k]!;
          const b = bOff + k * N;
          for (let j = j0; j < j1; j++) {
            const bv = B[b + j]!;
            C[c0 + j] += x0 * bv;
            C[c1 + j] += x1 * bv;
            C[c2 + j] += x2 * bv;
            C[c3 + j] += x3 * bv;
          }
        }
      }
      for (; i < M; i++) {
        const c0 = cOff + i * N;
        const a0 = aOff + i * K;
        for (let k = k0; k < k1; k++) {
          const x0 = A[a0 + k]!;
          const b = bOff + k * N;
          for (let j = j0; j < j1; j++) C[c0 + j] += x0 * B[b + j]!;
        }
      }
    }
  }
}

/** Transposes the last two axes of a [batch, R, C] buffer into a new buffer. */
function transposeLast2(values: TypedArray, batch: number, R: number, Cn: number): TypedArray {
  const out = allocate(values instanceof Float64Array ? "float64" : values instanceof Int32Array ? "int32" : "float32", values.length);
  for (let b = 0; b < batch; b++) {
    const off = b * R * Cn;
    for (let r = 0; r < R; r++) for (let c = 0; c < Cn; c++) out[off + c * R + r] = values[off + r * Cn + c]!;
  }
  return out;
}

export interface MatmulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
}

/**
 * Batched matmul with broadcasting over leading axes. Both inputs have rank >= 2 (the ops
 * layer handles vectors) and one dtype.
 */
export function matmulKernel(inputs: readonly TensorData[], attrs: MatmulAttrs = {}): TensorData[] {
  const a = inputs[0]!;
  const b = inputs[1]!;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const aRows = a.shape[ra - 2]!;
  const aCols = a.shape[ra - 1]!;
  const bRows = b.shape[rb - 2]!;
  const bCols = b.shape[rb - 1]!;
  const M = attrs.transposeA ? aCols : aRows;
  const K = attrs.transposeA ? aRows : aCols;
  const N = attrs.transposeB ? bRows : bCols;
  const batchA = a.shape.slice(0, ra - 2);
  const batchB = b.shape.slice(0, rb - 2);
  const rank = Math.max(batchA.length, batchB.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = batchA[batchA.length - rank + i] ?? 1;
    const db = batchB[batchB.length - rank + i] ?? 1;
    batch.push(da === 1 ? db : da);
  }
  const nBatch = sizeOf(batch);
  const nA = sizeOf(batchA);
  const nB = sizeOf(batchB);
  let av = a.values;
  let bv = b.values;
  if (attrs.transposeA) av = transposeLast2(av, nA, aRows, aCols);
  if (attrs.transposeB) bv = transposeLast2(bv, nB, bRows, bCols);
  const out = allocate(a.dtype, nBatch * M * N);
  // map each output batch index to the input batch indices (broadcasting)
  const bStridesA: number[] = [];
  const bStridesB: number[] = [];
  let sa = 1;
  let sb = 1;
  for (let i = rank - 1; i >= 0; i--) {
    const da = batchA[batchA.length - rank + i] ?? 1;
    const db = batchB[batchB.length - rank + i] ?? 1;
    bStridesA[i] = da === 1 ? 0 : sa;
    bStridesB[i] = db === 1 ? 0 : sb;
    sa *= da;
    sb *= db;
  }
  for (let p = 0; p < nBatch; p++) {
    let ia = 0;
    let ib = 0;
    let rem = p;
    for (let i = rank - 1; i >= 0; i--) {
      const d = batch[i]!;
      const idx = rem % d;
      rem = (rem - idx) / d;
      ia += idx * bStridesA[i]!;
      ib += idx * bStridesB[i]!;
    }
    gemm(M, N, K, av, ia * M * K, bv, ib * K * N, out, p * M * N);
  }
  return [{ values: out, shape: [...batch, M, N], dtype: a.dtype }];
}
