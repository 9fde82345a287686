import { definePrimitive, run1, type Spec } from "../../autodiff/engine.js";
import type { ConvAttrs } from "../../backend/window.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { convGrads, convOutputSpec } from "./conv.js";

/**
 * Fused primitives for the layers' hot path: one kernel (one pass, one buffer) where the
 * composition would run several. Each equals a composition of other primitives exactly, and
 * its gradient is written with primitives, so it is differentiable again.
 *
 * - `reluGrad(dy, y)`: `where(y > 0, dy, 0)`, relu's VJP read from relu's output;
 * - `biasActivation(z, b)`: `act(z + b)` with `b` of shape `[n]` along z's last axis;
 * - `fusedConv(x, w, b)`: `biasActivation(conv(x, w), b)` (the Conv layers' call);
 * - `adamUpdate(w, m, v, g)`: one Adam step, `[w', m', v']` (no gradient: optimizers run
 *   outside the tape).
 *
 * `act` (attr `activation`) is `"linear"` or `"relu"`.
 */

export type FusedActivation = "linear" | "relu";

export interface FusedConvAttrs extends ConvAttrs {
  activation: FusedActivation;
}

definePrimitive({
  name: "reluGrad",
  outputSpecs: ([dy]: readonly Spec[]) => [{ shape: dy!.shape, dtype: dy!.dtype }],
  // linear in dy; y only selects (zero derivative almost everywhere)
  grad: ([g], [, y]) => [run1("reluGrad", [g!, y!]), null],
});

/** The cotangent of act's input from act's output `y`. */
function activationGrad(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
  return activation === "relu" ? run1("reluGrad", [dy, y]) : dy;
}

/** The bias cotangent: dz summed over every axis but the last. */
function biasGrad(dz: Tensor): Tensor {
  const axes = dz.shape.slice(0, -1).map((_, i) => i);
  return axes.length ? run1("sum", [dz], { axes, keepdims: false }) : dz;
}

/** Throws unless `b` has shape `[n]` for the last axis `n` of `z`. */
export function checkBias(op: string, z: Spec, b: Spec): void {
  const n = z.shape[z.shape.length - 1];
  if (b.shape.length !== 1 || (n !== null && n !== undefined && b.shape[0] !== null && b.shape[0] !== n)) {
    throw new ValueError(`${op}: the bias must have shape (${n ?? "None"},) to match the last axis of an input of shape ${formatShape(z.shape)}, but it has shape ${formatShape(b.shape)}.`);
  }
}

definePrimitive<{ activation: FusedActivation }>({
  name: "biasActivation",
  outputSpecs: ([z, b]) => {
    checkBias("biasActivation", z!, b!);
    return [{ shape: z!.shape, dtype: z!.dtype }];
  },
  grad: ([dy], _inputs, [y], a, needs) => {
    const dz = activationGrad(dy!, y!, a.activation);
    return [dz, needs[1] === false ? null : biasGrad(dz)];
  },
});

definePrimitive<FusedConvAttrs>({
  name: "fusedConv",
  outputSpecs: ([x, w, b], a) => {
    const spec = convOutputSpec(x!, w!, a);
    checkBias("fusedConv", spec, b!);
    return [spec];
  },
  grad: ([dy], [x, w], [y], a, needs) => {
    const dz = activationGrad(dy!, y!, a.activation);
    const [dx, dw] = convGrads(dz, x!, w!, a, needs);
    return [dx, dw, needs[2] === false ? null : biasGrad(dz)];
  },
});

definePrimitive({
  name: "adamUpdate",
  outputSpecs: (inputs: readonly Spec[]) => {
    checkAdamInputs(inputs);
    const w = inputs[0]!;
    return [w, w, w].map((s) => ({ shape: s.shape, dtype: s.dtype }));
  },
});

/** Throws unless the moments and the gradient have the variable's shape and dtype. */
export function checkAdamInputs([w, m, v, g]: readonly Spec[]): void {
  for (const [name, t] of [["m", m], ["v", v], ["g", g]] as const) {
    if (t!.shape.length !== w!.shape.length || t!.shape.some((d, i) => d !== w!.shape[i]) || t!.dtype !== w!.dtype) {
      throw new ValueError(`adamUpdate: ${name} has shape ${formatShape(t!.shape)} (${t!.dtype}), but the variable has shape ${formatShape(w!.shape)} (${w!.dtype}).`);
    }
  }
}
