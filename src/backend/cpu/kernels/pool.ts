import { allocate } from "../../dtypes.js";
import type { TensorData, TypedArray } from "../../types.js";
import { geometry, type Geometry3 } from "./convGeometry.js";

/**
 * Pooling kernels over channels_last buffers with 1 to 3 spatial dims. "same" padding follows
 * TensorFlow: padded cells never win a max and are not counted in an average.
 */

export interface PoolAttrs {
  poolSize: readonly number[];
  strides: readonly number[];
  padding: "valid" | "same";
}

export interface AvgPoolGradAttrs extends PoolAttrs {
  /** The shape of the pooled input (the shape of the gradient). */
  inputShape: readonly number[];
}

function poolGeometry(xShape: readonly number[], attrs: PoolAttrs): Geometry3 {
  const nd = xShape.length - 2;
  return geometry(xShape[0]!, xShape.slice(1, nd + 1), attrs.poolSize, attrs.strides, attrs.poolSize.map(() => 1), attrs.padding);
}

function outShape(g: Geometry3, nd: number, channels: number): number[] {
  return [g.batch, ...g.out.slice(3 - nd), channels];
}

/**
 * Calls `visit(o, lo, hi)` for every output position `o` (flat, without channels) with the
 * clipped window bounds `lo`/`hi` (inclusive-exclusive, per lifted dim) in the input.
 */
function forEachWindow(g: Geometry3, visit: (o: number, n: number, lo: number[], hi: number[]) => void): void {
  const lo = [0, 0, 0];
  const hi = [0, 0, 0];
  let o = 0;
  for (let n = 0; n < g.batch; n++) {
    for (let od = 0; od < g.out[0]; od++) {
      for (let oh = 0; oh < g.out[1]; oh++) {
        for (let ow = 0; ow < g.out[2]; ow++) {
          clip(g, 0, od, lo, hi);
          clip(g, 1, oh, lo, hi);
          clip(g, 2, ow, lo, hi);
          visit(o++, n, lo, hi);
        }
      }
    }
  }
}

function clip(g: Geometry3, d: 0 | 1 | 2, o: number, lo: number[], hi: number[]): void {
  const start = o * g.stride[d] - g.pad[d];
  lo[d] = Math.max(start, 0);
  hi[d] = Math.min(start + g.k[d], g.in[d]);
}

/** For every output element, the flat index in x of its window's maximum (the first one on ties). */
function argmaxIndices(x: TensorData, attrs: PoolAttrs): { g: Geometry3; idx: Int32Array } {
  const g = poolGeometry(x.shape, attrs);
  const C = x.shape[x.shape.length - 1]!;
  const [, IH, IW] = g.in;
  const ID = g.in[0];
  const rows = g.batch * g.out[0] * g.out[1] * g.out[2];
  const idx = new Int32Array(rows * C);
  const best = new Float64Array(C);
  const xv = x.values;
  forEachWindow(g, (o, n, lo, hi) => {
    const base = o * C;
    let first = true;
    for (let d = lo[0]!; d < hi[0]!; d++) {
      for (let h = lo[1]!; h < hi[1]!; h++) {
        for (let w = lo[2]!; w < hi[2]!; w++) {
          const off = (((n * ID + d) * IH + h) * IW + w) * C;
          if (first) {
            // every window holds at least one real cell ("same" pads less than a window)
            for (let c = 0; c < C; c++) {
              best[c] = xv[off + c]!;
              idx[base + c] = off + c;
            }
            first = false;
            continue;
          }
          for (let c = 0; c < C; c++) {
            const v = xv[off + c]!;
            if (v > best[c]!) {
              best[c] = v;
              idx[base + c] = off + c;
            }
          }
        }
      }
    }
  });
  return { g, idx };
}

