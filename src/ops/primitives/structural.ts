import { definePrimitive, run1, type Spec } from "../../autodiff/engine.js";
import type { DType } from "../../backend/types.js";
import { Tensor } from "../../tensor/tensor.js";
import { broadcastSymbolic } from "../core/input.js";
import { mul, scalar, unbroadcast } from "./helpers.js";

/** Layout primitives: reshape, transpose, broadcastTo, cast, where. */

definePrimitive<{ shape: readonly (number | null)[] }>({
  name: "reshape",
  outputSpecs: ([x], attrs) => [{ shape: attrs.shape, dtype: x!.dtype }],
  grad: ([dy], [x]) => [run1("reshape", [dy!], { shape: x!.shape })],
});

definePrimitive<{ perm: readonly number[] }>({
  name: "transpose",
  outputSpecs: ([x], attrs) => [{ shape: attrs.perm.map((p) => x!.shape[p]!), dtype: x!.dtype }],
  grad: ([dy], _inputs, _outputs, attrs) => {
    const inv = new Array<number>(attrs.perm.length);
    attrs.perm.forEach((p, i) => (inv[p] = i));
    return [run1("transpose", [dy!], { perm: inv })];
  },
});

definePrimitive<{ shape: readonly (number | null)[] }>({
  name: "broadcastTo",
  outputSpecs: ([x], attrs) => {
    broadcastSymbolic(x!.shape, attrs.shape, "broadcastTo");
    return [{ shape: attrs.shape, dtype: x!.dtype }];
  },
  grad: ([dy], [x]) => [unbroadcast(dy!, x!.shape)],
});

definePrimitive<{ dtype: DType }>({
  name: "cast",
  outputSpecs: ([x], attrs) => [{ shape: x!.shape, dtype: attrs.dtype }],
  grad: ([dy], [x]) => [x!.dtype === "float32" || x!.dtype === "float64" ? run1("cast", [dy!], { dtype: x!.dtype }) : null],
});

definePrimitive({
  name: "where",
  outputSpecs: ([c, a, b]: readonly Spec[]) => [
    { shape: broadcastSymbolic(broadcastSymbolic(c!.shape, a!.shape, "where"), b!.shape, "where"), dtype: a!.dtype },
  ],
  grad: ([dy], [c, a, b]) => {
    const zero = mul(dy!, scalar(0, dy!.dtype));
    return [null, unbroadcast(run1("where", [c!, dy!, zero]), a!.shape), unbroadcast(run1("where", [c!, zero, dy!]), b!.shape)];
  },
});

/** @internal For grads of reductions: a tensor of `shape` filled with dy broadcast back. */
export function expandTo(dy: Tensor, keptShape: readonly number[], full: readonly number[]): Tensor {
  return run1("broadcastTo", [run1("reshape", [dy], { shape: keptShape })], { shape: full });
}

/** Identity whose gradient is zero (keras.ops.stop_gradient). */
definePrimitive({
  name: "stopGradient",
  outputSpecs: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }],
  grad: () => [null],
});
