import { convBackpropFilterPlan, convBackpropInputPlan, convPlan, type Geometry3 } from "../../cpu/kernels/convGeometry.js";
import { col2im, im2col } from "../../cpu/kernels/convIm2col.js";
import { getReferenceKernel } from "../../registry.js";
import type { Kernel, TensorData } from "../../types.js";
import type { WasmGemm } from "../runtime.js";
import type { ConvAttrs, ConvBackpropFilterAttrs, ConvBackpropInputAttrs } from "../../window.js";

/**
 * Convolution kernels on the WebAssembly GEMM (channels_last, 1 to 3 spatial dims, grouped):
 * the CPU backend's window geometry and im2col / col2im, with the products done by the wasm
 * GEMM (SIMD, threads). Per group and block of output positions ("rows"):
 *
 *   conv                y[rows, coutG]     = cols[rows, rowLen] · w[rowLen, coutG]
 *   convBackpropInput   cols[rows, rowLen] = dy[rows, coutG] · w[rowLen, coutG]ᵀ, then col2im
 *   convBackpropFilter  dw[rowLen, coutG] += cols[rows, rowLen]ᵀ · dy[rows, coutG]
 *
 * where rowLen = taps × cin / groups. Transposes are free in the GEMM (strided packing).
 * Non-float32 inputs and problems below MIN_WASM_CONV_WORK multiply-adds run the reference
 * kernels; so does anything the arena cannot hold (the GEMM returns null).
 */

/** Below this many multiply-adds the reference kernel's lower fixed cost wins. */
export const MIN_WASM_CONV_WORK = 4096;
/** Largest im2col block, in floats (16 MiB): bounds the scratch buffer and the arena. */
const MAX_BLOCK_FLOATS = 1 << 22;

const prod = (v: readonly number[]): number => v.reduce((a, b) => a * b, 1);

/**
 * Two scratch buffers (im2col blocks; GEMM results that are consumed at once), reused between
 * calls: on this kind of VM the first touch of a fresh page costs ~15 µs.
 */
const scratch = [new Float32Array(0), new Float32Array(0)];
function scratchOf(n: number, which = 0): Float32Array {
  if (scratch[which]!.length < n) scratch[which] = new Float32Array(n);
  const s = scratch[which]!;
  return s.length === n ? s : s.subarray(0, n);
}

function blockRows(rows: number, rowLen: number): number {
  return Math.max(1, Math.min(rows, Math.floor(MAX_BLOCK_FLOATS / Math.max(rowLen, 1))));
}

/** Columns `j0 … j0 + w` of a row-major `[rows, cols]` matrix (the matrix itself when that is all of it). */
function sliceCols(m: Float32Array, rows: number, cols: number, j0: number, w: number): Float32Array {
  if (j0 === 0 && w === cols) return m;
  const out = new Float32Array(rows * w);
  for (let i = 0; i < rows; i++) out.set(m.subarray(i * cols + j0, i * cols + j0 + w), i * w);
  return out;
}

function isPointwise(g: Geometry3): boolean {
  return g.k.every((k) => k === 1) && g.stride.every((s) => s === 1) && g.pad.every((p) => p === 0) && g.in.every((d, i) => d === g.out[i]);
}

const isF32 = (t: TensorData): boolean => t.dtype === "float32" && t.values instanceof Float32Array;

const ONE: readonly { a: number; b: number }[] = [{ a: 0, b: 0 }];

export function makeConvKernel(engine: () => WasmGemm, minWork = MIN_WASM_CONV_WORK): Kernel {
  return function convKernel(inputs: readonly TensorData[], attrs: ConvAttrs): TensorData[] {
    const [x, w] = inputs as [TensorData, TensorData];
    if (!isF32(x) || !isF32(w)) return getReferenceKernel("conv")(inputs, attrs);
    const { g, cin, cinG, cout, coutG, groups: G, rows, rowLen, outShape: shape } = convPlan(x.shape, w.shape, attrs);
    if (rows === 0 || cout === 0 || rowLen === 0 || rows * cout * rowLen < minWork) return getReferenceKernel("conv")(inputs, attrs);
    const gemm = engine();
    const xv = x.values as Float32Array;
    const wv = w.values as Float32Array;
    if (G === 1 && isPointwise(g)) {
      const y = gemm.matmul(xv, wv, ONE, rows, cout, cin, false, false);
      return y ? [{ values: y, shape, dtype: "float32" }] : getReferenceKernel("conv")(inputs, attrs);
    }
    const block = blockRows(rows, rowLen);
    const y = new Float32Array(rows * cout);
    for (let grp = 0; grp < G; grp++) {
      const wg = sliceCols(wv, rowLen, cout, grp * coutG, coutG);
      for (let r0 = 0; r0 < rows; r0 += block) {
        const r1 = Math.min(rows, r0 + block);
        const cols = scratchOf((r1 - r0) * rowLen);
        im2col(g, xv, cin, grp * cinG, cinG, r0, r1, cols);
        // G = 1: the block's rows of y directly; else the group's columns via a scratch block
        const into = G === 1 ? { values: y, offset: r0 * cout } : { values: scratchOf((r1 - r0) * coutG, 1), offset: 0 };
        const part = gemm.matmul(cols, wg, ONE, r1 - r0, coutG, rowLen, false, false, into);
        if (!part) return getReferenceKernel("conv")(inputs, attrs);
        if (G > 1) for (let r = r0; r < r1; r++) y.set(part.subarray((r - r0) * coutG, (r - r0 + 1) * coutG), r * cout + grp * coutG);
      }
    }
    return [{ values: y, shape, dtype: "float32" }];
  };
}

