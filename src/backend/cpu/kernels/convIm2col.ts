import type { TypedArray } from "../../types.js";
import type { Geometry3 } from "./convGeometry.js";

/**
 * im2col / col2im over channels_last buffers with 3 (lifted) spatial dims.
 *
 * A "row" is one output position `(n, od, oh, ow)` in row-major order; its "column" vector
 * lists the window taps `(kd, kh, kw)` in row-major order, each with `cinG` channels, the
 * layout of a Keras kernel `(kd, kh, kw, cinG, cout)` read as a `[taps * cinG, cout]` matrix.
 * Taps that fall in the padding are zeros.
 *
 * Both walk the rows one output line `(n, od, oh)` at a time and, per window row `(kd, kh)`,
 * along the line's output columns, so the depth/height bounds are checked once per line and
 * window row. Along a line, the columns whose whole window row lies inside x need no checks:
 * they are strided runs (`StridedRuns`), one run per column and tap or, when the group has all
 * channels and the width dilation is 1, one contiguous run of `kw · cin` floats per column.
 *
 * col2im adds into any one x element in increasing row order (within a line only one window
 * row reaches a given x row, and columns go in order), exactly as a row-by-row loop would, so
 * its sums are the same bit for bit. That is why it uses strided runs for contiguous window
 * rows only: tap-by-tap runs along a line would visit the columns once per tap.
 */

/**
 * `count` runs of `len` floats, run i from `s + i·sStride` to `d + i·dStride` (indices into
 * the source and destination arrays given to im2col / col2im), run after run: im2col copies
 * them, col2im adds them. Callers may pass their own (e.g. a wasm vector loop over an arena
 * holding both arrays) doing the same float32 operations.
 */
export type StridedRuns = (s: number, sStride: number, d: number, dStride: number, count: number, len: number) => void;

/**
 * Fills `cols[colsOff + (r - r0) * taps * cinG + …]` for rows `r0 <= r < r1`, channels
 * `c0 … c0 + cinG` of x, read from `x[xOff + …]`. `x` and `cols` may be the same array (the
 * wasm arena), with disjoint regions. `copy` moves the window rows that lie inside x.
 */
export function im2col(
  g: Geometry3,
  x: TypedArray,
  cin: number,
  c0: number,
  cinG: number,
  r0: number,
  r1: number,
  cols: TypedArray,
  colsOff = 0,
  xOff = 0,
  copy: StridedRuns = (s, ss, d, ds, count, len) => {
    for (let i = 0; i < count; i++, s += ss, d += ds) copyRun(x, s, cols, d, len);
  },
): void {
  const { KW, IW, SW, DW, PW, rowLen, runLen, contiguous } = widthGeometry(g, cin, cinG);
  const [mid0, mid1] = interiorColumns(g);
  forEachWindowRow(g, r0, r1, runLen, colsOff, (xRow, d, owA, owB) => {
    if (xRow < 0) {
      // the window row is in the height/depth padding
      for (let ow = owA; ow < owB; ow++, d += rowLen) cols.fill(0, d, d + runLen);
      return;
    }
    const a = Math.min(Math.max(owA, mid0), owB);
    const b = Math.max(Math.min(owB, mid1), a);
    const edge = (ow: number): void => {
      const iw0 = ow * SW - PW;
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * DW;
        const dst = d + (ow - owA) * rowLen + kw * cinG;
        if (iw >= 0 && iw < IW) copyRun(x, xOff + (xRow + iw) * cin + c0, cols, dst, cinG);
        else cols.fill(0, dst, dst + cinG);
      }
    };
    for (let ow = owA; ow < a; ow++) edge(ow);
    if (a < b) {
      const s = xOff + (xRow + a * SW - PW) * cin + c0;
      const dst = d + (a - owA) * rowLen;
      if (contiguous) copy(s, SW * cin, dst, rowLen, b - a, runLen);
      else for (let kw = 0; kw < KW; kw++) copy(s + kw * DW * cin, SW * cin, dst + kw * cinG, rowLen, b - a, cinG);
    }
    for (let ow = b; ow < owB; ow++) edge(ow);
  });
}

/**
 * The adjoint of `im2col`: adds each entry of `cols[colsOff + …]` back into `dx[dxOff + …]`
 * (which may be the same array). `add` adds the contiguous window rows (all channels, width
 * dilation 1) that lie inside x.
 */
