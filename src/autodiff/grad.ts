import { isFloat } from "../backend/dtypes.js";
import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { backward, zerosLikeTensor } from "./backward.js";
import { popTape, pushTape, Tape } from "./engine.js";

/** What `grad` differentiates with respect to: a tensor, a variable, or an array of them. */
export type GradArg = Tensor | Variable | readonly (Tensor | Variable)[] | number | readonly unknown[];

/** The gradient's structure mirrors the argument's: one tensor, or an array of tensors. */
export type GradOf<A> = A extends readonly (Tensor | Variable)[] ? Tensor[] : Tensor;

export interface GradOptions {
  /** The function returns `[value, aux]`; `aux` is passed through untouched (JAX's has_aux). */
  hasAux?: boolean;
}

function isTensorList(x: unknown): x is readonly (Tensor | Variable)[] {
  return Array.isArray(x) && x.length > 0 && x.every((v) => v instanceof Tensor || v instanceof Variable);
}

function leafTensor(x: Tensor | Variable | unknown): Tensor {
  if (x instanceof Variable) return x.value;
  const t = convertToTensor(x);
  return isFloat(t.dtype) ? t : convertToTensor(t, "float32");
}

/**
 * JAX-style `value_and_grad`: returns a function computing `[fn(x, ...rest), d fn / d x]`.
 * `x` (the first argument) may be a tensor, a `keras.Variable`, or an array of them; the
 * gradient has the same structure. `fn` must return a scalar. With `hasAux: true`, `fn`
 * returns `[value, aux]` and the result is `[[value, aux], gradient]`.
 *
 * ```ts
 * const f = (x) => keras.ops.sum(keras.ops.square(x));
 * const [value, g] = keras.ops.valueAndGrad(f)(keras.ops.convertToTensor([1, 2]));
 * // value = 5, g = [2, 4]
 * ```
 */
export function valueAndGrad<A extends GradArg, R extends unknown[], Aux>(
  fn: (x: A, ...rest: R) => readonly [unknown, Aux],
  options: GradOptions & { hasAux: true },
): (x: A, ...rest: R) => [[Tensor, Aux], GradOf<A>];
export function valueAndGrad<A extends GradArg, R extends unknown[]>(
  fn: (x: A, ...rest: R) => unknown,
  options?: GradOptions & { hasAux?: false },
): (x: A, ...rest: R) => [Tensor, GradOf<A>];
export function valueAndGrad<A extends GradArg, R extends unknown[]>(
  fn: (x: A, ...rest: R) => unknown,
  options?: GradOptions,
): (x: A, ...rest: R) => [Tensor, GradOf<A>] | [[Tensor, unknown], GradOf<A>];
export function valueAndGrad<A extends GradArg, R extends unknown[]>(
  fn: (x: A, ...rest: R) => unknown,
  options: GradOptions = {},
): (x: A, ...rest: R) => [Tensor, GradOf<A>] | [[Tensor, unknown], GradOf<A>] {
  return (x: A, ...rest: R) => {
    const list = isTensorList(x);
    const items = list ? (x as readonly (Tensor | Variable)[]) : [x];
    const leaves = items.map(leafTensor);
    // Call fn with tensors where the user passed data, variables where they passed variables.
    const callArg = (list ? items.map((it, i) => (it instanceof Variable ? it : leaves[i])) : x instanceof Variable ? x : leaves[0]) as A;
    const tape = new Tape();
    for (const leaf of leaves) tape.watch(leaf);
    pushTape(tape);
    let result: unknown;
    try {
      result = fn(callArg, ...rest);
    } finally {
      popTape(tape);
    }
    let value: unknown = result;
    let aux: unknown;
    if (options.hasAux) {
      if (!Array.isArray(result) || result.length !== 2) {
        throw new ValueError("valueAndGrad: with hasAux: true the function must return [value, aux].");
      }
      [value, aux] = result;
    }
    const y = value instanceof Tensor ? value : convertToTensor(value);
    if (y.size !== 1) {
      throw new ValueError(`grad: the function must return a scalar, but it returned a tensor of shape ${formatShape(y.shape)}.`);
    }
    const grads = backward(tape, y);
    const out = leaves.map((leaf) => grads.get(leaf.id) ?? zerosLikeTensor(leaf));
    const g = (list ? out : out[0]) as GradOf<A>;
    return options.hasAux ? [[y, aux], g] : [y, g];
  };
}

/**
 * JAX-style `grad`: the gradient of a scalar function with respect to its first argument.
 * With `hasAux: true`, `fn` returns `[value, aux]` and the result is `[gradient, aux]`.
 *
 * ```ts
 * const df = keras.ops.grad((x) => keras.ops.sum(keras.ops.sin(x)));
 * df(keras.ops.convertToTensor([0])); // [1]  (cos 0)
 * ```
 */
export function grad<A extends GradArg, R extends unknown[], Aux>(
  fn: (x: A, ...rest: R) => readonly [unknown, Aux],
  options: GradOptions & { hasAux: true },
): (x: A, ...rest: R) => [GradOf<A>, Aux];
export function grad<A extends GradArg, R extends unknown[]>(
  fn: (x: A, ...rest: R) => unknown,
  options?: GradOptions & { hasAux?: false },
): (x: A, ...rest: R) => GradOf<A>;
export function grad<A extends GradArg, R extends unknown[]>(
  fn: (x: A, ...rest: R) => unknown,
  options?: GradOptions,
): (x: A, ...rest: R) => GradOf<A> | [GradOf<A>, unknown];
export function grad<A extends GradArg, R extends unknown[]>(
  fn: (x: A, ...rest: R) => unknown,
  options: GradOptions = {},
): (x: A, ...rest: R) => GradOf<A> | [GradOf<A>, unknown] {
  const vg = valueAndGrad(fn, options);
  return (x: A, ...rest: R) => {
    const [valueAndAux, g] = vg(x, ...rest);
    return options.hasAux ? [g, (valueAndAux as [Tensor, unknown])[1]] : g;
  };
}
