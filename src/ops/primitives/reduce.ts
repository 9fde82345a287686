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
  // d prod / dx_i = the product of the other entries: prod / x_i where x_i != 0; at a zero it is
  // the product of the non-zero entries if that zero is the only one, else 0
  const k = keptShape(x.shape, a.axes);
  const isZero = run1("equal", [x, scalar(0, x.dtype)]);
  const one = scalar(1, x.dtype);
  const safeX = run1("where", [isZero, one, x]);
  const zeros = run1("sum", [run1("cast", [isZero], { dtype: x.dtype })], { axes: a.axes, keepdims: true });
  const nonZeroProd = run1("prod", [safeX], { axes: a.axes, keepdims: true });
  const atZero = run1("where", [run1("equal", [zeros, one]), nonZeroProd, scalar(0, x.dtype)]);
  const others = run1("where", [isZero, run1("broadcastTo", [atZero], { shape: x.shape }), div(expandTo(y, k, x.shape), safeX)]);
  return mul(expandTo(dy, k, x.shape), others);
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
