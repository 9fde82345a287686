import { geometry, type Geometry3 } from "../../cpu/kernels/convGeometry.js";
import type { AvgPoolGradAttrs, PoolAttrs } from "../../cpu/kernels/pool.js";
import { getReferenceKernel } from "../../registry.js";
import type { Kernel, TensorData } from "../../types.js";
import { type Local, ModuleBuilder, ValType } from "../builder.js";
import { compileOptimized, features } from "../features.js";
import { float32Result, zeroedFloat32Result } from "../../bufferPool.js";
import { type F32, isF32 } from "./float32.js";

/**
 * float32 pooling kernels (channels_last, 1 to 3 spatial dims): `maxPool`, `maxPoolGrad`,
 * `maxPoolGather`, `avgPool`, `avgPoolGrad`.
 *
 * The reference kernels serve every dtype and rank through a per-window callback, and
 * maxPoolGrad first builds an index array of every window's argmax. Here windows are visited in
 * output order (batch, depth, row, col), and for each window its cells, with the channels
 * innermost (contiguous in memory); 1-D and 2-D poolings are lifted to 3-D.
 *
 * - Max pooling with channels a multiple of 4 (the CNN case) runs in WebAssembly SIMD: per
 *   window, 4 channels at a time, `m = v > m ? v : m` as `f32x4.gt` + `v128.bitselect`, and for
 *   the gradients the argmax offsets selected the same way; dy is then scattered by a wasm loop
 *   into the chunk's zeroed x region and copied out (maxPoolGrad), or t gathered in JS straight
 *   into the result (maxPoolGather). Scalar JS pays a bounds check and a float32 → double
 *   conversion per element; on [64,26,26,32] the SIMD call (copies in and out included) took
 *   ~1/6 of the JS loop's time. The batch goes through a small arena a few items at a time.
 * - Everything else runs monomorphic Float32Array loops in JS: other channel counts, runtimes
 *   without SIMD, and the averages (not in the CNN benchmark; avgPoolGrad's rounding, a double
 *   `dy · (1 / count)` added to a float32, would need f64x2 arithmetic to stay bit-identical).
 *
 * Results are bit-identical to the reference kernels: the max and its position are exact with
 * the same comparison (`v > best`, so the first maximum in window order wins and NaNs never
 * replace a number), and the averages add and divide in the same order and precision (sums
 * rounded to float32 after every add, the gradient scaled by the double `1 / count`).
 * Other dtypes run the reference kernels.
 */



const channels = (shape: readonly number[]): number => shape[shape.length - 1]!;

/**
 * Walks the output windows of a pooling in output order; `next()` writes the flat offsets in x
 * of the current window's real cells (padding clipped, in depth/row/col order) into `cells`,
 * returns their number and moves on. All 1-D and 2-D poolings are lifted to 3-D (size-1 dims):
 * the extra loop levels run once per window, which costs nothing next to C channels per cell.
 */
class WindowWalker {
  /** Number of windows (batch × output positions); window i's outputs start at i × C. */
  readonly count: number;
  readonly cells: Int32Array;
  private readonly g: Geometry3;
  private readonly C: number;
  /** Clipped [lo, hi) input ranges per output index, for each lifted dim. */
  private readonly ranges: [Int32Array, Int32Array, Int32Array];
  private n = 0;
  private od = 0;
  private oh = 0;
  private ow = 0;

  constructor(xShape: readonly number[], attrs: PoolAttrs) {
    const nd = xShape.length - 2;
    const g = geometry(xShape[0]!, xShape.slice(1, nd + 1), attrs.poolSize, attrs.strides, attrs.poolSize.map(() => 1), attrs.padding);
    this.g = g;
    this.C = xShape[nd + 1]!;
    this.count = g.batch * g.out[0] * g.out[1] * g.out[2];
    this.cells = new Int32Array(g.k[0] * g.k[1] * g.k[2]);
    this.ranges = [clippedRanges(g, 0), clippedRanges(g, 1), clippedRanges(g, 2)];
  }

