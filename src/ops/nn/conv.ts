import { run1 } from "../../autodiff/engine.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { castTo, toValue, type OpInput, type Value } from "../core/input.js";
import { effectiveSize, fromChannelsLast, normalizeTuple } from "../primitives/conv.js";
import { groupedConv, prepare, type Prepared, type Tuple } from "./convPrepare.js";

/**
 * Convolutions (keras.ops.conv, convTranspose, depthwiseConv, separableConv) over 1 to 3
 * spatial dims, in either data format. They run channels_last internally; "same" padding
 * follows TensorFlow (the odd padded cell goes at the end).
 */

/**
 * General N-D convolution (keras.ops.conv).
 *
 * @param inputs `(batch, ...spatial, channels)` (or `(batch, channels, ...spatial)` for
 *   channels_first), with 1 to 3 spatial dims.
 * @param kernel `(...kernelSize, inChannels / groups, outChannels)`; when the input has a
 *   multiple of the kernel's input channels, the convolution is grouped.
 * @param strides int or one per spatial dim (default 1).
 * @param padding `"valid"` (default) or `"same"` (TensorFlow-style, extra padding at the end).
 * @param dataFormat `"channels_last"` (default, also for null) or `"channels_first"`.
 * @param dilationRate int or one per spatial dim (default 1).
 *
 * ```ts
 * const y = keras.ops.conv(keras.ops.ones([2, 28, 28, 3]), keras.ops.ones([3, 3, 3, 8]), 1, "same");
 * y.shape; // [2, 28, 28, 8]
 * ```
 */
export function conv(
  inputs: OpInput,
  kernel: OpInput,
  strides: Tuple = 1,
  padding = "valid",
  dataFormat: string | null = null,
  dilationRate: Tuple = 1,
): Tensor {
  const p = prepare("conv", inputs, kernel, strides, padding, dataFormat, dilationRate);
  return fromChannelsLast(groupedConv("conv", p, p.w, "kernel's input channels"), p.format) as Tensor;
}

/**
 * Depthwise convolution (keras.ops.depthwise_conv): each input channel is convolved with its
 * own `depthMultiplier` filters; output channel `c * depthMultiplier + m`.
 *
 * @param kernel `(...kernelSize, inChannels, depthMultiplier)`.
 */
export function depthwiseConv(
  inputs: OpInput,
  kernel: OpInput,
  strides: Tuple = 1,
  padding = "valid",
  dataFormat: string | null = null,
  dilationRate: Tuple = 1,
): Tensor {
  const p = prepare("depthwiseConv", inputs, kernel, strides, padding, dataFormat, dilationRate);
  return fromChannelsLast(depthwise("depthwiseConv", p), p.format) as Tensor;
}

function depthwise(op: string, p: Prepared): Value {
  const cin = p.x.shape[p.nd + 1] ?? null;
  const kin = p.w.shape[p.nd] ?? null;
  const mult = p.w.shape[p.nd + 1] ?? null;
  if (cin !== null && kin !== null && cin !== kin) {
    throw new ValueError(`${op}: the number of input channels (${cin}) must equal the depthwise kernel's input channels (${kin}); ${p.received}.`);
  }
  const channels = kin ?? cin;
  // (…k, C, M) → (…k, 1, C·M): output channel c·M + m is group c's m-th filter
  const w = run1("reshape", [p.w], { shape: [...p.w.shape.slice(0, p.nd), 1, channels === null || mult === null ? null : channels * mult] });
  return groupedConv(op, p, w, "depthwise kernel's input channels");
}

/**
 * Separable convolution (keras.ops.separable_conv): a depthwise convolution followed by a
 * pointwise (1×…×1) convolution.
 *
 * @param depthwiseKernel `(...kernelSize, inChannels, depthMultiplier)`.
 * @param pointwiseKernel `(1, …, 1, inChannels * depthMultiplier, outChannels)`.
 */
