/**
 * Window geometry shared by the conv and pool kernels. Everything is channels_last
 * (`[batch, ...spatial, channels]`) with 1 to 3 spatial dims, lifted to exactly 3 by
 * prepending size-1 dims, so that the kernels have a fixed loop depth.
 */

import { padsFor, windowOutSize, type ConvAttrs, type ConvBackpropFilterAttrs, type ConvBackpropInputAttrs, type PaddingSpec } from "../../window.js";

export { padsFor, windowOutSize, type PaddingSpec } from "../../window.js";

/** A window op's geometry lifted to 3 spatial dims (index 0 = depth, 1 = height, 2 = width). */
export interface Geometry3 {
  batch: number;
  /** input spatial size */
  in: [number, number, number];
  /** output spatial size */
  out: [number, number, number];
  /** window size */
  k: [number, number, number];
  stride: [number, number, number];
  dilation: [number, number, number];
  /** pad before (input index = out * stride + tap * dilation - padBefore) */
  pad: [number, number, number];
}

function lift(v: readonly number[], fill: number): [number, number, number] {
  const out: [number, number, number] = [fill, fill, fill];
  for (let i = 0; i < v.length; i++) out[3 - v.length + i] = v[i]!;
  return out;
}

/**
 * The geometry of a window op over `inSpatial`. When `outSpatial` is given (transposed
 * convolutions, gradients) it is used as is; otherwise it follows from the padding.
 */
export function geometry(
  batch: number,
  inSpatial: readonly number[],
  kSpatial: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
  padding: PaddingSpec,
  outSpatial?: readonly number[],
): Geometry3 {
  const nd = inSpatial.length;
  const pad: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < nd; i++) {
    const [b, a] = padsFor(inSpatial[i]!, kSpatial[i]!, strides[i]!, dilations[i]!, padding, i);
    pad.push(b);
    out.push(outSpatial ? outSpatial[i]! : windowOutSize(inSpatial[i]!, kSpatial[i]!, strides[i]!, dilations[i]!, b, a));
  }
  return {
    batch,
    in: lift(inSpatial, 1),
    out: lift(out, 1),
    k: lift(kSpatial, 1),
    stride: lift(strides, 1),
    dilation: lift(dilations, 1),
    pad: lift(pad, 0),
  };
}

/** What a conv kernel needs to know before computing: the geometry and the GEMM sizes. */
export interface ConvPlan {
  g: Geometry3;
  nd: number;
  kSize: readonly number[];
  cin: number;
  cinG: number;
  cout: number;
  coutG: number;
  groups: number;
  /** im2col rows: batch × output (or, for backprop input, dy) positions. */
  rows: number;
  /** im2col row length: taps × input channels per group. */
  rowLen: number;
  /** The shape of the kernel's result. */
  outShape: number[];
}

const prod = (v: readonly number[]): number => v.reduce((a, b) => a * b, 1);

/** conv(x, w): x (n, ...spatial, cin), w (...k, cin/groups, cout) → y (n, ...out, cout). */
export function convPlan(xShape: readonly number[], wShape: readonly number[], attrs: ConvAttrs): ConvPlan {
  const nd = xShape.length - 2;
  const kSize = wShape.slice(0, nd);
  const cinG = wShape[nd]!;
  const cout = wShape[nd + 1]!;
  const g = geometry(xShape[0]!, xShape.slice(1, nd + 1), kSize, attrs.strides, attrs.dilations, attrs.padding);
  return {
    g,
    nd,
    kSize,
    cin: xShape[nd + 1]!,
    cinG,
    cout,
    coutG: cout / attrs.groups,
    groups: attrs.groups,
    rows: g.batch * prod(g.out),
    rowLen: prod(kSize) * cinG,
    outShape: [g.batch, ...g.out.slice(3 - nd), cout],
  };
}

/** convBackpropInput(dy, w): the scatter of dy through w back to x's shape (n, ...xSpatial, cin). */
export function convBackpropInputPlan(dyShape: readonly number[], wShape: readonly number[], attrs: ConvBackpropInputAttrs): ConvPlan {
  const nd = dyShape.length - 2;
  const ySpatial = dyShape.slice(1, nd + 1);
  const kSize = wShape.slice(0, nd);
  const cinG = wShape[nd]!;
  const cout = wShape[nd + 1]!;
  const xSpatial = ySpatial.map((i, d) =>
    Math.max((i - 1) * attrs.strides[d]! + (kSize[d]! - 1) * attrs.dilations[d]! + 1 - attrs.crops[d]![0] - attrs.crops[d]![1], 0),
  );
  const padding = attrs.crops.map(([b]) => [b, 0] as const);
  const g = geometry(dyShape[0]!, xSpatial, kSize, attrs.strides, attrs.dilations, padding, ySpatial);
  const cin = cinG * attrs.groups;
  return {
    g,
    nd,
    kSize,
    cin,
    cinG,
    cout,
    coutG: cout / attrs.groups,
    groups: attrs.groups,
    rows: g.batch * prod(ySpatial),
    rowLen: prod(kSize) * cinG,
    outShape: [g.batch, ...xSpatial, cin],
  };
}

/** convBackpropFilter(x, dy): dw of shape (...k, cin/groups, cout). */
export function convBackpropFilterPlan(xShape: readonly number[], dyShape: readonly number[], attrs: ConvBackpropFilterAttrs): ConvPlan {
  const nd = xShape.length - 2;
  const cin = xShape[nd + 1]!;
  const cout = dyShape[nd + 1]!;
  const cinG = cin / attrs.groups;
  const kSize = attrs.kernelSize;
  const padding = attrs.padBefore.map((b) => [b, 0] as const);
  const g = geometry(xShape[0]!, xShape.slice(1, nd + 1), kSize, attrs.strides, attrs.dilations, padding, dyShape.slice(1, nd + 1));
  return {
    g,
    nd,
    kSize,
    cin,
    cinG,
    cout,
    coutG: cout / attrs.groups,
    groups: attrs.groups,
    rows: g.batch * prod(g.out),
    rowLen: prod(kSize) * cinG,
    outShape: [...kSize, cinG, cout],
  };
}
