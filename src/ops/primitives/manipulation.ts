import { definePrimitive, run1 } from "../../autodiff/engine.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";

/** Layout primitives with data movement: concatenate, slice, constant pad. */

definePrimitive<{ axis: number }>({
  name: "concatenate",
  outputSpecs: (xs, a) => {
    const first = xs[0]!;
    const shape = [...first.shape];
    let total: number | null = 0;
    for (const x of xs) {
      if (x.shape.length !== first.shape.length) {
        throw new ValueError(`concatenate: all inputs must have the same rank, but received shapes ${xs.map((t) => formatShape(t.shape)).join(", ")}.`);
      }
      x.shape.forEach((d, i) => {
        if (i === a.axis) return;
        const f = shape[i];
        if (d !== null && f !== null && d !== f) {
          throw new ValueError(`concatenate: all input dimensions except the concatenation axis (${a.axis}) must match, but received shapes ${xs.map((t) => formatShape(t.shape)).join(", ")}.`);
        }
        if (f === null) shape[i] = d;
      });
      const d = x.shape[a.axis]!;
      total = total === null || d === null ? null : total + d;
    }
    shape[a.axis] = total;
    return [{ shape, dtype: first.dtype }];
  },
  grad: ([dy], xs, _o, a) => {
    let start = 0;
    return xs.map((x) => {
      const begin = dy!.shape.map((_, i) => (i === a.axis ? start : 0));
      const size = dy!.shape.map((d, i) => (i === a.axis ? x.shape[i]! : d));
      start += x.shape[a.axis]!;
      return run1("slice", [dy!], { begin, size });
    });
  },
});

definePrimitive<{ begin: readonly number[]; size: readonly number[] }>({
  name: "slice",
  outputSpecs: ([x], a) => [{ shape: [...a.size], dtype: x!.dtype }],
  grad: ([dy], [x], _o, a) => [
    run1("pad", [dy!], { paddings: x!.shape.map((d, i) => [a.begin[i]!, d - a.begin[i]! - a.size[i]!] as [number, number]), constantValue: 0 }),
  ],
});

definePrimitive<{ paddings: readonly (readonly [number, number])[]; constantValue: number }>({
  name: "pad",
  outputSpecs: ([x], a) => [{ shape: x!.shape.map((d, i) => (d === null ? null : d + a.paddings[i]![0] + a.paddings[i]![1])), dtype: x!.dtype }],
  grad: ([dy], [x], _o, a) => [run1("slice", [dy!], { begin: a.paddings.map((p) => p[0]), size: [...x!.shape] })],
});

/** Splits along `axis` into pieces of `sizes`: one primitive, so the gradient is one concatenate. */
definePrimitive<{ axis: number; sizes: readonly number[] }>({
  name: "split",
  outputSpecs: ([x], a) => a.sizes.map((n) => ({ shape: x!.shape.map((d, i) => (i === a.axis ? n : d)), dtype: x!.dtype })),
  grad: (dys, _x, _o, a) => [run1("concatenate", dys, { axis: a.axis })],
});
