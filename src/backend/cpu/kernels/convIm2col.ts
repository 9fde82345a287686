import type { TypedArray } from "../../types.js";
import type { Geometry3 } from "./convGeometry.js";

/**
 * im2col / col2im over channels_last buffers with 3 (lifted) spatial dims.
 *
 * A "row" is one output position `(n, od, oh, ow)` in row-major order; its "column" vector
 * lists the window taps `(kd, kh, kw)` in row-major order, each with `cinG` channels, the
 * layout of a Keras kernel `(kd, kh, kw, cinG, cout)` read as a `[taps * cinG, cout]` matrix.
 * Taps that fall in the padding are zeros.
 */

/** Fills `cols[(r - r0) * taps * cinG + …]` for rows `r0 <= r < r1`, channels `c0 … c0 + cinG` of `x`. */
export function im2col(g: Geometry3, x: TypedArray, cin: number, c0: number, cinG: number, r0: number, r1: number, cols: TypedArray): void {
  const t = taps(g, r0, r1, cinG);
  for (let i = 0; i < t.length; i += 2) {
    const colIdx = t[i]!;
    const xIdx = t[i + 1]!;
    if (xIdx < 0) cols.fill(0, colIdx, colIdx + cinG);
    else {
      const src = xIdx * cin + c0;
      for (let c = 0; c < cinG; c++) cols[colIdx + c] = x[src + c]!;
    }
  }
}

/** The adjoint of `im2col`: adds each column entry back into `dx`. */
export function col2im(g: Geometry3, cols: TypedArray, cin: number, c0: number, cinG: number, r0: number, r1: number, dx: TypedArray): void {
  const t = taps(g, r0, r1, cinG);
  for (let i = 0; i < t.length; i += 2) {
    const xIdx = t[i + 1]!;
    if (xIdx < 0) continue;
    const colIdx = t[i]!;
    const dst = xIdx * cin + c0;
    for (let c = 0; c < cinG; c++) dx[dst + c] += cols[colIdx + c]!;
  }
}

let scratch = new Int32Array(0);

/**
 * Lists every (row, tap) pair of rows `r0 … r1` as two numbers: the offset of its `cinG`
 * entries in the column buffer, and its spatial position in x (flat over batch and spatial
 * dims), or -1 when the tap falls in the padding. The list is reused between calls.
 */
function taps(g: Geometry3, r0: number, r1: number, cinG: number): Int32Array {
  const [ID, IH, IW] = g.in;
  const [OD, OH, OW] = g.out;
  const [KD, KH, KW] = g.k;
  const [SD, SH, SW] = g.stride;
  const [DD, DH, DW] = g.dilation;
  const [PD, PH, PW] = g.pad;
  const n2 = 2 * (r1 - r0) * KD * KH * KW;
  if (scratch.length < n2) scratch = new Int32Array(n2);
  const out = scratch;
  let p = 0;
  let colIdx = 0;
  for (let r = r0; r < r1; r++) {
    let rem = r;
    const ow = rem % OW;
    rem = (rem - ow) / OW;
    const oh = rem % OH;
    rem = (rem - oh) / OH;
    const od = rem % OD;
    const n = (rem - od) / OD;
    for (let kd = 0; kd < KD; kd++) {
      const id = od * SD + kd * DD - PD;
      const dOk = id >= 0 && id < ID;
      for (let kh = 0; kh < KH; kh++) {
        const ih = oh * SH + kh * DH - PH;
        const hOk = dOk && ih >= 0 && ih < IH;
        const xRow = ((n * ID + id) * IH + ih) * IW;
        for (let kw = 0; kw < KW; kw++) {
          const iw = ow * SW + kw * DW - PW;
          out[p++] = colIdx;
          out[p++] = hOk && iw >= 0 && iw < IW ? xRow + iw : -1;
          colIdx += cinG;
        }
      }
    }
  }
  return out.subarray(0, n2);
}
