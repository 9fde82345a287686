import { expect } from "vitest";
import { valueAndGrad } from "../../src/autodiff/grad.js";
import { convertToTensor } from "../../src/tensor/convert.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { allcloseMessage } from "./allclose.js";

/** A deterministic pseudo-random float64 tensor in [lo, hi). */
export function randomTensor(shape: number[], seed = 1, lo = -1, hi = 1): Tensor {
  let s = seed >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    v[i] = lo + ((s % 1_000_003) / 1_000_003) * (hi - lo);
  }
  return new Tensor(v, shape, "float64");
}

/**
 * Checks the analytic gradient of a scalar-valued `fn` of several float64 tensors against
 * central finite differences (the independent reference). The function should reduce to a
 * scalar itself, or it is summed with fixed random weights to make a scalar.
 */
export function checkGradients(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  opts: { eps?: number; rtol?: number; atol?: number } = {},
): void {
  const eps = opts.eps ?? 1e-6;
  const xs = inputs.map((t) => (t.dtype === "float64" ? t : convertToTensor(t, "float64")));
  // Make a scalar objective: sum(fn(...) * w) with fixed weights (so every output matters).
  const probe = fn(...xs);
  const w = randomTensor([...probe.shape], 99, 0.5, 1.5);
  const objective = (...args: Tensor[]): number => {
    const y = fn(...args);
    let s = 0;
    const yv = y.values;
    for (let i = 0; i < yv.length; i++) s += Number(yv[i]) * Number(w.values[i]);
    return s;
  };
  for (let k = 0; k < xs.length; k++) {
    const [, g] = valueAndGrad((x: Tensor) => {
      const args = xs.map((t, i) => (i === k ? x : t));
      const y = fn(...args);
      // sum(y * w) built from the engine's own ops would hide bugs in them; use matmul-free path:
      return sumTimes(y, w);
    })(xs[k]!);
    const numeric = new Float64Array(xs[k]!.size);
    for (let i = 0; i < numeric.length; i++) {
      const plus = xs[k]!.values.slice() as Float64Array;
      const minus = xs[k]!.values.slice() as Float64Array;
      plus[i] += eps;
      minus[i] -= eps;
      const fp = objective(...xs.map((t, j) => (j === k ? new Tensor(plus, t.shape, "float64") : t)));
      const fm = objective(...xs.map((t, j) => (j === k ? new Tensor(minus, t.shape, "float64") : t)));
      numeric[i] = (fp - fm) / (2 * eps);
    }
    const msg = allcloseMessage(g, new Tensor(numeric, xs[k]!.shape, "float64"), { rtol: opts.rtol ?? 1e-5, atol: opts.atol ?? 1e-7 });
    expect(msg, `gradient of input ${k}`).toBeNull();
  }
}

import { run1 } from "../../src/autodiff/engine.js";
/** sum(y * w) via the multiply and sum primitives. */
function sumTimes(y: Tensor, w: Tensor): Tensor {
  const prod = run1("multiply", [y, w]);
  return run1("sum", [prod], { axes: y.shape.map((_, i) => i), keepdims: false });
}