export function maxPoolKernel(inputs: readonly TensorData[], attrs: PoolAttrs): TensorData[] {
  const x = inputs[0]!;
  const { g, idx } = argmaxIndices(x, attrs);
  const y = allocate(x.dtype, idx.length);
  for (let i = 0; i < idx.length; i++) y[i] = x.values[idx[i]!]!;
  return [{ values: y, shape: outShape(g, x.shape.length - 2, x.shape[x.shape.length - 1]!), dtype: x.dtype }];
}

/** maxPoolGrad(x, dy): routes each dy element to its window's maximum in x. */
export function maxPoolGradKernel(inputs: readonly TensorData[], attrs: PoolAttrs): TensorData[] {
  const [x, dy] = inputs as [TensorData, TensorData];
  const { idx } = argmaxIndices(x, attrs);
  const dx = allocate(dy.dtype, x.values.length);
  for (let i = 0; i < idx.length; i++) dx[idx[i]!] += dy.values[i]!;
  return [{ values: dx, shape: x.shape, dtype: dy.dtype }];
}

/** maxPoolGather(x, t): for each window, t at the position of x's maximum (the adjoint of maxPoolGrad in dy). */
export function maxPoolGatherKernel(inputs: readonly TensorData[], attrs: PoolAttrs): TensorData[] {
  const [x, t] = inputs as [TensorData, TensorData];
  const { g, idx } = argmaxIndices(x, attrs);
  const y = allocate(t.dtype, idx.length);
  for (let i = 0; i < idx.length; i++) y[i] = t.values[idx[i]!]!;
  return [{ values: y, shape: outShape(g, x.shape.length - 2, x.shape[x.shape.length - 1]!), dtype: t.dtype }];
}

/** Visits each output window as (output offset, input offsets of its real cells, cell count). */
function averageWindows(g: Geometry3, C: number, visit: (outOff: number, cells: Int32Array, count: number) => void): void {
  const [ID, IH, IW] = g.in;
  const cells = new Int32Array(g.k[0] * g.k[1] * g.k[2]);
  forEachWindow(g, (o, n, lo, hi) => {
    let count = 0;
    for (let d = lo[0]!; d < hi[0]!; d++) {
      for (let h = lo[1]!; h < hi[1]!; h++) {
        for (let w = lo[2]!; w < hi[2]!; w++) cells[count++] = (((n * ID + d) * IH + h) * IW + w) * C;
      }
    }
    visit(o * C, cells, count);
  });
}

export function avgPoolKernel(inputs: readonly TensorData[], attrs: PoolAttrs): TensorData[] {
  const x = inputs[0]!;
  const C = x.shape[x.shape.length - 1]!;
  const g = poolGeometry(x.shape, attrs);
  const y: TypedArray = allocate(x.dtype, g.batch * g.out[0] * g.out[1] * g.out[2] * C);
  const xv = x.values;
  averageWindows(g, C, (outOff, cells, count) => {
    for (let i = 0; i < count; i++) {
      const off = cells[i]!;
      for (let c = 0; c < C; c++) y[outOff + c] += xv[off + c]!;
    }
    if (count > 0) for (let c = 0; c < C; c++) y[outOff + c] /= count;
  });
  return [{ values: y, shape: outShape(g, x.shape.length - 2, C), dtype: x.dtype }];
}

/** avgPoolGrad(dy): spreads each dy element evenly over the real cells of its window. */
export function avgPoolGradKernel(inputs: readonly TensorData[], attrs: AvgPoolGradAttrs): TensorData[] {
  const dy = inputs[0]!;
  const C = attrs.inputShape[attrs.inputShape.length - 1]!;
  const g = poolGeometry(attrs.inputShape, attrs);
  const dx = allocate(dy.dtype, attrs.inputShape.reduce((a, b) => a * b, 1));
  const dyv = dy.values;
  averageWindows(g, C, (outOff, cells, count) => {
    if (count === 0) return;
    const inv = 1 / count;
    for (let i = 0; i < count; i++) {
      const off = cells[i]!;
      for (let c = 0; c < C; c++) dx[off + c] += dyv[outOff + c]! * inv;
    }
  });
  return [{ values: dx, shape: attrs.inputShape, dtype: dy.dtype }];
}
