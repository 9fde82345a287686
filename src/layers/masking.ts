import type { Tensor } from "../tensor/tensor.js";

/** Masks travel beside tensors (Keras's `_keras_mask`), without changing the tensors. */
const masks = new WeakMap<object, Tensor | null>();

export function getMask(x: unknown): Tensor | null {
  if (!x || typeof x !== "object") return null;
  return masks.get(x) ?? null;
}

export function setMask(x: unknown, mask: Tensor | null | undefined): void {
  if (x && typeof x === "object") {
    if (mask) masks.set(x, mask);
    else masks.delete(x);
  }
}