  /** The output shape `[batch, ...out spatial, C]` for `nd` spatial dims. */
  outShape(nd: number): number[] {
    return [this.g.batch, ...this.g.out.slice(3 - nd), this.C];
  }

  next(): number {
    const [ID, IH, IW] = this.g.in;
    const [rd, rh, rw] = this.ranges;
    const { od, oh, ow, C, cells } = this;
    const h0 = rh[2 * oh]!;
    const h1 = rh[2 * oh + 1]!;
    const w0 = rw[2 * ow]!;
    const w1 = rw[2 * ow + 1]!;
    let k = 0;
    for (let d = rd[2 * od]!; d < rd[2 * od + 1]!; d++) {
      for (let h = h0; h < h1; h++) {
        const row = ((this.n * ID + d) * IH + h) * IW;
        for (let w = w0; w < w1; w++) cells[k++] = (row + w) * C;
      }
    }
    this.advance();
    return k;
  }

  /** Steps (n, od, oh, ow) like an odometer, ow fastest. */
  private advance(): void {
    const [OD, OH, OW] = this.g.out;
    if (++this.ow < OW) return;
    this.ow = 0;
    if (++this.oh < OH) return;
    this.oh = 0;
    if (++this.od < OD) return;
    this.od = 0;
    this.n++;
  }
}

/**
 * [lo, hi) of the input cells under each output index of lifted dim d, interleaved. TensorFlow's
 * "same" pads less than a window on each side, so no window is empty.
 */
function clippedRanges(g: Geometry3, d: 0 | 1 | 2): Int32Array {
  const r = new Int32Array(2 * g.out[d]);
  for (let o = 0; o < g.out[d]; o++) {
    const start = o * g.stride[d] - g.pad[d];
    r[2 * o] = Math.max(start, 0);
    r[2 * o + 1] = Math.min(start + g.k[d], g.in[d]);
  }
  return r;
}

/** y[o..o+C) = max of x over the window's cells (first cell copied, then `v > best`). */
function maxLoop(x: F32, y: F32, walk: WindowWalker, C: number): void {
  const cells = walk.cells;
  for (let o = 0; o < walk.count * C; o += C) {
    const k = walk.next();
    const first = cells[0]!;
    for (let c = 0; c < C; c++) y[o + c] = x[first + c]!;
    for (let i = 1; i < k; i++) {
      const off = cells[i]!;
      for (let c = 0; c < C; c++) {
        const v = x[off + c]!;
        if (v > y[o + c]!) y[o + c] = v;
      }
    }
  }
}

/**
 * Fills arg[0..C) with the flat offsets in x of the window's maximum per channel (first wins),
 * using best[0..C) as the running maxima.
 */
function argmaxWindow(x: F32, cells: Int32Array, k: number, C: number, best: F32, arg: Int32Array): void {
  const first = cells[0]!;
  for (let c = 0; c < C; c++) {
    best[c] = x[first + c]!;
    arg[c] = first + c;
  }
  for (let i = 1; i < k; i++) {
    const off = cells[i]!;
    for (let c = 0; c < C; c++) {
      const v = x[off + c]!;
      if (v > best[c]!) {
        best[c] = v;
        arg[c] = off + c;
      }
    }
  }
}

/**
 * dx[argmax] += dy, window by window in output order: where windows overlap (stride < pool),
 * each dx element receives its contributions in the reference's order, so the float32 sums match.
 */
function maxGradLoop(x: F32, dy: F32, dx: F32, walk: WindowWalker, C: number): void {
  const best = new Float32Array(C);
  const arg = new Int32Array(C);
  for (let o = 0; o < walk.count * C; o += C) {
    argmaxWindow(x, walk.cells, walk.next(), C, best, arg);
    for (let c = 0; c < C; c++) dx[arg[c]!] += dy[o + c]!;
  }
}

/** y = t read at each window's maximum of x. */
function maxGatherLoop(x: F32, t: F32, y: F32, walk: WindowWalker, C: number): void {
  const best = new Float32Array(C);
  const arg = new Int32Array(C);
  for (let o = 0; o < walk.count * C; o += C) {
    argmaxWindow(x, walk.cells, walk.next(), C, best, arg);
    for (let c = 0; c < C; c++) y[o + c] = t[arg[c]!]!;
  }
}

