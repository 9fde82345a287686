import { run1, runPrimitive } from "../../autodiff/engine.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { KerasTensor } from "../../tensor/kerasTensor.js";
import { castTo, toValue, type OpInput } from "../core/input.js";
import { fromChannelsLast } from "../primitives/conv.js";
import { checkAdamInputs, checkBias } from "../primitives/fused.js";
import { groupedConv, prepare, type Tuple } from "./convPrepare.js";

/**
 * The layers' fused hot path (not part of keras.ops): Dense and the Conv layers call these
 * when their activation is linear or relu and they have a bias, so that the bias add and the
 * activation cost no extra pass over memory and no extra buffer. Results equal the unfused
 * `activation(add(z, bias))` exactly.
 */

export type FusedActivation = "linear" | "relu";

/** `activation(z + bias)`, bias of shape `[n]` along z's last axis. */
export function biasActivation(z: Tensor, bias: OpInput, activation: FusedActivation): Tensor;
export function biasActivation(z: Tensor | KerasTensor, bias: OpInput, activation: FusedActivation): Tensor | KerasTensor;
export function biasActivation(z: Tensor | KerasTensor, bias: OpInput, activation: FusedActivation): Tensor | KerasTensor {
  const b = castTo(toValue(bias), z.dtype);
  checkBias("biasActivation", z, b);
  return run1("biasActivation", [z, b], { activation });
}

/** `activation(conv(inputs, kernel) + bias)`, with keras.ops.conv's arguments and checks. */
export function convBiasActivation(
  inputs: OpInput,
  kernel: OpInput,
  bias: OpInput,
  activation: FusedActivation,
  strides: Tuple = 1,
  padding = "valid",
  dataFormat: string | null = null,
  dilationRate: Tuple = 1,
): Tensor {
  const p = prepare("conv", inputs, kernel, strides, padding, dataFormat, dilationRate);
  const b = castTo(toValue(bias), p.x.dtype);
  checkBias("fusedConv", { shape: [p.w.shape[p.w.shape.length - 1] ?? null], dtype: p.x.dtype }, b);
  return fromChannelsLast(groupedConv("conv", p, p.w, "kernel's input channels", { bias: b, activation }), p.format) as Tensor;
}

/** Adam's scalars for one step (see `adamUpdate`). */
export interface AdamStep {
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * One Adam step in one pass: `[w', m', v']` from the variable, its two moments and the gradient
 * (float32 or float64, all of one dtype and shape); the same bits as Adam's op composition.
 */
export function adamUpdate(w: Tensor, m: Tensor, v: Tensor, g: Tensor, step: AdamStep): [Tensor, Tensor, Tensor] {
  checkAdamInputs([w, m, v, g]);
  return runPrimitive("adamUpdate", [w, m, v, g], { ...step }) as [Tensor, Tensor, Tensor];
}
