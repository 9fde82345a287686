import { add, logicalOr, multiply, subtract } from "../../ops/numpy/arithmetic.js";
import { broadcastTo, reshape } from "../../ops/numpy/shape.js";
import { cast } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { Layer, type CallOptions, type LayerOptions, type Shape } from "../layer.js";

export type MergeOptions = LayerOptions;

const fmtShapes = (shapes: readonly Shape[]): string => `[${shapes.map((s) => formatShape(s)).join(", ")}]`;

/**
 * The base of the merge layers (Keras's Merge): called on a list of tensors,
 * `layer.apply([a, b])`. Elementwise merges broadcast like NumPy over the non-batch dims; inputs of
 * lower rank get size-1 dims inserted after the batch axis.
 */
export abstract class Merge extends Layer {
  constructor(options: LayerOptions = {}, ownKeys: readonly string[] = []) {
    super(options, ownKeys);
    this.supportsMasking = true;
  }

  /** The merge itself, on inputs of equal rank. */
  protected abstract mergeFunction(inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor;

  /** Minimum and maximum number of inputs (Subtract: exactly 2). */
  protected inputCount(): [number, number] {
    return [1, Infinity];
  }

  /** Checks that the layer got a list of shapes, of the allowed length, with one batch size. */
  protected checkShapeList(inputShape: Shape | Shape[]): Shape[] {
    const isList = Array.isArray(inputShape) && inputShape.length > 0 && inputShape.every((s) => Array.isArray(s));
    if (!isList) {
      throw new ValueError(`Layer "${this.name}" (${this.className}): a merge layer should be called on a list of inputs, e.g. layer.apply([a, b]). Received: input_shape=${formatShape(inputShape as Shape)} (not a list of shapes)`);
    }
    const shapes = inputShape as Shape[];
    const [lo, hi] = this.inputCount();
    if (shapes.length < lo || shapes.length > hi) {
      const expected = lo === hi ? `exactly ${lo}` : `at least ${lo}`;
      throw new ValueError(`Layer "${this.name}" (${this.className}) should be called on ${expected} inputs. Received ${shapes.length} inputs with shapes ${fmtShapes(shapes)}.`);
    }
    const batches = new Set(shapes.map((s) => s[0]).filter((d) => d !== null && d !== undefined));
    if (batches.size > 1) throw new ValueError(`Layer "${this.name}" (${this.className}): cannot merge tensors with different batch sizes. Received tensors with shapes ${fmtShapes(shapes)}`);
    return shapes;
  }

  /** NumPy-style broadcast of two shapes without the batch axis (aligned at the end). */
  protected broadcastShapes(a: Shape, b: Shape, all: readonly Shape[]): Shape {
    if (a.length < b.length) return this.broadcastShapes(b, a, all);
    const out = a.slice(0, a.length - b.length);
    b.forEach((j, k) => {
      const i = a[a.length - b.length + k]!;
      if (i === null || j === null) out.push(i === 1 ? j : j === 1 ? i : null);
      else if (i === 1) out.push(j);
      else if (j === 1 || i === j) out.push(i);
      else throw new ValueError(`Layer "${this.name}" (${this.className}): inputs have incompatible shapes. Received shapes ${fmtShapes(all)}`);
    });
    return out;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor {
    if (!Array.isArray(inputs)) {
      throw new ValueError(`Layer "${this.name}" (${this.className}): a merge layer should be called on a list of inputs, e.g. layer.apply([a, b]). Received: a single tensor of shape ${formatShape(inputs.shape)}`);
    }
    const maxRank = Math.max(...inputs.map((x) => x.shape.length));
    // lower-rank inputs get size-1 dims right after the batch axis (Keras's expand_dims(x, 1))
    const xs = inputs.map((x) => (x.shape.length === maxRank ? x : reshape(x, [x.shape[0]!, ...new Array<number>(maxRank - x.shape.length).fill(1), ...x.shape.slice(1)])));
    const masks = Array.isArray(options.mask) ? options.mask.map((m) => m ?? null) : null;
    return this.mergeFunction(xs, masks && masks.some((m) => m) ? masks : null);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.checkShapeList(inputShape);
    let out: Shape = shapes[0]!.slice(1);
    for (const s of shapes.slice(1)) out = this.broadcastShapes(out, s.slice(1), shapes);
    const batch = shapes.map((s) => s[0]).find((d) => d !== null && d !== undefined) ?? null;
    return [batch, ...out];
  }

  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    void inputs;
    if (!mask) return null;
    if (!Array.isArray(mask)) throw new ValueError(`Layer "${this.name}" (${this.className}): \`mask\` should be a list (one per input).`);
    if (mask.some((m) => !m)) return null;
    return (mask as Tensor[]).reduce((a, b) => logicalOr(a, b));
  }

  /**
   * Folds `op` over the inputs, respecting masks like Keras's `_apply_merge_op_and_or_mask`:
   * at a position masked out in one input, the other input's value is used.
   */
  protected foldMasked(op: (a: Tensor, b: Tensor) => Tensor, inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor {
    if (!masks) return inputs.reduce((a, b) => op(a, b));
    const select = (m: Tensor, a: Tensor, b: Tensor): Tensor => add(b, multiply(m, subtract(a, b)));
    const expand = (m: Tensor | null, x: Tensor): Tensor | null => (m ? broadcastTo(cast(reshape(m, [...m.shape, 1]), x.dtype), x.shape) : null);
    let out = inputs[0]!;
    let outMask = expand(masks[0] ?? null, out);
    for (let i = 1; i < inputs.length; i++) {
      let x = inputs[i]!;
      const m = expand(masks[i] ?? null, x);
      if (m) x = select(m, x, out);
      if (outMask) out = select(outMask, out, x);
      outMask = m && outMask ? cast(logicalOr(m, outMask), x.dtype) : null;
      out = op(out, x);
    }
    return out;
  }
}