/** y = mean over real cells; y starts at 0 and is rounded after every add, as in the reference. */
function avgLoop(x: F32, y: F32, walk: WindowWalker, C: number): void {
  const cells = walk.cells;
  for (let o = 0; o < walk.count * C; o += C) {
    const k = walk.next();
    for (let i = 0; i < k; i++) {
      const off = cells[i]!;
      for (let c = 0; c < C; c++) y[o + c] += x[off + c]!;
    }
    for (let c = 0; c < C; c++) y[o + c] /= k;
  }
}

/** dx[cell] += dy × (1 / count), the reciprocal in double precision as in the reference. */
function avgGradLoop(dy: F32, dx: F32, walk: WindowWalker, C: number): void {
  const cells = walk.cells;
  for (let o = 0; o < walk.count * C; o += C) {
    const k = walk.next();
    const inv = 1 / k;
    for (let i = 0; i < k; i++) {
      const off = cells[i]!;
      for (let c = 0; c < C; c++) dx[off + c] += dy[o + c]! * inv;
    }
  }
}

// ---- WebAssembly SIMD max pooling (channels a multiple of 4)

/** Input bytes copied into the arena per chunk (whole batch items): W2 inference pools 86 MB. */
const CHUNK_BYTES = 4 << 20;
/** Largest arena (one batch item and its window table must fit); beyond it the JS loops run. */
const MAX_ARENA_BYTES = 1 << 30;
const PAGE = 65536;

/**
 * `name(table, nWin, x, out, items, itemElems, C)`: for each of `items` batch items of x (each
 * `itemElems` floats) and each of its `nWin` windows, 4 channels at a time, the maximum over the
 * window's cells — or, `withIndex`, its element offset in x — written to `out` in output order.
 * `table` holds nWin + 1 window starts, then the cells (element offsets within an item).
 */
function emitMaxPool(mb: ModuleBuilder, name: string, withIndex: boolean): void {
  const { i32, v128 } = ValType;
  const f = mb.function(name, [i32, i32, i32, i32, i32, i32, i32], [], true);
  const [table, nWin, x, out, items, itemElems, C] = [0, 1, 2, 3, 4, 5, 6].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local, Local];
  const [item, w, c, i, a, b, base, cells, e] = Array.from({ length: 9 }, () => f.local(i32)) as [Local, Local, Local, Local, Local, Local, Local, Local, Local];
  const [m, v, mask, idx] = Array.from({ length: 4 }, () => f.local(v128)) as [Local, Local, Local, Local];
  // e = base + cells[k] + c; then the 4 floats of x at e
  const loadCell = (k: Local): void => {
    f.get(base).get(cells).get(k).i32Const(2).i32Shl().i32Add().i32Load().i32Add().get(c).i32Add().set(e);
    f.get(x).get(e).i32Const(2).i32Shl().i32Add().v128Load();
  };
  const indexOfE = (): void => {
    f.get(e);
    // element index splatted + lane offsets (0, 1, 2, 3)
    f.i32x4Splat().v128ConstI32([0, 1, 2, 3]).i32x4Add();
  };
  f.get(table).get(nWin).i32Const(1).i32Add().i32Const(2).i32Shl().i32Add().set(cells);
  f.for(item, () => f.i32Const(0), () => f.get(items), 1, () => {
    f.get(item).get(itemElems).i32Mul().set(base);
    f.for(w, () => f.i32Const(0), () => f.get(nWin), 1, () => {
      f.get(table).get(w).i32Const(2).i32Shl().i32Add().i32Load().set(a);
      f.get(table).get(w).i32Const(2).i32Shl().i32Add().i32Load(4).set(b);
      f.for(c, () => f.i32Const(0), () => f.get(C), 4, () => {
        loadCell(a);
        f.set(m);
        if (withIndex) {
          indexOfE();
          f.set(idx);
        }
        f.for(i, () => f.get(a).i32Const(1).i32Add(), () => f.get(b), 1, () => {
          loadCell(i);
          f.set(v);
          // strictly greater, as the reference: the first maximum wins and NaN never does
          f.get(v).get(m);
          f.f32x4Gt();
          f.set(mask);
          f.get(v).get(m).get(mask);
          f.v128Bitselect();
          f.set(m);
          if (withIndex) {
            indexOfE();
            f.get(idx).get(mask);
            f.v128Bitselect();
            f.set(idx);
          }
        });
        f.get(out).get(withIndex ? idx : m).v128Store();
        f.inc(out, 16);
      });
    });
  });
}

