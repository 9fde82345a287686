import { getReferenceKernel } from "../../registry.js";
import { sizeOf } from "../../shapes.js";
import type { TensorData } from "../../types.js";
import type { GemmPair, WasmGemm } from "../runtime.js";

export interface MatmulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
}

/**
 * The "matmul" kernel on the WebAssembly GEMM: same contract as the CPU reference kernel
 * (batched, broadcasting leading axes, transposeA / transposeB), float32 only; other dtypes and
 * problems too large for the arena run the reference kernel.
 */
/**
 * Below this many multiply-adds (M·N·K over the batch) the reference kernel is faster than the
 * fixed cost of the wasm call (copies in and out, ~1 µs): 1x2x16 takes 0.3 µs in JS, 1.2 µs here.
 */
export const MIN_WASM_WORK = 512;

/**
 * Whether the float32 product a·b is one the kernel does in its own tiny loop (`smallMatmul`):
 * b a matrix, no transposes, fewer than `minWork` multiply-adds. Gives the product as `rows`
 * (all of a's rows, batch axes included) × K times K × N, or null.
 */
export function tinyProduct(a: { readonly shape: readonly number[]; readonly dtype: string }, b: { readonly shape: readonly number[]; readonly dtype: string }, attrs: MatmulAttrs, minWork = MIN_WASM_WORK): { rows: number; K: number; N: number } | null {
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length !== 2) return null;
  if (attrs.transposeA === true || attrs.transposeB === true) return null;
  const K = a.shape[a.shape.length - 1]!;
  const N = b.shape[1]!;
  if (b.shape[0] !== K) return null;
  let rows = 1;
  for (let i = 0; i < a.shape.length - 1; i++) rows *= a.shape[i]!;
  return rows * K * N < minWork ? { rows, K, N } : null;
}

export function makeMatmulKernel(engine: () => WasmGemm, minWork = MIN_WASM_WORK) {
  return function matmulKernel(inputs: readonly TensorData[], attrs: MatmulAttrs = {}): TensorData[] {
    const a = inputs[0]!;
    const b = inputs[1]!;
    if (a.dtype !== "float32" || b.dtype !== "float32") return getReferenceKernel("matmul")(inputs, attrs);
    const ra = a.shape.length;
    const rb = b.shape.length;
    const aRows = a.shape[ra - 2]!;
    const aCols = a.shape[ra - 1]!;
    const bRows = b.shape[rb - 2]!;
    const bCols = b.shape[rb - 1]!;
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    const M = transposeA ? aCols : aRows;
    const K = transposeA ? aRows : aCols;
    const N = transposeB ? bRows : bCols;
    if (tinyProduct(a, b, attrs, minWork)) {
      // a Dense layer on a few samples: B has no batch axes, no set-up worth allocating for
      const lead = a.shape.slice(0, ra - 2);
      const nA = a.values.length / (M * K || 1);
      return [{ values: smallMatmul(a.values as Float32Array, b.values as Float32Array, nA, 0, M, N, K), shape: [...lead, M, N], dtype: "float32" }];
    }
    const batchA = a.shape.slice(0, ra - 2);
    const batchB = b.shape.slice(0, rb - 2);
    const rank = Math.max(batchA.length, batchB.length);
    const batch: number[] = [];
    const stridesA: number[] = new Array<number>(rank);
    const stridesB: number[] = new Array<number>(rank);
    let sa = 1;
    let sb = 1;
    for (let i = rank - 1; i >= 0; i--) {
      const da = batchA[batchA.length - rank + i] ?? 1;
      const db = batchB[batchB.length - rank + i] ?? 1;
      batch[i] = da === 1 ? db : da;
      stridesA[i] = da === 1 ? 0 : sa;
      stridesB[i] = db === 1 ? 0 : sb;
      sa *= da;
      sb *= db;
    }
    const nBatch = sizeOf(batch);
    const small = nBatch * M * N * K < minWork;
    if (small && (transposeA || transposeB)) return getReferenceKernel("matmul")(inputs, attrs);
    const pairs: GemmPair[] = [];
    for (let p = 0; p < nBatch; p++) {
      let ia = 0;
      let ib = 0;
      let rem = p;
      for (let i = rank - 1; i >= 0; i--) {
        const d = batch[i]!;
        const idx = rem % d;
        rem = (rem - idx) / d;
        ia += idx * stridesA[i]!;
        ib += idx * stridesB[i]!;
      }
      pairs.push({ a: ia * M * K, b: ib * K * N });
    }
    if (small) return [{ values: smallBatchedMatmul(a.values as Float32Array, b.values as Float32Array, pairs, M, N, K), shape: [...batch, M, N], dtype: "float32" }];
    const values = engine().matmul(a.values as Float32Array, b.values as Float32Array, pairs, M, N, K, transposeA, transposeB);
    if (!values) return getReferenceKernel("matmul")(inputs, attrs);
    return [{ values, shape: [...batch, M, N], dtype: "float32" }];
  };
}

/**
 * Tiny products (a Dense layer on one sample) in a monomorphic float32 loop: the wasm call's
 * fixed cost and the reference kernel's generic set-up both exceed the arithmetic here. The
 * reference's order of operations (k ascending, each product added into the float32 result),
 * so the same bits.
 */
function smallBatchedMatmul(a: Float32Array, b: Float32Array, pairs: readonly GemmPair[], M: number, N: number, K: number): Float32Array {
  const c = new Float32Array(pairs.length * M * N);
  for (let p = 0; p < pairs.length; p++) smallInto(c, p * M * N, a, pairs[p]!.a, b, pairs[p]!.b, M, N, K);
  return c;
}

/** `batches` products of consecutive M×K blocks of a with the one K×N matrix at `bOff`. */
function smallMatmul(a: Float32Array, b: Float32Array, batches: number, bOff: number, M: number, N: number, K: number): Float32Array {
  const c = new Float32Array(batches * M * N);
  smallInto(c, 0, a, 0, b, bOff, batches * M, N, K);
  return c;
}

function smallInto(c: Float32Array, c0: number, a: Float32Array, a0: number, b: Float32Array, b0: number, M: number, N: number, K: number): void {
  for (let i = 0; i < M; i++) {
    const out = c0 + i * N;
    for (let k = 0; k < K; k++) {
      const x = a[a0 + i * K + k]!;
      const row = b0 + k * N;
      for (let j = 0; j < N; j++) c[out + j] += x * b[row + j]!;
    }
  }
}