export function makeConvBackpropInputKernel(engine: () => WasmGemm, minWork = MIN_WASM_CONV_WORK): Kernel {
  return function convBackpropInputKernel(inputs: readonly TensorData[], attrs: ConvBackpropInputAttrs): TensorData[] {
    const [dy, w] = inputs as [TensorData, TensorData];
    const reference = (): TensorData[] => getReferenceKernel("convBackpropInput")(inputs, attrs);
    if (!isF32(dy) || !isF32(w)) return reference();
    const { g, cin, cinG, cout, coutG, groups: G, rows, rowLen, outShape: shape } = convBackpropInputPlan(dy.shape, w.shape, attrs);
    const dxLen = prod(shape);
    if (rows === 0 || dxLen === 0 || coutG === 0 || rows * rowLen * coutG < minWork) return reference();
    const gemm = engine();
    const dyv = dy.values as Float32Array;
    const wv = w.values as Float32Array;
    if (G === 1 && isPointwise(g)) {
      const dx = gemm.matmul(dyv, wv, ONE, rows, cin, cout, false, true);
      return dx ? [{ values: dx, shape, dtype: "float32" }] : reference();
    }
    const dx = new Float32Array(dxLen);
    const block = blockRows(rows, Math.max(rowLen, coutG));
    for (let grp = 0; grp < G; grp++) {
      const wg = sliceCols(wv, rowLen, cout, grp * coutG, coutG);
      const dyg = G === 1 ? dyv : sliceCols(dyv, rows, cout, grp * coutG, coutG);
      for (let r0 = 0; r0 < rows; r0 += block) {
        const r1 = Math.min(rows, r0 + block);
        const dyBlock = r0 === 0 && r1 === rows ? dyg : dyg.subarray(r0 * coutG, r1 * coutG);
        const cols = gemm.matmul(dyBlock, wg, ONE, r1 - r0, rowLen, coutG, false, true, { values: scratchOf((r1 - r0) * rowLen), offset: 0 });
        if (!cols) return reference();
        col2im(g, cols, cin, grp * cinG, cinG, r0, r1, dx);
      }
    }
    return [{ values: dx, shape, dtype: "float32" }];
  };
}

export function makeConvBackpropFilterKernel(engine: () => WasmGemm, minWork = MIN_WASM_CONV_WORK): Kernel {
  return function convBackpropFilterKernel(inputs: readonly TensorData[], attrs: ConvBackpropFilterAttrs): TensorData[] {
    const [x, dy] = inputs as [TensorData, TensorData];
    const reference = (): TensorData[] => getReferenceKernel("convBackpropFilter")(inputs, attrs);
    if (!isF32(x) || !isF32(dy)) return reference();
    const { g, cin, cinG, cout, coutG, groups: G, rows, rowLen, outShape: shape } = convBackpropFilterPlan(x.shape, dy.shape, attrs);
    if (rows === 0 || rowLen === 0 || cout === 0 || rows * rowLen * coutG < minWork) return reference();
    const gemm = engine();
    const xv = x.values as Float32Array;
    const dyv = dy.values as Float32Array;
    const block = blockRows(rows, rowLen);
    let dw: Float32Array | null = null;
    for (let grp = 0; grp < G; grp++) {
      const dyg = G === 1 ? dyv : sliceCols(dyv, rows, cout, grp * coutG, coutG);
      let acc: Float32Array | null = null;
      for (let r0 = 0; r0 < rows; r0 += block) {
        const r1 = Math.min(rows, r0 + block);
        const cols = scratchOf((r1 - r0) * rowLen);
        im2col(g, xv, cin, grp * cinG, cinG, r0, r1, cols);
        const dyBlock = r0 === 0 && r1 === rows ? dyg : dyg.subarray(r0 * coutG, r1 * coutG);
        const part = gemm.matmul(cols, dyBlock, ONE, rowLen, coutG, r1 - r0, true, false, acc ? { values: scratchOf(rowLen * coutG, 1), offset: 0 } : undefined);
        if (!part) return reference();
        if (!acc) acc = part;
        else for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + part[i]!;
      }
      if (G === 1) {
        dw = acc;
      } else {
        dw ??= new Float32Array(rowLen * cout);
        for (let i = 0; i < rowLen; i++) dw.set(acc!.subarray(i * coutG, (i + 1) * coutG), i * cout + grp * coutG);
      }
    }
    return [{ values: dw!, shape, dtype: "float32" }];
  };
}
