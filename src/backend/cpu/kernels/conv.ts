import { allocate } from "../../dtypes.js";
import type { DType, TensorData, TypedArray } from "../../types.js";
import type { ConvAttrs, ConvBackpropFilterAttrs, ConvBackpropInputAttrs } from "../../window.js";
import { convBackpropFilterPlan, convBackpropInputPlan, convPlan, type Geometry3 } from "./convGeometry.js";
import { col2im, im2col } from "./convIm2col.js";
import { convGemm } from "./convGemm.js";

/**
 * Convolution kernels (channels_last, 1 to 3 spatial dims, grouped): im2col over blocks of
 * output positions, then a register-tiled GEMM (`convGemm`). Kernels have Keras's layout
 * `(...k, cin / groups, cout)`, read as a `[taps * cinG, cout]` matrix.
 */

export type { ConvAttrs, ConvBackpropFilterAttrs, ConvBackpropInputAttrs } from "../../window.js";

/** Rows of im2col processed at once: keeps the column buffer around 256 KiB. */
function blockRows(rowLen: number): number {
  return Math.max(16, Math.floor(65536 / Math.max(rowLen, 1)));
}

const prod = (v: readonly number[]): number => v.reduce((a, b) => a * b, 1);

/** Columns `j0 … j0 + w` of a row-major `[rows, cols]` matrix, as a new `[rows, w]` matrix. */
function sliceCols(m: TypedArray, dtype: DType, rows: number, cols: number, j0: number, w: number): TypedArray {
  if (j0 === 0 && w === cols) return m;
  const out = allocate(dtype, rows * w);
  for (let i = 0; i < rows; i++) for (let j = 0; j < w; j++) out[i * w + j] = m[i * cols + j0 + j]!;
  return out;
}

function transpose2(m: TypedArray, dtype: DType, rows: number, cols: number): TypedArray {
  const out = allocate(dtype, rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = m[i * cols + j]!;
  return out;
}

function isPointwise(g: Geometry3): boolean {
  return g.k.every((k) => k === 1) && g.stride.every((s) => s === 1) && g.pad.every((p) => p === 0) && g.in.every((d, i) => d === g.out[i]);
}

/** y[n, ...o, co] = Σ x[n, ...o*s + t*d - pad, ci] · w[...t, ci, co] over the group of co. */
export function convKernel(inputs: readonly TensorData[], attrs: ConvAttrs): TensorData[] {
  const [x, w] = inputs as [TensorData, TensorData];
  const { g, cin, cinG, cout, coutG, groups: G, rows, rowLen, outShape } = convPlan(x.shape, w.shape, attrs);
  const y = allocate(x.dtype, rows * cout);
  const result = [{ values: y, shape: outShape, dtype: x.dtype }];
  if (rows === 0 || cout === 0) return result;
  if (G === 1 && isPointwise(g)) {
    convGemm(rows, cout, cin, x.values, 0, w.values, 0, y, 0);
    return result;
  }
  const block = blockRows(rowLen);
  const cols = allocate(x.dtype, Math.min(block, rows) * rowLen);
  const tmp = G > 1 ? allocate(x.dtype, Math.min(block, rows) * coutG) : y;
  for (let grp = 0; grp < G; grp++) {
    const wg = sliceCols(w.values, x.dtype, rowLen, cout, grp * coutG, coutG);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(rows, r0 + block);
      im2col(g, x.values, cin, grp * cinG, cinG, r0, r1, cols);
      if (G === 1) {
        convGemm(r1 - r0, cout, rowLen, cols, 0, wg, 0, y, r0 * cout);
      } else {
        tmp.fill(0);
        convGemm(r1 - r0, coutG, rowLen, cols, 0, wg, 0, tmp, 0);
        for (let r = r0; r < r1; r++) {
          const src = (r - r0) * coutG;
          const dst = r * cout + grp * coutG;
          for (let j = 0; j < coutG; j++) y[dst + j] = tmp[src + j]!;
        }
      }
    }
  }
  return result;
}

/**
 * The transposed convolution (the gradient of `conv` w.r.t. its input): scatters each
 * dy[n, ...i, co] · w[...t, ci, co] to position `i * s + t * d - cropBefore`.
 */
