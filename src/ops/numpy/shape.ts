import { run1 } from "../../autodiff/engine.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { normalizeAxis, toValue, type OpInput } from "../core/input.js";
import "../primitives/structural.js";

/**
 * reshape(x, newShape): one dimension may be -1 (inferred). On symbolic tensors an unknown
 * (null) dimension makes the -1 dimension unknown too.
 */
export function reshape(x: OpInput, newShape: readonly (number | null)[] | number): Tensor {
  const v = toValue(x);
  const target = typeof newShape === "number" ? [newShape] : [...newShape];
  let unknownIdx = -1;
  let known = 1;
  for (let i = 0; i < target.length; i++) {
    const d = target[i];
    if (d === -1 || d === null) {
      if (unknownIdx >= 0) throw new ValueError(`reshape: can only specify one unknown dimension (-1), but received new shape ${formatShape(target)}.`);
      unknownIdx = i;
    } else if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ValueError(`reshape: invalid dimension ${String(d)} in new shape ${formatShape(target)}.`);
    } else known *= d;
  }
  const inputKnown = v.shape.every((d) => d !== null);
  const total = inputKnown ? (v.shape as number[]).reduce((a, b) => a * b, 1) : null;
  const out: (number | null)[] = target.map((d) => (d === -1 ? null : d));
  if (total !== null) {
    if (unknownIdx >= 0) {
      if (known === 0 || total % known !== 0) {
        throw new ValueError(`reshape: cannot reshape a tensor of shape ${formatShape(v.shape)} (${total} elements) into shape ${formatShape(target)}.`);
      }
      out[unknownIdx] = total / known;
    } else if (known !== total) {
      throw new ValueError(`reshape: cannot reshape a tensor of shape ${formatShape(v.shape)} (${total} elements) into shape ${formatShape(target)} (${known} elements).`);
    }
  }
  return run1("reshape", [v], { shape: out }) as Tensor;
}

/** transpose(x, axes): permutes axes (reverses them when `axes` is omitted). */
export function transpose(x: OpInput, axes: readonly number[] | null = null): Tensor {
  const v = toValue(x);
  const rank = v.shape.length;
  const perm = axes === null ? Array.from({ length: rank }, (_, i) => rank - 1 - i) : axes.map((a) => normalizeAxis(a, rank, "transpose"));
  if (perm.length !== rank || new Set(perm).size !== rank) {
    throw new ValueError(`transpose: axes ${JSON.stringify(axes)} is not a permutation of the ${rank} axes of a tensor of shape ${formatShape(v.shape)}.`);
  }
  if (perm.every((p, i) => p === i)) return v as Tensor;
  return run1("transpose", [v], { perm }) as Tensor;
}

/** broadcastTo(x, shape): NumPy broadcasting to an explicit shape. */
export function broadcastTo(x: OpInput, shape: readonly number[]): Tensor {
  const v = toValue(x);
  if (shape.length < v.shape.length) {
    throw new ValueError(`broadcastTo: cannot broadcast shape ${formatShape(v.shape)} to the lower-rank shape ${formatShape(shape)}.`);
  }
  const lead = shape.length - v.shape.length;
  v.shape.forEach((d, i) => {
    const t = shape[lead + i]!;
    if (d !== 1 && d !== null && d !== t) {
      throw new ValueError(`broadcastTo: cannot broadcast shape ${formatShape(v.shape)} to ${formatShape(shape)}: axis ${i} has size ${d}, expected 1 or ${t}.`);
    }
  });
  if (v.shape.length === shape.length && v.shape.every((d, i) => d === shape[i])) return v as Tensor;
  return run1("broadcastTo", [v], { shape: [...shape] }) as Tensor;
}

/** stopGradient(x): x, with no gradient flowing back through it. */
export function stopGradient(x: OpInput): Tensor {
  return run1("stopGradient", [toValue(x)]) as Tensor;
}