export function separableConv(
  inputs: OpInput,
  depthwiseKernel: OpInput,
  pointwiseKernel: OpInput,
  strides: Tuple = 1,
  padding = "valid",
  dataFormat: string | null = null,
  dilationRate: Tuple = 1,
): Tensor {
  const op = "separableConv";
  const p = prepare(op, inputs, depthwiseKernel, strides, padding, dataFormat, dilationRate, "depthwise kernel");
  const depth = depthwise(op, p);
  const q = prepare(op, depth, castTo(toValue(pointwiseKernel), p.x.dtype), 1, "valid", "channels_last", 1, "pointwise kernel");
  const ones = q.w.shape.slice(0, q.nd);
  if (ones.some((k) => k !== null && k !== 1)) {
    throw new ValueError(`${op}: the pointwise kernel must have spatial size 1 in every dim, but received pointwise kernel of shape ${formatShape(q.w.shape)}.`);
  }
  return fromChannelsLast(groupedConv(op, q, q.w, "pointwise kernel's input channels"), p.format) as Tensor;
}

/**
 * Transposed convolution (keras.ops.conv_transpose), the gradient of `conv` w.r.t. its input.
 *
 * @param kernel `(...kernelSize, outChannels, inChannels)`.
 * @param outputPadding int, one per spatial dim, or null: extra cells at the end of each
 *   output dim. With null, the output size is `(in - 1) * stride + max(keff, stride)` for
 *   "valid" and `in * stride` for "same"; otherwise `(in - 1) * stride + keff + outputPadding`
 *   ("valid") or `(in - 1) * stride + keff % 2 + outputPadding` ("same"), like Keras.
 */
export function convTranspose(
  inputs: OpInput,
  kernel: OpInput,
  strides: Tuple = 1,
  padding = "valid",
  outputPadding: Tuple | null = null,
  dataFormat: string | null = null,
  dilationRate: Tuple = 1,
): Tensor {
  const op = "convTranspose";
  const p = prepare(op, inputs, kernel, strides, padding, dataFormat, dilationRate);
  const cin = p.x.shape[p.nd + 1] ?? null;
  const kin = p.w.shape[p.nd + 1] ?? null;
  if (cin !== null && kin !== null && cin !== kin) {
    throw new ValueError(
      `${op}: the number of input channels (${cin}) must equal the kernel's input channels (its last dim, ${kin}; the layout is (...kernelSize, outChannels, inChannels)); ${p.received}.`,
    );
  }
  const outPad = outputPadding === null ? null : normalizeTuple(outputPadding, p.nd, "outputPadding", op, 0);
  const crops: [number, number][] = [];
  for (let i = 0; i < p.nd; i++) {
    const k = p.w.shape[i];
    if (k === null || k === undefined) throw new ValueError(`${op}: the kernel's spatial size must be known; ${p.received}.`);
    const keff = effectiveSize(k, p.dilations[i]!);
    const s = p.strides[i]!;
    const op_ = outPad ? outPad[i]! : null;
    // Keras's padding of the stride-dilated input (backend_utils), as crops of the full scatter
    let left: number;
    let right: number;
    if (p.padding === "valid") {
      left = keff - 1;
      right = keff - 1 + (op_ ?? Math.max(keff, s) - keff);
    } else {
      const padLen = op_ === null ? s + keff - 2 : keff + (keff % 2) - 2 + op_;
      left = Math.min(Math.floor(padLen / 2) + (padLen % 2), keff - 1);
      right = padLen - left;
    }
    crops.push([keff - 1 - left, keff - 1 - right]);
    const size = p.x.shape[i + 1] ?? null;
    if (size !== null && (size - 1) * s + keff - crops[i]![0] - crops[i]![1] <= 0) {
      throw new ValueError(`${op}: the output would be empty along spatial dim ${i}; ${p.received}.`);
    }
  }
  const y = run1("convBackpropInput", [p.x, p.w], { strides: p.strides, dilations: p.dilations, crops, groups: 1 });
  return fromChannelsLast(y, p.format) as Tensor;
}
