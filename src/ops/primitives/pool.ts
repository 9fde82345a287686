import { definePrimitive, run1 } from "../../autodiff/engine.js";
import type { SymbolicShape } from "../../tensor/kerasTensor.js";
import { windowOutputSize } from "./conv.js";

/**
 * Pooling primitives, channels_last (`[batch, ...spatial, channels]`, 1 to 3 spatial dims).
 * "same" padding follows TensorFlow: padded cells never win a max and are not counted in an
 * average. The gradient rules are primitives too, so that they are differentiable:
 *
 * - `maxPool(x)`; `maxPoolGrad(x, dy)` routes dy to each window's maximum;
 *   `maxPoolGather(x, t)` reads t at each window's maximum (the two are adjoint in dy / t).
 * - `avgPool(x)`; `avgPoolGrad(dy)` spreads dy evenly over each window's real cells.
 */

export interface PoolAttrs {
  poolSize: readonly number[];
  strides: readonly number[];
  padding: "valid" | "same";
}

export interface AvgPoolGradAttrs extends PoolAttrs {
  inputShape: readonly number[];
}

/** The pooled shape of a (possibly symbolic) channels_last shape. */
export function pooledShape(shape: SymbolicShape, a: PoolAttrs): (number | null)[] {
  const nd = shape.length - 2;
  const out: (number | null)[] = [shape[0]!];
  for (let i = 0; i < nd; i++) out.push(windowOutputSize(shape[i + 1]!, a.poolSize[i]!, a.strides[i]!, 1, a.padding, i));
  out.push(shape[nd + 1]!);
  return out;
}

const poolAttrs = (a: PoolAttrs): PoolAttrs => ({ poolSize: a.poolSize, strides: a.strides, padding: a.padding });

definePrimitive<PoolAttrs>({
  name: "maxPool",
  outputSpecs: ([x], a) => [{ shape: pooledShape(x!.shape, a), dtype: x!.dtype }],
  grad: ([dy], [x], _outputs, a) => [run1("maxPoolGrad", [x!, dy!], poolAttrs(a))],
});

definePrimitive<PoolAttrs>({
  name: "maxPoolGrad",
  outputSpecs: ([x, dy]) => [{ shape: x!.shape, dtype: dy!.dtype }],
  // piecewise linear in dy with x only choosing the routes: no gradient w.r.t. x
  grad: ([g], [x], _outputs, a) => [null, run1("maxPoolGather", [x!, g!], poolAttrs(a))],
});

definePrimitive<PoolAttrs>({
  name: "maxPoolGather",
  outputSpecs: ([x, t], a) => [{ shape: pooledShape(x!.shape, a), dtype: t!.dtype }],
  grad: ([dy], [x], _outputs, a) => [null, run1("maxPoolGrad", [x!, dy!], poolAttrs(a))],
});

definePrimitive<PoolAttrs>({
  name: "avgPool",
  outputSpecs: ([x], a) => [{ shape: pooledShape(x!.shape, a), dtype: x!.dtype }],
  grad: ([dy], [x], _outputs, a) => [run1("avgPoolGrad", [dy!], { ...poolAttrs(a), inputShape: x!.shape })],
});

definePrimitive<AvgPoolGradAttrs>({
  name: "avgPoolGrad",
  outputSpecs: ([dy], a) => [{ shape: a.inputShape, dtype: dy!.dtype }],
  grad: ([g], _inputs, _outputs, a) => [run1("avgPool", [g!], poolAttrs(a))],
});
