import { getPrimitive, runPrimitive } from "../../autodiff/engine.js";
import { isFloat, upcast } from "../../backend/dtypes.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { castTo, toValue, type OpInput } from "../core/input.js";
import "../primitives/rnn.js";

/**
 * One LSTM time step with tanh / sigmoid activations (Keras 3 gate order i, f, c, o), fused into
 * one kernel. The gate pre-activations are z = zx + hu + bias: `zx` (batch, 4·units) is
 * typically `x·kernel`, `hu` (batch, 4·units) `h·recurrent_kernel`, `bias` (4·units,); `cPrev`
 * is the cell state (batch, units). Returns `[h, c]`: c = σ(z_f)·cPrev + σ(z_i)·tanh(z_c),
 * h = σ(z_o)·tanh(c). Differentiable; shapes must match exactly (no broadcasting).
 */
export function lstmStep(zx: OpInput, hu: OpInput, bias: OpInput, cPrev: OpInput): [Tensor, Tensor] {
  const values = [toValue(zx), toValue(hu), toValue(bias), toValue(cPrev)];
  const dtype = values.map((v) => v.dtype).reduce((a, b) => upcast(a, b));
  if (!isFloat(dtype)) throw new ValueError(`lstmStep: expected floating-point inputs, but received dtype ${dtype}.`);
  const inputs = values.map((v) => castTo(v, dtype));
  // kernels trust their shapes: check them here for concrete inputs too
  getPrimitive("lstmStep").outputSpecs(inputs, {});
  return runPrimitive("lstmStep", inputs) as [Tensor, Tensor];
}
