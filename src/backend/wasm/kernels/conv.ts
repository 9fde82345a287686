import { convBackpropFilterPlan, convBackpropInputPlan, convPlan, type ConvPlan, type Geometry3 } from "../../cpu/kernels/convGeometry.js";
import { col2im, im2col, type StridedRuns } from "../../cpu/kernels/convIm2col.js";
import { getReferenceKernel } from "../../registry.js";
import type { Kernel, TensorData } from "../../types.js";
import { type Local, type MemoryImport, ModuleBuilder, ValType } from "../builder.js";
import type { WasmGemm } from "../runtime.js";
import type { ConvAttrs, ConvBackpropFilterAttrs, ConvBackpropInputAttrs } from "../../window.js";
import { float32Result } from "../../bufferPool.js";
import { isF32 } from "./float32.js";

/**
 * Convolution kernels on the WebAssembly GEMM (channels_last, 1 to 3 spatial dims, grouped):
 * the CPU backend's window geometry and im2col / col2im, with the products done by the wasm
 * GEMM (SIMD, threads). Per group and block of output positions ("rows"):
 *
 *   conv / fusedConv    y[rows, coutG]     = act(cols[rows, rowLen] · w[rowLen, coutG] + b)
 *   convBackpropInput   cols[rows, rowLen] = dy[rows, coutG] · w[rowLen, coutG]ᵀ, then col2im
 *   convBackpropFilter  dw[rowLen, coutG] += cols[rows, rowLen]ᵀ · dy[rows, coutG]
 *
 * where rowLen = taps × cin / groups. Transposes are free in the GEMM (strided packing).
 * Everything happens in the GEMM's arena (`WasmGemm.prepare`): x is copied in once per block
 * and im2col writes the GEMM's A operand in place; the bias and activation are applied to the
 * GEMM's output there, and col2im adds from the GEMM's output into dx kept in the arena, so the
 * only copies out are the results. A small SIMD module on the arena does the bias/activation
 * pass and im2col's / col2im's strided runs, one call per output line and window row: as JS
 * loops these cost 1–3 ns a float (3.5 ms for bias + relu on conv1's output at batch 64), and
 * `copyWithin` per run is no faster for conv2's runs of 96 floats.
 * Non-float32 inputs and problems below MIN_WASM_CONV_WORK multiply-adds run the reference
 * kernels; so does anything the arena cannot hold.
 */

/** Below this many multiply-adds the reference kernel's lower fixed cost wins. */
export const MIN_WASM_CONV_WORK = 4096;
/** Largest im2col block, in floats (16 MiB): bounds the arena. */
export const MAX_BLOCK_FLOATS = 1 << 22;

const prod = (v: readonly number[]): number => v.reduce((a, b) => a * b, 1);
const up4 = (n: number): number => (n + 3) & ~3;

