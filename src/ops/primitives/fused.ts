import { definePrimitive, run1, runPrimitive, type Spec } from "../../autodiff/engine.js";
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
 * - `biasActivationGrad(dy, y)`: `[act'(dy), its sum over all axes but the last]`, the
 *   cotangents of z and b in one pass (the backward of the two above);
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

/** The cotangents of act's input and of the bias, `[dz, db]` (db null when not needed). */
function activationAndBiasGrads(dy: Tensor, y: Tensor, activation: FusedActivation, needBias: boolean): [Tensor, Tensor | null] {
  if (!needBias) return [activationGrad(dy, y, activation), null];
  const [dz, db] = runPrimitive("biasActivationGrad", [dy, y], { activation }) as [Tensor, Tensor];
  return [dz, db];
}

definePrimitive<{ activation: FusedActivation }>({
  name: "biasActivationGrad",
  outputSpecs: ([dy]) => [
    { shape: dy!.shape, dtype: dy!.dtype },
    { shape: [dy!.shape[dy!.shape.length - 1] ?? null], dtype: dy!.dtype },
  ],
  // both outputs are linear in dy: dz = act'(dy), db = Σ dz; y only selects
  grad: ([gdz, gdb], [dy, y], _outputs, a) => {
    const g = run1("add", [gdz!, run1("broadcastTo", [gdb!], { shape: dy!.shape })]);
    return [activationGrad(g, y!, a.activation), null];
  },
});

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
  grad: ([dy], _inputs, [y], a, needs) => activationAndBiasGrads(dy!, y!, a.activation, needs[1] !== false),
});

definePrimitive<FusedConvAttrs>({
  name: "fusedConv",
  outputSpecs: ([x, w, b], a) => {
    const spec = convOutputSpec(x!, w!, a);
    checkBias("fusedConv", spec, b!);
    return [spec];
  },
  grad: ([dy], [x, w], [y], a, needs) => {
    const [dz, db] = activationAndBiasGrads(dy!, y!, a.activation, needs[2] !== false);
    const [dx, dw] = convGrads(dz, x!, w!, a, needs);
    return [dx, dw, db];
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