export function convBackpropInputKernel(inputs: readonly TensorData[], attrs: ConvBackpropInputAttrs): TensorData[] {
  const [dy, w] = inputs as [TensorData, TensorData];
  const { g, cin, cinG, cout, coutG, groups: G, rows, rowLen, outShape } = convBackpropInputPlan(dy.shape, w.shape, attrs);
  const dx = allocate(dy.dtype, prod(outShape));
  const result = [{ values: dx, shape: outShape, dtype: dy.dtype }];
  if (rows === 0 || dx.length === 0) return result;
  if (G === 1 && isPointwise(g)) {
    convGemm(rows, cin, cout, dy.values, 0, transpose2(w.values, dy.dtype, rowLen, cout), 0, dx, 0);
    return result;
  }
  const block = blockRows(rowLen);
  const cols = allocate(dy.dtype, Math.min(block, rows) * rowLen);
  const dyG = G > 1 ? allocate(dy.dtype, Math.min(block, rows) * coutG) : dy.values;
  for (let grp = 0; grp < G; grp++) {
    const wgT = transpose2(sliceCols(w.values, dy.dtype, rowLen, cout, grp * coutG, coutG), dy.dtype, rowLen, coutG);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(rows, r0 + block);
      cols.fill(0);
      if (G === 1) {
        convGemm(r1 - r0, rowLen, cout, dy.values, r0 * cout, wgT, 0, cols, 0);
      } else {
        for (let r = r0; r < r1; r++) {
          const src = r * cout + grp * coutG;
          const dst = (r - r0) * coutG;
          for (let j = 0; j < coutG; j++) dyG[dst + j] = dy.values[src + j]!;
        }
        convGemm(r1 - r0, rowLen, coutG, dyG, 0, wgT, 0, cols, 0);
      }
      col2im(g, cols, cin, grp * cinG, cinG, r0, r1, dx);
    }
  }
  return result;
}

/** dw[...t, ci, co] = Σ x[n, ...o*s + t*d - pad, ci] · dy[n, ...o, co] (ci within co's group). */
export function convBackpropFilterKernel(inputs: readonly TensorData[], attrs: ConvBackpropFilterAttrs): TensorData[] {
  const [x, dy] = inputs as [TensorData, TensorData];
  const { g, cin, cinG, cout, coutG, groups: G, rows, rowLen, outShape } = convBackpropFilterPlan(x.shape, dy.shape, attrs);
  const dw = allocate(x.dtype, rowLen * cout);
  const result = [{ values: dw, shape: outShape, dtype: x.dtype }];
  if (rows === 0 || dw.length === 0) return result;
  const block = blockRows(rowLen);
  const cols = allocate(x.dtype, Math.min(block, rows) * rowLen);
  const dyG = G > 1 ? allocate(x.dtype, Math.min(block, rows) * coutG) : dy.values;
  const dwG = G > 1 ? allocate(x.dtype, rowLen * coutG) : dw;
  for (let grp = 0; grp < G; grp++) {
    if (G > 1) dwG.fill(0);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(rows, r0 + block);
      const n = r1 - r0;
      im2col(g, x.values, cin, grp * cinG, cinG, r0, r1, cols);
      const colsT = transpose2(cols.subarray(0, n * rowLen), x.dtype, n, rowLen);
      let dyBlock: TypedArray;
      let dyOff: number;
      if (G === 1) {
        dyBlock = dy.values;
        dyOff = r0 * cout;
      } else {
        for (let r = r0; r < r1; r++) {
          const src = r * cout + grp * coutG;
          const dst = (r - r0) * coutG;
          for (let j = 0; j < coutG; j++) dyG[dst + j] = dy.values[src + j]!;
        }
        dyBlock = dyG;
        dyOff = 0;
      }
      convGemm(rowLen, coutG, n, colsT, 0, dyBlock, dyOff, dwG, 0);
    }
    if (G > 1) {
      for (let i = 0; i < rowLen; i++) for (let j = 0; j < coutG; j++) dw[i * cout + grp * coutG + j] = dwG[i * coutG + j]!;
    }
  }
  return result;
}