function blockRows(rows: number, rowLen: number, blockFloats: number): number {
  return Math.max(1, Math.min(rows, Math.floor(blockFloats / Math.max(rowLen, 1))));
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


const ONE: readonly { a: number; b: number }[] = [{ a: 0, b: 0 }];

// ---- the SIMD helpers (bias + activation in place; strided runs for im2col / col2im)

interface Helpers {
  /** `c[rows, 4·nv] = act(c + bias)` in place, byte pointers; `relu` 1 or 0. */
  biasAct: (c: number, rows: number, nv: number, bias: number, relu: number) => void;
  /** `count` runs (`nv` vectors then `nt` floats) from `s + i·ss` to `d + i·ds`, byte pointers. */
  copyRuns: (s: number, ss: number, d: number, ds: number, count: number, nv: number, nt: number) => void;
  /** The same runs added into the destination (one float32 add per element, run after run). */
  addRuns: (s: number, ss: number, d: number, ds: number, count: number, nv: number, nt: number) => void;
}

function buildBiasAct(mb: ModuleBuilder): void {
  const I = ValType.i32;
  const f = mb.function("biasAct", [I, I, I, I, I], [], true);
  const [c, rows, nv, bias, relu] = [0, 1, 2, 3, 4].map((i) => f.param(i)) as [Local, Local, Local, Local, Local];
  const r = f.local(I);
  const v = f.local(I);
  const b = f.local(I);
  const s = f.local(ValType.v128);
  f.for(r, () => f.i32Const(0), () => f.get(rows), 1, () => {
    f.get(bias).set(b);
    f.for(v, () => f.i32Const(0), () => f.get(nv), 1, () => {
      f.get(c).v128Load().get(b).v128Load().f32x4Add().set(s);
      // relu(s) = pmax(0, s) = (0 < s ? s : 0): NaN and -0 give 0, as the reference's `s > 0 ? s : 0`
      f.get(relu).if(() => {
        f.v128Zero().get(s).f32x4Pmax().set(s);
      });
      f.get(c).get(s).v128Store();
      f.inc(c, 16).inc(b, 16);
    });
  });
}

function buildRuns(mb: ModuleBuilder, name: string, add: boolean): void {
  const I = ValType.i32;
  const f = mb.function(name, [I, I, I, I, I, I, I], [], true);
  const [s, ss, d, ds, count, nv, nt] = [0, 1, 2, 3, 4, 5, 6].map((i) => f.param(i)) as Local[] as [Local, Local, Local, Local, Local, Local, Local];
  const i = f.local(I);
  const j = f.local(I);
  const p = f.local(I);
  const q = f.local(I);
  f.for(i, () => f.i32Const(0), () => f.get(count), 1, () => {
    f.get(s).set(p).get(d).set(q);
    f.for(j, () => f.i32Const(0), () => f.get(nv), 1, () => {
      f.get(q);
      if (add) f.get(q).v128Load().get(p).v128Load().f32x4Add();
      else f.get(p).v128Load();
      f.v128Store().inc(p, 16).inc(q, 16);
    });
    f.for(j, () => f.i32Const(0), () => f.get(nt), 1, () => {
      f.get(q);
      if (add) f.get(q).f32Load().get(p).f32Load().f32Add();
      else f.get(p).f32Load();
      f.f32Store().inc(p, 4).inc(q, 4);
    });
    f.get(s).get(ss).i32Add().set(s).get(d).get(ds).i32Add().set(d);
  });
}

function buildHelpers(memory: MemoryImport): Uint8Array<ArrayBuffer> {
  const mb = new ModuleBuilder(memory);
  buildBiasAct(mb);
  buildRuns(mb, "copyRuns", false);
  buildRuns(mb, "addRuns", true);
  return mb.build();
}

const helperCache = new WeakMap<WasmGemm, Helpers>();
function helpersOf(gemm: WasmGemm): Helpers {
  let h = helperCache.get(gemm);
  if (!h) {
    h = gemm.instantiate(buildHelpers) as unknown as Helpers;
    helperCache.set(gemm, h);
  }
  return h;
}

/** im2col's / col2im's strided runs by the wasm helpers, on float offsets into the arena. */
function arenaRuns(run: Helpers["copyRuns"]): StridedRuns {
  return (s, ss, d, ds, count, len) => run(4 * s, 4 * ss, 4 * d, 4 * ds, count, len >> 2, len & 3);
}

/** `f[c …]` (rows × n, row-major) = act(f[c …] + f[bias …]) in place. */
function biasActivation(h: Helpers, f: Float32Array, c: number, rows: number, n: number, bias: number, relu: boolean): void {
  if (n % 4 === 0) {
    h.biasAct(c * 4, rows, n / 4, bias * 4, relu ? 1 : 0);
    return;
  }
  for (let i = c; i < c + rows * n; i += n) {
    for (let j = 0; j < n; j++) {
      const s = f[i + j]! + f[bias + j]!;
      f[i + j] = relu ? (s > 0 ? s : 0) : s;
    }
  }
}

// ---- forward

type Activation = "linear" | "relu";

/**
 * act(conv(x, w) + b) (no bias when `b` is null, no activation for "linear"): per group and
 * block of rows, x's images into the arena, im2col into A, the GEMM, bias and activation on C
 * in place, C into y. Null when the arena cannot hold a block.
 */
function convForward(gemm: WasmGemm, x: Float32Array, w: Float32Array, b: Float32Array | null, activation: Activation, p: ConvPlan, blockFloats: number): Float32Array | null {
  const { g, cin, cinG, cout, coutG, groups: G, rows, rowLen } = p;
  const h = helpersOf(gemm);
  const copy = arenaRuns(h.copyRuns);
  const relu = activation === "relu";
  const y = float32Result(rows * cout);
  const pointwise = G === 1 && isPointwise(g);
  const block = blockRows(rows, rowLen, blockFloats);
  const perImage = prod(g.out);
  const imageLen = prod(g.in) * cin;
  const biasLen = up4(cout);
  for (let grp = 0; grp < G; grp++) {
    const wg = sliceCols(w, rowLen, cout, grp * coutG, coutG);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(rows, r0 + block);
      const n = r1 - r0;
      // the images this block reads (a 1×1 conv reads its rows of x as A), copied into the
      // arena's extra region after the bias
      const n0 = Math.floor(r0 / perImage);
      const xLen = pointwise ? 0 : (Math.ceil(r1 / perImage) - n0) * imageLen;
      const s = gemm.prepare(n * rowLen, rowLen * coutG, ONE, n, coutG, rowLen, false, false, biasLen + xLen);
      if (!s) return null;
      const f = s.f32;
      f.set(wg, s.b);
      if (pointwise) {
        f.set(x.subarray(r0 * cin, r1 * cin), s.a);
      } else {
        const xAt = s.extra + biasLen;
        f.set(x.subarray(n0 * imageLen, n0 * imageLen + xLen), xAt);
        im2col(g, f, cin, grp * cinG, cinG, r0, r1, f, s.a, xAt - n0 * imageLen, copy);
      }
      s.run();
      if (b) {
        f.set(b.subarray(grp * coutG, (grp + 1) * coutG), s.extra);
        biasActivation(h, f, s.c, n, coutG, s.extra, relu);
      }
      if (G === 1) y.set(f.subarray(s.c, s.c + n * cout), r0 * cout);
      else for (let r = 0; r < n; r++) y.set(f.subarray(s.c + r * coutG, s.c + (r + 1) * coutG), (r0 + r) * cout + grp * coutG);
    }
  }
  return y;
}

