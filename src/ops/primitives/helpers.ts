import { run1 } from "../../autodiff/engine.js";
import { allocate } from "../../backend/dtypes.js";
import { Tensor } from "../../tensor/tensor.js";

/** Sums `dy` down to `shape`, undoing NumPy broadcasting (used by gradient rules). */
export function unbroadcast(dy: Tensor, shape: readonly number[]): Tensor {
  if (dy.shape.length === shape.length && dy.shape.every((d, i) => d === shape[i])) return dy;
  const lead = dy.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < dy.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && dy.shape[i] !== 1)) axes.push(i);
  }
  let out = axes.length ? run1("sum", [dy], { axes, keepdims: true }) : dy;
  out = run1("reshape", [out], { shape });
  return out;
}

/** A constant scalar tensor of a dtype. */
export function scalar(value: number, dtype: Tensor["dtype"]): Tensor {
  const v = allocate(dtype, 1);
  v[0] = value;
  return new Tensor(v, [], dtype);
}

export const mul = (a: Tensor, b: Tensor): Tensor => run1("multiply", [a, b]);
export const add = (a: Tensor, b: Tensor): Tensor => run1("add", [a, b]);
export const sub = (a: Tensor, b: Tensor): Tensor => run1("subtract", [a, b]);
export const div = (a: Tensor, b: Tensor): Tensor => run1("divide", [a, b]);
export const neg = (a: Tensor): Tensor => run1("negative", [a]);
