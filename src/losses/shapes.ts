import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { categoricalHinge } from "./hinge.js";
import { LossFunctionWrapper, type Loss } from "./loss.js";
import { categoricalCrossentropy, categoricalFocalCrossentropy, sparseCategoricalCrossentropy } from "./probabilistic.js";

type Shape = readonly (number | null)[];

/** Shapes after Keras's squeeze_or_expand_to_same_rank (on shapes only). */
function alignRanks(a: Shape, b: Shape): [Shape, Shape] {
  if (a.length === b.length + 1 && a[a.length - 1] === 1) return b.length === 1 ? [a, [...b, 1]] : [a.slice(0, -1), b];
  if (b.length === a.length + 1 && b[b.length - 1] === 1) return a.length === 1 ? [[...a, 1], b] : [a, b.slice(0, -1)];
  return [a, b];
}

const dimsMatch = (a: number | null | undefined, b: number | null | undefined): boolean => a === null || b === null || a === undefined || b === undefined || a === b;

function broadcastable(a: Shape, b: Shape): boolean {
  for (let i = 1; i <= Math.max(a.length, b.length); i++) {
    const x = a[a.length - i];
    const y = b[b.length - i];
    if (x === undefined || y === undefined || x === 1 || y === 1) continue;
    if (!dimsMatch(x, y)) return false;
  }
  return true;
}

/** All dims but the batch dim agree where known. */
function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => i === 0 || dimsMatch(d, b[i]));
}

const batchless = (s: Shape): string => formatShape([null, ...s.slice(1)]);

/**
 * Checks before training that labels of shape `yTrue` fit a built-in loss for model outputs of
 * shape `yPred`, with an error naming the loss, both shapes and the usual fix. Custom losses
 * are not checked.
 */
export function checkLossShapes(loss: Loss, yTrueShape: Shape, yPredShape: Shape, outputLabel = ""): void {
  if (!(loss instanceof LossFunctionWrapper)) return;
  // the batch sizes of the labels and of a probe forward pass need not agree
  const yTrue = yTrueShape.length > 0 ? [null, ...yTrueShape.slice(1)] : yTrueShape;
  const yPred = yPredShape.length > 0 ? [null, ...yPredShape.slice(1)] : yPredShape;
  const fn = loss.fn;
  const where = `Loss "${loss.name}"${outputLabel ? ` for output "${outputLabel}"` : ""}`;
  const received = `received labels (y) of shape ${batchless(yTrue)} for a model output of shape ${batchless(yPred)}`;
  if (fn === sparseCategoricalCrossentropy) {
    const axis = (loss.fnOptions.axis as number | undefined) ?? -1;
    if (axis !== -1 && axis !== yPred.length - 1) return;
    const expected = yPred.slice(0, -1);
    const ok = sameShape(yTrue, expected) || (yTrue.length === yPred.length && yTrue[yTrue.length - 1] === 1 && sameShape(yTrue.slice(0, -1), expected));
    if (!ok) {
      const oneHot = sameShape(yTrue, yPred);
      throw new ValueError(
        `${where} expects integer class labels of shape ${batchless(expected)} (or ${batchless([...expected, 1])}), but ${received}.${oneHot ? ' The labels look one-hot encoded: use "categorical_crossentropy" instead.' : ""}`,
      );
    }
    return;
  }
  if (fn === categoricalCrossentropy || fn === categoricalFocalCrossentropy || fn === categoricalHinge) {
    const [t, p] = alignRanks(yTrue, yPred);
    if (!sameShape(t, p)) {
      const sparse = yTrue.length === yPred.length - 1 || (yTrue.length === yPred.length && yTrue[yTrue.length - 1] === 1 && (yPred[yPred.length - 1] ?? 2) > 1);
      throw new ValueError(
        `${where} expects one-hot labels of the same shape as the model output, ${batchless(yPred)}, but ${received}.${sparse ? ' For integer class labels use "sparse_categorical_crossentropy", or one-hot encode them with keras.utils.toCategorical.' : ""}`,
      );
    }
    return;
  }
  const [t, p] = alignRanks(yTrue, yPred);
  if (!broadcastable(t, p)) {
    throw new ValueError(`${where} expects labels (y) of the same shape as the model output, ${batchless(yPred)}, but ${received}.`);
  }
}