type ArenaKernel = (table: number, nWin: number, x: number, out: number, items: number, itemElems: number, C: number) => void;

/**
 * `scatterAdd(idx, src, dst, count, zeroCount)`: zeroes dst[0 … zeroCount), then
 * dst[idx[i]] += src[i] for i ascending (byte pointers; idx in floats) — the max-pool gradient's
 * routing of dy to each window's argmax, in the JS loop's order (the same float32 sums).
 */
function emitScatterAdd(mb: ModuleBuilder): void {
  const { i32 } = ValType;
  const f = mb.function("scatterAdd", [i32, i32, i32, i32, i32], [], true);
  const [idx, src, dst, count, zeroCount] = [0, 1, 2, 3, 4].map((i) => f.param(i)) as [Local, Local, Local, Local, Local];
  const i = f.local(i32);
  const d = f.local(i32);
  f.for(i, () => f.i32Const(0), () => f.get(zeroCount), 1, () => {
    f.get(dst).get(i).i32Const(2).i32Shl().i32Add().f32Const(0).f32Store();
  });
  f.for(i, () => f.i32Const(0), () => f.get(count), 1, () => {
    f.get(dst).get(idx).i32Load().i32Const(2).i32Shl().i32Add().tee(d);
    f.get(d).f32Load().get(src).f32Load().f32Add().f32Store();
    f.inc(idx, 4).inc(src, 4);
  });
}

/** The SIMD module's memory and its two kernels; built on the first max pooling. */
interface Arena {
  memory: WebAssembly.Memory;
  maxPool: ArenaKernel;
  argmax: ArenaKernel;
  scatterAdd: (idx: number, src: number, dst: number, count: number, zeroCount: number) => void;
}

let arena: Arena | null | undefined;

function simdArena(): Arena | null {
  if (arena !== undefined) return arena;
  if (!features.simd) return (arena = null);
  const mb = new ModuleBuilder({ module: "env", name: "memory", shared: false, initialPages: 1, maximumPages: MAX_ARENA_BYTES / PAGE });
  emitMaxPool(mb, "maxPool", false);
  emitMaxPool(mb, "argmax", true);
  emitScatterAdd(mb);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_ARENA_BYTES / PAGE });
  const exports = new WebAssembly.Instance(compileOptimized(mb.build()), { env: { memory } }).exports;
  return (arena = { memory, maxPool: exports.maxPool as ArenaKernel, argmax: exports.argmax as ArenaKernel, scatterAdd: exports.scatterAdd as Arena["scatterAdd"] });
}

/**
 * The windows of one batch item as the SIMD kernels read them: nWin + 1 starts, then the cells;
 * null when the table alone would be a sizeable part of the arena (huge overlapping windows).
 */
function windowTable(xShape: readonly number[], attrs: PoolAttrs): { table: Int32Array; nWin: number } | null {
  const walk = new WindowWalker([1, ...xShape.slice(1)], attrs);
  const nWin = walk.count;
  const capacity = nWin + 1 + nWin * walk.cells.length;
  if (capacity * 4 > MAX_ARENA_BYTES / 4) return null;
  const table = new Int32Array(capacity);
  let end = nWin + 1;
  for (let w = 0; w < nWin; w++) {
    const k = walk.next();
    table.set(walk.cells.subarray(0, k), end);
    end += k;
    table[w + 1] = end - (nWin + 1);
  }
  return { table: table.subarray(0, end), nWin };
}

