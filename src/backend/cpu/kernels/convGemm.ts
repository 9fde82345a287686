import type { TypedArray } from "../../types.js";
import { gemm } from "./matmul.js";

/**
 * C[M,N] += A[M,K] · B[K,N] (row-major, at offsets), for the shapes convolutions produce: many
 * rows (output positions), a moderate K (taps × channels) and few columns (filters). It keeps
 * a 4×4 tile of C in registers across the whole K loop, so each step loads 8 numbers for 16
 * multiply-adds and C is written once, which suits a JIT better than updating C in memory.
 * Rows and columns that do not fill a tile go through the generic `gemm`.
 */
export function convGemm(M: number, N: number, K: number, A: TypedArray, aOff: number, B: TypedArray, bOff: number, C: TypedArray, cOff: number): void {
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  for (let i = 0; i < M4; i += 4) {
    const a0 = aOff + i * K;
    const a1 = a0 + K;
    const a2 = a1 + K;
    const a3 = a2 + K;
    for (let j = 0; j < N4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let b = bOff + j;
      for (let k = 0; k < K; k++, b += N) {
        const x0 = A[a0 + k]!;
        const x1 = A[a1 + k]!;
        const x2 = A[a2 + k]!;
        const x3 = A[a3 + k]!;
        const y0 = B[b]!;
        const y1 = B[b + 1]!;
        const y2 = B[b + 2]!;
        const y3 = B[b + 3]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      let c = cOff + i * N + j;
      C[c] += c00; C[c + 1] += c01; C[c + 2] += c02; C[c + 3] += c03;
      c += N;
      C[c] += c10; C[c + 1] += c11; C[c + 2] += c12; C[c + 3] += c13;
      c += N;
      C[c] += c20; C[c + 1] += c21; C[c + 2] += c22; C[c + 3] += c23;
      c += N;
      C[c] += c30; C[c + 1] += c31; C[c + 2] += c32; C[c + 3] += c33;
    }
  }
  // the leftover columns of the tiled rows, then the leftover rows
  if (N4 < N) {
    for (let i = 0; i < M4; i++) {
      for (let j = N4; j < N; j++) {
        let s = 0;
        for (let k = 0, a = aOff + i * K, b = bOff + j; k < K; k++, b += N) s += A[a + k]! * B[b]!;
        C[cOff + i * N + j] += s;
      }
    }
  }
  if (M4 < M) gemm(M - M4, N, K, A, aOff + M4 * K, B, bOff, C, cOff + M4 * N);
}
