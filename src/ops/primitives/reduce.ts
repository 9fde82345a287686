import { definePrimitive, run1, type Spec } from "../../autodiff/engine.js";
import { Tensor } from "../../tensor/tensor.js";
import { div, mul, scalar } from "./helpers.js";
import { expandTo } from "./structural.js";

interface ReduceAttrs {
  axes: readonly number[];
  keepdims: boolean;
}

function reducedShape<T>(shape: readonly T[], attrs: ReduceAttrs, one: T): T[] {
  return attrs.keepdims ? shape.map((d, i) => (attrs.axes.includes(i) ? one : d)) : shape.filter((_, i) => !attrs.axes.includes(i));
}

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reduction(name: string, dtype: (d: Spec["dtype"]) => Spec["dtype"], grad?: (dy: Tensor, x: Tensor, y: Tensor, attrs: ReduceAttrs) => Tensor): void {
  definePrimitive<ReduceAttrs>({
    name,
    outputSpecs: ([x], attrs) => [{ shape: reducedShape<number | null>(x!.shape, attrs, 1), dtype: dtype(x!.dtype) }],
    grad: grad ? ([dy], [x], [y], attrs) => [grad(dy!, x!, y!, attrs)] : undefined,
  });
}

const same = (d: Spec["dtype"]) => d;

reduction("sum", same, (dy, x, _y, a) => expandTo(dy, keptShape(x.shape, a.axes), x.shape));
reduction("prod", same, (dy, x, y, a) => {
  // d prod / dx_i = prod / x_i (inputs with zeros are handled approximately, like TF's fast path)
  const k = keptShape(x.shape, a.axes);
  return div(mul(expandTo(dy, k, x.shape), expandTo(y, k, x.shape)), x);
});
const extremumGrad = (dy: Tensor, x: Tensor, y: Tensor, a: ReduceAttrs): Tensor => {
  // the gradient goes to the positions equal to the extremum, shared among ties
  const k = keptShape(x.shape, a.axes);
  const mask = run1("cast", [run1("equal", [x, expandTo(y, k, x.shape)])], { dtype: x.dtype });
  const count = run1("sum", [mask], { axes: a.axes, keepdims: true });
  return div(mul(mask, expandTo(dy, k, x.shape)), run1("broadcastTo", [count], { shape: x.shape }));
};
reduction("max", same, extremumGrad);
reduction("min", same, extremumGrad);
reduction("any", () => "bool");
reduction("all", () => "bool");
reduction("argmax", () => "int32");
reduction("argmin", () => "int32");

export { scalar };
