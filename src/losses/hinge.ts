import { add, equal, logicalOr, maximum, multiply, square, subtract } from "../ops/numpy/arithmetic.js";
import { all, max, mean, sum } from "../ops/numpy/reductions.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkOptions } from "../util/options.js";
import { prepare } from "./common.js";
import { LossFunctionWrapper, type LossOptions } from "./loss.js";

/** Labels in {0, 1} become {-1, 1}; other labels are left as they are (Keras's rule). */
function toHingeLabels(yTrue: Tensor): Tensor {
  const isBinary = all(logicalOr(equal(yTrue, 0), equal(yTrue, 1))).item() !== 0;
  return isBinary ? subtract(multiply(2.0, yTrue), 1.0) : yTrue;
}

/** `mean(max(1 - yTrue * yPred, 0), -1)`; labels in {0, 1} are mapped to {-1, 1}. */
export function hinge(yTrue: unknown, yPred: unknown): Tensor {
  const [t0, p] = prepare(yTrue, yPred);
  const t = toHingeLabels(t0);
  return mean(maximum(subtract(1.0, multiply(t, p)), 0.0), -1);
}

/** `mean(square(max(1 - yTrue * yPred, 0)), -1)`; labels in {0, 1} are mapped to {-1, 1}. */
export function squaredHinge(yTrue: unknown, yPred: unknown): Tensor {
  const [t0, p] = prepare(yTrue, yPred);
  const t = toHingeLabels(t0);
  return mean(square(maximum(subtract(1.0, multiply(t, p)), 0.0)), -1);
}

/** `max(neg - pos + 1, 0)` with `pos = sum(yTrue * yPred)`, `neg = max((1 - yTrue) * yPred)`. */
export function categoricalHinge(yTrue: unknown, yPred: unknown): Tensor {
  const [t, p] = prepare(yTrue, yPred);
  const pos = sum(multiply(t, p), -1);
  const neg = max(multiply(subtract(1.0, t), p), -1);
  return maximum(add(subtract(neg, pos), 1.0), 0);
}

/** Hinge loss (name "hinge"). */
export class Hinge extends LossFunctionWrapper {
  static override readonly className: string = "Hinge";
  constructor(options: LossOptions = {}) {
    checkOptions("Hinge", options, ["name", "reduction", "dtype"]);
    super(hinge, { name: "hinge", ...options });
  }
}

/** Squared hinge loss (name "squared_hinge"). */
export class SquaredHinge extends LossFunctionWrapper {
  static override readonly className: string = "SquaredHinge";
  constructor(options: LossOptions = {}) {
    checkOptions("SquaredHinge", options, ["name", "reduction", "dtype"]);
    super(squaredHinge, { name: "squared_hinge", ...options });
  }
}

/** Categorical hinge loss (name "categorical_hinge"). */
export class CategoricalHinge extends LossFunctionWrapper {
  static override readonly className: string = "CategoricalHinge";
  constructor(options: LossOptions = {}) {
    checkOptions("CategoricalHinge", options, ["name", "reduction", "dtype"]);
    super(categoricalHinge, { name: "categorical_hinge", ...options });
  }
}