/** `blockFloats` (tests): the largest im2col block. */
export function makeConvKernel(engine: () => WasmGemm, minWork = MIN_WASM_CONV_WORK, blockFloats = MAX_BLOCK_FLOATS): Kernel {
  return function convKernel(inputs: readonly TensorData[], attrs: ConvAttrs): TensorData[] {
    const [x, w] = inputs as [TensorData, TensorData];
    const reference = (): TensorData[] => getReferenceKernel("conv")(inputs, attrs);
    if (!isF32(x) || !isF32(w)) return reference();
    const p = convPlan(x.shape, w.shape, attrs);
    if (p.rows === 0 || p.cout === 0 || p.rowLen === 0 || p.rows * p.cout * p.rowLen < minWork) return reference();
    const y = convForward(engine(), x.values as Float32Array, w.values as Float32Array, null, "linear", p, blockFloats);
    return y ? [{ values: y, shape: p.outShape, dtype: "float32" }] : reference();
  };
}

/** `fusedConv(x, w, b)`: act(conv(x, w) + b), the bias and activation applied in the arena before the copy out. */
export function makeFusedConvKernel(engine: () => WasmGemm, minWork = MIN_WASM_CONV_WORK, blockFloats = MAX_BLOCK_FLOATS): Kernel {
  return function fusedConvKernel(inputs: readonly TensorData[], attrs: ConvAttrs & { activation: Activation }): TensorData[] {
    const [x, w, b] = inputs as [TensorData, TensorData, TensorData];
    const reference = (): TensorData[] => getReferenceKernel("fusedConv")(inputs, attrs);
    if (!isF32(x) || !isF32(w) || !isF32(b) || (attrs.activation !== "linear" && attrs.activation !== "relu")) return reference();
    const p = convPlan(x.shape, w.shape, attrs);
    if (p.rows === 0 || p.cout === 0 || p.rowLen === 0 || p.rows * p.cout * p.rowLen < minWork) return reference();
    const y = convForward(engine(), x.values as Float32Array, w.values as Float32Array, b.values as Float32Array, attrs.activation, p, blockFloats);
    return y ? [{ values: y, shape: p.outShape, dtype: "float32" }] : reference();
  };
}

// ---- gradients

export function makeConvBackpropInputKernel(engine: () => WasmGemm, minWork = MIN_WASM_CONV_WORK, blockFloats = MAX_BLOCK_FLOATS): Kernel {
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
    const add = arenaRuns(helpersOf(gemm).addRuns);
    const block = blockRows(rows, Math.max(rowLen, coutG), blockFloats);
    // dx accumulates in the arena's extra region, which stays in place from block to block
    // (its place depends on the GEMM batch size only, one here)
    let f: Float32Array = new Float32Array(0);
    let dxAt = 0;
    for (let grp = 0; grp < G; grp++) {
      const wg = sliceCols(wv, rowLen, cout, grp * coutG, coutG);
      const dyg = G === 1 ? dyv : sliceCols(dyv, rows, cout, grp * coutG, coutG);
      for (let r0 = 0; r0 < rows; r0 += block) {
        const r1 = Math.min(rows, r0 + block);
        const s = gemm.prepare((r1 - r0) * coutG, rowLen * coutG, ONE, r1 - r0, rowLen, coutG, false, true, dxLen);
        if (!s) return reference();
        f = s.f32;
        dxAt = s.extra;
        if (grp === 0 && r0 === 0) f.fill(0, dxAt, dxAt + dxLen);
        f.set(dyg.subarray(r0 * coutG, r1 * coutG), s.a);
        f.set(wg, s.b);
        s.run();
        col2im(g, f, cin, grp * cinG, cinG, r0, r1, f, s.c, dxAt, add);
      }
    }
    const dx = float32Result(dxLen);
    dx.set(f.subarray(dxAt, dxAt + dxLen));
    return [{ values: dx, shape, dtype: "float32" }];
  };
}