export function col2im(
  g: Geometry3,
  cols: TypedArray,
  cin: number,
  c0: number,
  cinG: number,
  r0: number,
  r1: number,
  dx: TypedArray,
  colsOff = 0,
  dxOff = 0,
  add: StridedRuns = (s, ss, d, ds, count, len) => {
    for (let i = 0; i < count; i++, s += ss, d += ds) addRun(cols, s, dx, d, len);
  },
): void {
  const { KW, IW, SW, DW, PW, rowLen, runLen, contiguous } = widthGeometry(g, cin, cinG);
  const [mid0, mid1] = contiguous ? interiorColumns(g) : [0, 0];
  forEachWindowRow(g, r0, r1, runLen, colsOff, (xRow, d, owA, owB) => {
    if (xRow < 0) return;
    // columns in order: runs of neighbouring columns overlap in dx
    const a = Math.min(Math.max(owA, mid0), owB);
    const b = Math.max(Math.min(owB, mid1), a);
    const edge = (ow: number): void => {
      const iw0 = ow * SW - PW;
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * DW;
        if (iw >= 0 && iw < IW) addRun(cols, d + (ow - owA) * rowLen + kw * cinG, dx, dxOff + (xRow + iw) * cin + c0, cinG);
      }
    };
    for (let ow = owA; ow < a; ow++) edge(ow);
    if (a < b) add(d + (a - owA) * rowLen, rowLen, dxOff + (xRow + a * SW - PW) * cin, SW * cin, b - a, runLen);
    for (let ow = b; ow < owB; ow++) edge(ow);
  });
}

/**
 * Runs from this length on are copied by the engine (memmove) rather than by a JS loop: for
 * conv2's runs of 96 floats `set` takes 0.4 ns a float, the loop 1.1.
 */
const LONG_RUN = 16;

/** dst[d … d + n) = src[s … s + n). */
function copyRun(src: TypedArray, s: number, dst: TypedArray, d: number, n: number): void {
  if (n < LONG_RUN) for (let i = 0; i < n; i++) dst[d + i] = src[s + i]!;
  else if (src === dst) dst.copyWithin(d, s, s + n);
  else dst.set(src.subarray(s, s + n), d);
}

/** dst[d … d + n) += src[s … s + n). */
function addRun(src: TypedArray, s: number, dst: TypedArray, d: number, n: number): void {
  for (let i = 0; i < n; i++) dst[d + i] += src[s + i]!;
}

/** The output columns `[lo, hi)` whose whole window row lies inside x along the width. */
function interiorColumns(g: Geometry3): [number, number] {
  const S = g.stride[2];
  const P = g.pad[2];
  const last = (g.k[2] - 1) * g.dilation[2];
  const lo = Math.max(0, Math.ceil(P / S));
  const hi = Math.min(g.out[2], Math.floor((g.in[2] - 1 - last + P) / S) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * What im2col and col2im need along the width axis: kernel, input, stride, dilation and pad
 * widths, the matrix row length, one window row's run of `kw · cinG` floats, and whether that
 * run is contiguous in x (all channels, no width dilation).
 */
function widthGeometry(g: Geometry3, cin: number, cinG: number) {
  const KW = g.k[2];
  const DW = g.dilation[2];
  const runLen = KW * cinG;
  return { KW, IW: g.in[2], SW: g.stride[2], DW, PW: g.pad[2], rowLen: g.k[0] * g.k[1] * runLen, runLen, contiguous: DW === 1 && cinG === cin };
}

/**
 * Calls `visit(xRow, d, owA, owB)` for each output line segment of rows `r0 … r1` and each
 * window row `(kd, kh)`, in row-major order: `xRow` is the flat spatial index of x at
 * `(n, id, ih, 0)`, or -1 when the window row falls in the padding; `d` is the offset (from
 * `colsOff`) of the window row's first tap at column `owA` in the column buffer; the segment
 * covers columns `owA … owB`.
 */
function forEachWindowRow(
  g: Geometry3,
  r0: number,
  r1: number,
  runLen: number,
  colsOff: number,
  visit: (xRow: number, d: number, owA: number, owB: number) => void,
): void {
  const [ID, IH, IW] = g.in;
  const [OD, OH, OW] = g.out;
  const [KD, KH] = g.k;
  const [SD, SH] = g.stride;
  const [DD, DH] = g.dilation;
  const [PD, PH] = g.pad;
  const rowLen = KD * KH * runLen;
  for (let r = r0; r < r1; ) {
    const owA = r % OW;
    let rem = (r - owA) / OW;
    const oh = rem % OH;
    rem = (rem - oh) / OH;
    const od = rem % OD;
    const n = (rem - od) / OD;
    const owB = Math.min(OW, owA + (r1 - r));
    let d = colsOff + (r - r0) * rowLen;
    for (let kd = 0; kd < KD; kd++) {
      const id = od * SD + kd * DD - PD;
      const dOk = id >= 0 && id < ID;
      for (let kh = 0; kh < KH; kh++, d += runLen) {
        const ih = oh * SH + kh * DH - PH;
        visit(dOk && ih >= 0 && ih < IH ? ((n * ID + id) * IH + ih) * IW : -1, d, owA, owB);
      }
    }
    r += owB - owA;
  }
}