/**
 * Runs an arena kernel over x a few batch items at a time: copies them in, runs the kernel, and
 * calls `consume(firstItem, items, outByte)` to read its C values per window at `outByte`.
 * Returns false (nothing done) when the SIMD path does not apply.
 */
function simdMaxPool(
  x: TensorData & { values: F32 },
  attrs: PoolAttrs,
  which: "maxPool" | "argmax",
  consume: (item0: number, items: number, outByte: number, xByte: number, spareByte: number) => void,
  spare = false,
): boolean {
  const C = channels(x.shape);
  const batch = x.shape[0]!;
  const a = C > 0 && C % 4 === 0 ? simdArena() : null;
  if (!a || batch === 0) return false;
  const itemElems = x.values.length / batch;
  const windows = windowTable(x.shape, attrs);
  if (!windows) return false;
  const { table, nWin } = windows;
  const chunk = Math.min(batch, Math.max(1, Math.floor(CHUNK_BYTES / (itemElems * 4))));
  const xByte = Math.ceil((table.length * 4) / 16) * 16;
  const outByte = xByte + chunk * itemElems * 4;
  // with `spare`, one more region the size of the output (the gradient's dy)
  const spareByte = outByte + chunk * nWin * C * 4;
  const bytes = spare ? spareByte + chunk * nWin * C * 4 : spareByte;
  if (bytes > MAX_ARENA_BYTES) return false;
  const grow = Math.ceil(bytes / PAGE) - a.memory.buffer.byteLength / PAGE;
  if (grow > 0) a.memory.grow(grow);
  new Int32Array(a.memory.buffer, 0, table.length).set(table);
  const xs = new Float32Array(a.memory.buffer, xByte, chunk * itemElems);
  for (let item0 = 0; item0 < batch; item0 += chunk) {
    const items = Math.min(chunk, batch - item0);
    xs.set(x.values.subarray(item0 * itemElems, (item0 + items) * itemElems));
    a[which](0, nWin, xByte, outByte, items, itemElems, C);
    consume(item0, items, outByte, xByte, spareByte);
  }
  return true;
}

/**
 * The argmax offsets of every window, chunk by chunk: `route(xOff, yOff, idx)` gets the offsets
 * (relative to x element xOff) of the outputs from yOff on. `outputs` is the pooled size.
 */
function simdArgmax(x: TensorData & { values: F32 }, attrs: PoolAttrs, outputs: number, route: (xOff: number, yOff: number, idx: Int32Array) => void): boolean {
  const batch = Math.max(x.shape[0]!, 1);
  const inItem = x.values.length / batch;
  const outItem = outputs / batch;
  return simdMaxPool(x, attrs, "argmax", (item0, items, outByte) => {
    route(item0 * inItem, item0 * outItem, new Int32Array(arena!.memory.buffer, outByte, items * outItem));
  });
}

export function maxPoolF32Kernel(inputs: readonly TensorData[], attrs: PoolAttrs): TensorData[] {
  const x = inputs[0]!;
  if (!isF32(x)) return getReferenceKernel("maxPool")(inputs, attrs);
  const walk = new WindowWalker(x.shape, attrs);
  const C = channels(x.shape);
  const y = zeroedFloat32Result(walk.count * C);
  const perItem = y.length / Math.max(x.shape[0]!, 1);
  const viaSimd = simdMaxPool(x, attrs, "maxPool", (item0, items, outByte) => {
    y.set(new Float32Array(arena!.memory.buffer, outByte, items * perItem), item0 * perItem);
  });
  if (!viaSimd) maxLoop(x.values, y, walk, C);
  return [{ values: y, shape: walk.outShape(x.shape.length - 2), dtype: "float32" }];
}

