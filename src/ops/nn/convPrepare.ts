import { run1 } from "../../autodiff/engine.js";
import { isFloat, upcast } from "../../backend/dtypes.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { castTo, toValue, type OpInput, type Value } from "../core/input.js";
import {
  effectiveSize,
  normalizeDataFormat,
  normalizePaddingArg,
  normalizeTuple,
  spatialRank,
  toChannelsLast,
  type DataFormat,
} from "../primitives/conv.js";

/**
 * Argument checking shared by the convolution ops (ops/nn/conv.ts) and the layers' fused
 * conv + bias + activation (ops/nn/fused.ts): both validate the same way and say the same.
 */

export type Tuple = number | readonly number[];

/** The window arguments after validation, with inputs moved to channels_last. */
export interface Prepared {
  x: Value;
  w: Value;
  nd: number;
  format: DataFormat;
  strides: number[];
  dilations: number[];
  padding: "valid" | "same";
  /** For messages: what the user passed. */
  received: string;
}

export function prepare(
  op: string,
  inputs: OpInput,
  kernel: OpInput,
  strides: Tuple,
  padding: string,
  dataFormat: string | null | undefined,
  dilationRate: Tuple,
  kernelName = "kernel",
): Prepared {
  let x = toValue(inputs);
  let w = toValue(kernel);
  let dtype = upcast(x.dtype, w.dtype);
  if (!isFloat(dtype)) dtype = "float32";
  x = castTo(x, dtype);
  w = castTo(w, dtype);
  const nd = spatialRank(x.shape, op);
  const format = normalizeDataFormat(dataFormat, op);
  const received = `received inputs of shape ${formatShape(x.shape)} and ${kernelName} of shape ${formatShape(w.shape)}, data_format='${format}'`;
  if (w.shape.length !== nd + 2) {
    throw new ValueError(
      `${op}: the ${kernelName} must have rank ${nd + 2} (${nd} spatial dims, then input and output channels) for inputs of rank ${nd + 2}, but ${received}.`,
    );
  }
  return {
    x: toChannelsLast(x, format),
    w,
    nd,
    format,
    strides: normalizeTuple(strides, nd, "strides", op),
    dilations: normalizeTuple(dilationRate, nd, "dilationRate", op),
    padding: normalizePaddingArg(padding, op),
    received,
  };
}

/** Rejects windows larger than the (known) input with "valid" padding. */
function checkWindowFits(op: string, p: Prepared, kSpatial: readonly (number | null)[]): void {
  if (p.padding !== "valid") return;
  const xs = p.x.shape.slice(1, -1);
  for (let i = 0; i < p.nd; i++) {
    const size = xs[i];
    const k = kSpatial[i];
    if (size === null || size === undefined || k === null || k === undefined) continue;
    const keff = effectiveSize(k, p.dilations[i]!);
    if (keff > size) {
      const dil = p.dilations.some((d) => d !== 1) ? ` (${keff} with dilation ${p.dilations[i]})` : "";
      throw new ValueError(
        `${op}: the kernel is larger than the input along spatial dim ${i}: kernel size ${k}${dil} > input size ${size}, with padding='valid' (${p.received}). Use padding='same' or a smaller kernel.`,
      );
    }
  }
}

/** A bias and activation applied in the same kernel as the convolution. */
export interface GroupedConvFusion {
  bias: Value;
  activation: "linear" | "relu";
}

/** The grouped conv on channels_last values, with channel checks (fused with a bias + activation when given). */
export function groupedConv(op: string, p: Prepared, w: Value, kernelInName: string, fused?: GroupedConvFusion): Value {
  const cin = p.x.shape[p.nd + 1] ?? null;
  const kin = w.shape[p.nd] ?? null;
  const cout = w.shape[p.nd + 1] ?? null;
  let groups = 1;
  if (cin !== null && kin !== null) {
    if (kin === 0 || cin % kin !== 0) {
      throw new ValueError(
        `${op}: the number of input channels (${cin}) must be equal to, or a multiple of (grouped convolution), the ${kernelInName} (${kin}); ${p.received}.`,
      );
    }
    groups = cin / kin;
    if (cout !== null && cout % groups !== 0) {
      throw new ValueError(
        `${op}: with ${groups} groups (${cin} input channels / ${kin} kernel input channels), the kernel's output channels (${cout}) must be a multiple of ${groups}; ${p.received}.`,
      );
    }
  }
  checkWindowFits(op, p, w.shape.slice(0, p.nd));
  const attrs = { strides: p.strides, dilations: p.dilations, padding: p.padding, groups };
  if (fused) return run1("fusedConv", [p.x, w, fused.bias], { ...attrs, activation: fused.activation });
  return run1("conv", [p.x, w], attrs);
}