/** Below this many rows per thread the filter gradient is not split along the rows. */
const MIN_SPLIT_ROWS = 256;

/** The filter gradient's float32 accumulator, reused (a fresh one costs page faults). */
let accScratch = new Float32Array(0);
function accumulator(n: number): Float32Array {
  if (accScratch.length < n) accScratch = new Float32Array(n);
  return accScratch.subarray(0, n);
}

export function makeConvBackpropFilterKernel(engine: () => WasmGemm, minWork = MIN_WASM_CONV_WORK, blockFloats = MAX_BLOCK_FLOATS): Kernel {
  return function convBackpropFilterKernel(inputs: readonly TensorData[], attrs: ConvBackpropFilterAttrs): TensorData[] {
    const [x, dy] = inputs as [TensorData, TensorData];
    const reference = (): TensorData[] => getReferenceKernel("convBackpropFilter")(inputs, attrs);
    if (!isF32(x) || !isF32(dy)) return reference();
    const { g, cin, cinG, cout, coutG, groups: G, rows, rowLen, outShape: shape } = convBackpropFilterPlan(x.shape, dy.shape, attrs);
    if (rows === 0 || rowLen === 0 || cout === 0 || rows * rowLen * coutG < minWork) return reference();
    const gemm = engine();
    const xv = x.values as Float32Array;
    const dyv = dy.values as Float32Array;
    const copy = arenaRuns(helpersOf(gemm).copyRuns);
    const block = blockRows(rows, rowLen, blockFloats);
    const perImage = prod(g.out);
    const imageLen = prod(g.in) * cin;
    const dw = new Float32Array(rowLen * cout);
    const acc = accumulator(rowLen * coutG);
    for (let grp = 0; grp < G; grp++) {
      const dyg = G === 1 ? dyv : sliceCols(dyv, rows, cout, grp * coutG, coutG);
      acc.fill(0);
      for (let r0 = 0; r0 < rows; r0 += block) {
        const r1 = Math.min(rows, r0 + block);
        // dw's sum over rows is cut into one part per thread (a batch of GEMMs with K = rows
        // per part, zero-padded): M = rowLen and N = coutG are too small to share out
        const parts = Math.max(1, Math.min(gemm.threads, Math.floor((r1 - r0) / MIN_SPLIT_ROWS)));
        const k = Math.ceil((r1 - r0) / parts);
        const pairs = Array.from({ length: parts }, (_, t) => ({ a: t * k * rowLen, b: t * k * coutG }));
        const n0 = Math.floor(r0 / perImage);
        const xLen = (Math.ceil(r1 / perImage) - n0) * imageLen;
        const s = gemm.prepare(parts * k * rowLen, parts * k * coutG, pairs, rowLen, coutG, k, true, false, xLen);
        if (!s) return reference();
        const f = s.f32;
        f.set(xv.subarray(n0 * imageLen, n0 * imageLen + xLen), s.extra);
        im2col(g, f, cin, grp * cinG, cinG, r0, r1, f, s.a, s.extra - n0 * imageLen, copy);
        f.fill(0, s.a + (r1 - r0) * rowLen, s.a + parts * k * rowLen);
        f.set(dyg.subarray(r0 * coutG, r1 * coutG), s.b);
        f.fill(0, s.b + (r1 - r0) * coutG, s.b + parts * k * coutG);
        s.run();
        for (let t = 0; t < parts; t++) {
          const c = s.c + t * acc.length;
          for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + f[c + i]!;
        }
      }
      if (G === 1) dw.set(acc);
      else for (let i = 0; i < rowLen; i++) dw.set(acc.subarray(i * coutG, (i + 1) * coutG), i * cout + grp * coutG);
    }
    return [{ values: dw, shape, dtype: "float32" }];
  };
}