/** maxPoolGrad(x, dy): routes each dy element to its window's maximum in x. */
export function maxPoolGradF32Kernel(inputs: readonly TensorData[], attrs: PoolAttrs): TensorData[] {
  const [x, dy] = inputs as [TensorData, TensorData];
  if (!isF32(x) || !isF32(dy)) return getReferenceKernel("maxPoolGrad")(inputs, attrs);
  const walk = new WindowWalker(x.shape, attrs);
  const dyv = dy.values;
  // SIMD: per chunk, the argmax offsets, dy copied in, the chunk's x region zeroed and dy
  // scattered into it (scatterAdd), then copied out whole — dx needs no zeroing of its own
  const inItem = x.values.length / Math.max(x.shape[0]!, 1);
  const outItem = dyv.length / Math.max(x.shape[0]!, 1);
  let dx: Float32Array | null = null;
  const viaSimd = simdMaxPool(
    x,
    attrs,
    "argmax",
    (item0, items, outByte, xByte, dyByte) => {
      const mem = arena!.memory.buffer;
      dx ??= float32Result(x.values.length);
      const count = items * outItem;
      new Float32Array(mem, dyByte, count).set(dyv.subarray(item0 * outItem, item0 * outItem + count));
      arena!.scatterAdd(outByte, dyByte, xByte, count, items * inItem);
      dx.set(new Float32Array(mem, xByte, items * inItem), item0 * inItem);
    },
    true,
  );
  if (!viaSimd) {
    dx = zeroedFloat32Result(x.values.length);
    maxGradLoop(x.values, dyv, dx, walk, channels(x.shape));
  }
  return [{ values: dx!, shape: x.shape, dtype: "float32" }];
}

/** maxPoolGather(x, t): for each window, t at the position of x's maximum. */
export function maxPoolGatherF32Kernel(inputs: readonly TensorData[], attrs: PoolAttrs): TensorData[] {
  const [x, t] = inputs as [TensorData, TensorData];
  if (!isF32(x) || !isF32(t)) return getReferenceKernel("maxPoolGather")(inputs, attrs);
  const walk = new WindowWalker(x.shape, attrs);
  const C = channels(x.shape);
  const y = zeroedFloat32Result(walk.count * C);
  const tv = t.values;
  const viaSimd = simdArgmax(x, attrs, y.length, (xOff, yOff, idx) => {
    for (let i = 0; i < idx.length; i++) y[yOff + i] = tv[xOff + idx[i]!]!;
  });
  if (!viaSimd) maxGatherLoop(x.values, tv, y, walk, C);
  return [{ values: y, shape: walk.outShape(x.shape.length - 2), dtype: "float32" }];
}

export function avgPoolF32Kernel(inputs: readonly TensorData[], attrs: PoolAttrs): TensorData[] {
  const x = inputs[0]!;
  if (!isF32(x)) return getReferenceKernel("avgPool")(inputs, attrs);
  const walk = new WindowWalker(x.shape, attrs);
  const C = channels(x.shape);
  const y = zeroedFloat32Result(walk.count * C);
  avgLoop(x.values, y, walk, C);
  return [{ values: y, shape: walk.outShape(x.shape.length - 2), dtype: "float32" }];
}

/** avgPoolGrad(dy): spreads each dy element evenly over the real cells of its window. */
export function avgPoolGradF32Kernel(inputs: readonly TensorData[], attrs: AvgPoolGradAttrs): TensorData[] {
  const dy = inputs[0]!;
  if (!isF32(dy)) return getReferenceKernel("avgPoolGrad")(inputs, attrs);
  const walk = new WindowWalker(attrs.inputShape, attrs);
  const dx = zeroedFloat32Result(attrs.inputShape.reduce((a, b) => a * b, 1));
  avgGradLoop(dy.values, dx, walk, channels(attrs.inputShape));
  return [{ values: dx, shape: attrs.inputShape, dtype: "float32" }];
}

/** The five kernels by primitive name, for tests. */
export const POOLING_KERNELS: Readonly<Record<string, Kernel>> = {
  maxPool: maxPoolF32Kernel,
  maxPoolGrad: maxPoolGradF32Kernel,
  maxPoolGather: maxPoolGatherF32Kernel,
  avgPool: avgPoolF32Kernel,
  avgPoolGrad: avgPoolGradF32Kernel,
};
