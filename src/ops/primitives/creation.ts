import { definePrimitive, run1, type Spec } from "../../autodiff/engine.js";
import type { DType } from "../../backend/types.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";

/**
 * Creation primitives. fill, arange, linspace, eye and tri take no inputs (their attrs say
 * everything), so they never meet a KerasTensor; fullLike and triMask take a tensor and work
 * symbolically.
 */

interface BandAttrs {
  n: number;
  m: number;
  k: number;
  dtype: DType;
}

const noInputs = (name: string, shape: (a: never) => number[]) =>
  definePrimitive({ name, outputSpecs: (_x: readonly Spec[], a: { dtype: DType }) => [{ shape: shape(a as never), dtype: a.dtype }] });

noInputs("fill", (a: { shape: readonly number[] }) => [...a.shape]);
noInputs("arange", (a: { num: number }) => [a.num]);
noInputs("linspace", (a: { num: number }) => [a.num]);
noInputs("eye", (a: BandAttrs) => [a.n, a.m]);
noInputs("tri", (a: BandAttrs) => [a.n, a.m]);

/** A constant shaped like x: no gradient flows to x (its values are not read). */
definePrimitive<{ value: number; dtype: DType }>({
  name: "fullLike",
  outputSpecs: ([x], a) => [{ shape: x!.shape, dtype: a.dtype }],
  grad: () => [null],
});

/** tril/triu: keeps one triangle of the last two axes; linear, so its gradient masks dy alike. */
definePrimitive<{ k: number; upper: boolean }>({
  name: "triMask",
  outputSpecs: ([x]) => {
    if (x!.shape.length < 2) throw new ValueError(`tril/triu: the input must have at least 2 dimensions, but received shape ${formatShape(x!.shape)}.`);
    return [{ shape: x!.shape, dtype: x!.dtype }];
  },
  grad: ([dy], _x, _o, a) => [run1("triMask", [dy!], a)],
});
