import { definePrimitive, isRecording, run1, runPrimitive, type Spec } from "../../autodiff/engine.js";
import type { SymbolicShape } from "../../tensor/kerasTensor.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import "./elementwise.js";
import { add, mul, scalar, sub } from "./helpers.js";
import "./manipulation.js";
import "./reduce.js";

/**
 * The fused LSTM step (tanh / sigmoid activations, Keras 3 gate order i, f, c, o):
 * `lstmStep(zx, hu, bias, cPrev) → [h, c]` with z = zx + hu + bias of shape (batch, 4·units),
 *   c = σ(z_f)·cPrev + σ(z_i)·tanh(z_c),  h = σ(z_o)·tanh(c).
 * One kernel instead of a dozen elementwise ops per time step. Its gradient is a second fused
 * primitive, `lstmStepGrad(zx, hu, bias, cPrev, c, dh, dc) → [dz, dcPrev, dBias]`; that one has
 * no gradient rule, so under an outer tape (gradients of gradients) the rule is written with ops.
 */

function sameDim(a: number | null | undefined, b: number | null | undefined): boolean {
  return a === null || a === undefined || b === null || b === undefined || a === b;
}

/** Checks (batch, 4·units) ×2, (4·units,) and (batch, units) ×k; returns the (batch, units) shape. */
function stepShape(op: string, gates: readonly Spec[], bias: Spec, states: readonly Spec[]): SymbolicShape {
  const s = states[0]!.shape;
  const shapes = [...gates, bias, ...states].map((x) => formatShape(x.shape)).join(", ");
  const bad = () =>
    new ValueError(`${op}: expected gate inputs of shape (batch, 4·units), a bias of shape (4·units,) and states of shape (batch, units), but received shapes ${shapes}.`);
  if (s.length !== 2) throw bad();
  const width = s[1] === null || s[1] === undefined ? null : 4 * s[1];
  for (const g of gates) if (g.shape.length !== 2 || !sameDim(g.shape[0], s[0]) || !sameDim(g.shape[1], width)) throw bad();
  if (bias.shape.length !== 1 || !sameDim(bias.shape[0], width)) throw bad();
  for (const x of states) if (x.shape.length !== 2 || !sameDim(x.shape[0], s[0]) || !sameDim(x.shape[1], s[1])) throw bad();
  const dtypes = new Set([...gates, bias, ...states].map((x) => x.dtype));
  if (dtypes.size !== 1) throw new ValueError(`${op}: all inputs must have the same dtype, but received ${[...dtypes].join(", ")}.`);
  return s;
}

const sigmoid = (x: Tensor): Tensor => run1("sigmoid", [x]);
const tanh = (x: Tensor): Tensor => run1("tanh", [x]);

/** The step's gradient written with differentiable ops (used only under an outer tape). */
function composedGrad(zx: Tensor, hu: Tensor, bias: Tensor, cPrev: Tensor, c: Tensor, dh: Tensor, dcIn: Tensor): [Tensor, Tensor, Tensor] {
  const units = cPrev.shape[1]!;
  const [zi, zf, zc, zo] = runPrimitive("split", [add(add(zx, hu), bias)], { axis: 1, sizes: [units, units, units, units] }) as Tensor[];
  const one = scalar(1, zx.dtype);
  const i = sigmoid(zi!);
  const f = sigmoid(zf!);
  const g = tanh(zc!);
  const o = sigmoid(zo!);
  const tc = tanh(c);
  const dc = add(dcIn, mul(mul(dh, o), sub(one, mul(tc, tc))));
  const dsig = (s: Tensor) => mul(s, sub(one, s));
  const parts = [mul(mul(dc, g), dsig(i)), mul(mul(dc, cPrev), dsig(f)), mul(mul(dc, i), sub(one, mul(g, g))), mul(mul(dh, tc), dsig(o))];
  const dz = run1("concatenate", parts, { axis: 1 });
  return [dz, mul(dc, f), run1("sum", [dz], { axes: [0], keepdims: false })];
}

definePrimitive({
  name: "lstmStep",
  outputSpecs: ([zx, hu, bias, cPrev]: readonly Spec[]) => {
    const shape = stepShape("lstmStep", [zx!, hu!], bias!, [cPrev!]);
    return [
      { shape, dtype: cPrev!.dtype },
      { shape, dtype: cPrev!.dtype },
    ];
  },
  grad: ([dh, dc], [zx, hu, bias, cPrev], [, c]) => {
    const [dz, dcPrev, dBias] = isRecording()
      ? composedGrad(zx!, hu!, bias!, cPrev!, c!, dh!, dc!)
      : (runPrimitive("lstmStepGrad", [zx!, hu!, bias!, cPrev!, c!, dh!, dc!]) as [Tensor, Tensor, Tensor]);
    return [dz, dz, dBias, dcPrev];
  },
});

definePrimitive({
  name: "lstmStepGrad",
  outputSpecs: ([zx, hu, bias, cPrev, c, dh, dc]: readonly Spec[]) => {
    stepShape("lstmStepGrad", [zx!, hu!], bias!, [cPrev!, c!, dh!, dc!]);
    return [
      { shape: zx!.shape, dtype: zx!.dtype },
      { shape: cPrev!.shape, dtype: cPrev!.dtype },
      { shape: bias!.shape, dtype: bias!.dtype },
    ];
  },
});
