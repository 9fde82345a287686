import { definePrimitive, run1, type Spec } from "../../autodiff/engine.js";
import type { SymbolicShape } from "../../tensor/kerasTensor.js";
import { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { div, mul, scalar, unbroadcast } from "./helpers.js";

/**
 * Math-family primitives: scans (cumsum, cumprod), sorting (argsort, topK), gathers and
 * scatters along an axis (the linear pair behind sort/topK/segment gradients), segmentMax
 * and erfinv. Axes in attrs are already normalized (non-negative).
 */

interface ScanAttrs {
  axis: number;
  reverse?: boolean;
}

const sameSpec = ([x]: readonly Spec[]): Spec[] => [{ shape: x!.shape, dtype: x!.dtype }];

definePrimitive<ScanAttrs>({
  name: "cumsum",
  outputSpecs: sameSpec,
  // each x_i feeds every later output: the cotangent is the reverse running sum of dy
  grad: ([dy], _x, _y, a) => [run1("cumsum", [dy!], { axis: a.axis, reverse: !a.reverse })],
});

definePrimitive<ScanAttrs>({
  name: "cumprod",
  outputSpecs: sameSpec,
  // d y_j / d x_i = y_j / x_i for j >= i (TensorFlow's rule; inputs equal to 0 give NaN/inf)
  grad: ([dy], [x], [y], a) => [div(run1("cumsum", [mul(dy!, y!)], { axis: a.axis, reverse: !a.reverse }), x!)],
});

/** Stable sort order along an axis (int32; no gradient). */
definePrimitive<{ axis: number; descending?: boolean }>({
  name: "argsort",
  outputSpecs: ([x]) => [{ shape: x!.shape, dtype: "int32" }],
});

/** The k largest entries along the last axis: [values, indices]. */
definePrimitive<{ k: number }>({
  name: "topK",
  outputSpecs: ([x], a) => {
    const shape = [...x!.shape.slice(0, -1), a.k];
    return [
      { shape, dtype: x!.dtype },
      { shape, dtype: "int32" },
    ];
  },
  grad: ([dv], [x], [, idx]) => {
    const axis = x!.shape.length - 1;
    return [run1("mathScatterAlongAxis", [dv!, idx!], { axis, size: x!.shape[axis]! })];
  },
});

/** Shape rule shared by the gather/scatter pair: broadcast all axes but `axis`. */
function broadcastExceptAxis(a: SymbolicShape, b: SymbolicShape, axis: number, axisSize: number | null, op: string): (number | null)[] {
  if (a.length !== b.length) {
    throw new ValueError(`${op}: the indices must have the same rank as the values, but received shapes ${formatShape(a)} and ${formatShape(b)}.`);
  }
  return a.map((d, i) => {
    if (i === axis) return axisSize;
    const e = b[i]!;
    if (d === 1) return e;
    if (e === 1 || e === null) return d;
    if (d === null || d === e) return e;
    throw new ValueError(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast on axis ${i}.`);
  });
}

/** out[.., j, ..] = x[.., indices[.., j, ..], ..] (NumPy take_along_axis with broadcasting). */
definePrimitive<{ axis: number }>({
  name: "mathTakeAlongAxis",
  outputSpecs: ([x, ind], a) => [{ shape: broadcastExceptAxis(x!.shape, ind!.shape, a.axis, ind!.shape[a.axis]!, "takeAlongAxis"), dtype: x!.dtype }],
  grad: ([dy], [x, ind], _y, a) => {
    const dx = run1("mathScatterAlongAxis", [dy!, ind!], { axis: a.axis, size: x!.shape[a.axis]! });
    return [unbroadcast(dx, x!.shape), null];
  },
});

/** Scatter-add of `updates` to positions `indices` along `axis` of a zero tensor with `size` entries there. */
definePrimitive<{ axis: number; size: number | null }>({
  name: "mathScatterAlongAxis",
  outputSpecs: ([u, ind], a) => {
    const ku = u!.shape[a.axis];
    const ki = ind!.shape[a.axis];
    if (ku !== null && ki !== null && ku !== ki) {
      throw new ValueError(`scatter: updates ${formatShape(u!.shape)} and indices ${formatShape(ind!.shape)} differ on axis ${a.axis}.`);
    }
    return [{ shape: broadcastExceptAxis(u!.shape, ind!.shape, a.axis, a.size, "scatter"), dtype: u!.dtype }];
  },
  grad: ([dy], [u, ind], _y, a) => [unbroadcast(run1("mathTakeAlongAxis", [dy!, ind!], { axis: a.axis }), u!.shape), null],
});

/** Per-segment maximum over the first axis of `data` (ids are a 1-D int32 tensor). */
definePrimitive<{ numSegments: number | null }>({
  name: "segmentMax",
  outputSpecs: ([data, ids], a) => {
    if (ids!.shape.length !== 1 || data!.shape.length === 0) {
      throw new ValueError(`segmentMax: expected 1-D segment ids and data of rank >= 1, but received shapes ${formatShape(ids!.shape)} and ${formatShape(data!.shape)}.`);
    }
    return [{ shape: [a.numSegments, ...data!.shape.slice(1)], dtype: data!.dtype }];
  },
  grad: ([dy], [data, ids], [out], a) => {
    // the gradient goes to the rows equal to their segment's maximum, shared among ties
    const idx = run1("reshape", [ids!], { shape: [ids!.shape[0]!, ...data!.shape.slice(1).map(() => 1)] });
    const take = (t: Tensor) => run1("mathTakeAlongAxis", [t, idx], { axis: 0 });
    const mask = run1("cast", [run1("equal", [data!, take(out!)])], { dtype: data!.dtype });
    const count = run1("mathScatterAlongAxis", [mask, idx], { axis: 0, size: a.numSegments });
    const share = div(dy!, run1("maximum", [count, scalar(1, count.dtype)]));
    return [mul(mask, take(share)), null];
  },
});

definePrimitive({
  name: "erfinv",
  outputSpecs: sameSpec,
  // d/dy erfinv(y) = sqrt(pi)/2 * exp(erfinv(y)^2)
  grad: ([dy], _x, [y]) => [mul(dy!, mul(scalar(Math.sqrt(Math.PI) / 2, y!.dtype), run1("exp", [mul(y!, y!)])))],
});
