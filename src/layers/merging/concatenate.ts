import { cast, concatenate } from "../../ops/numpy/manipulation.js";
import { any } from "../../ops/numpy/reductions.js";
import { broadcastTo, reshape } from "../../ops/numpy/shape.js";
import { convertToTensor } from "../../tensor/convert.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { positionalOptions, type CallOptions, type Shape } from "../layer.js";
import { Merge, type MergeOptions } from "./baseMerge.js";

export interface ConcatenateOptions extends MergeOptions {
  /** The axis to concatenate along (default -1). */
  axis?: number;
}

/**
 * Concatenates a list of inputs along `axis` (default the last); all other dims must match:
 * `new Concatenate().apply([a, b])` with (None, 3) and (None, 4) gives (None, 7). No weights.
 */
export class Concatenate extends Merge {
  static override readonly className: string = "Concatenate";
  readonly axis: number;

  constructor(axis?: number | ConcatenateOptions, options?: ConcatenateOptions) {
    const o = positionalOptions<ConcatenateOptions>(axis, options, "axis");
    super(o, ["axis"]);
    const a = o.axis ?? -1;
    if (!Number.isInteger(a)) throw new ValueError(`Concatenate: \`axis\` must be an integer. Received: axis=${JSON.stringify(a)}`);
    this.axis = a;
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return concatenate(inputs, this.axis);
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor {
    void options;
    if (!Array.isArray(inputs)) return super.call(inputs);
    return concatenate(inputs, this.axis);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.checkShapeList(inputShape);
    const rank = shapes[0]!.length;
    const mismatch = (): ValueError =>
      new ValueError(
        `Layer "${this.name}" (Concatenate): a Concatenate layer requires inputs with matching shapes except for the concatenation axis (axis=${this.axis}). Received: input_shape=[${shapes.map((s) => formatShape(s)).join(", ")}]`,
      );
    if (shapes.some((s) => s.length !== rank)) throw mismatch();
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    if (axis < 0 || axis >= rank) {
      throw new ValueError(`Layer "${this.name}" (Concatenate): axis ${this.axis} is out of bounds for inputs of rank ${rank} (shapes [${shapes.map((s) => formatShape(s)).join(", ")}]).`);
    }
    const out: Shape = [...shapes[0]!];
    for (let d = 0; d < rank; d++) {
      if (d === axis) {
        out[d] = shapes.some((s) => s[d] === null) ? null : shapes.reduce((n, s) => n + (s[d] as number), 0);
        continue;
      }
      const known = new Set(shapes.map((s) => s[d]).filter((v) => v !== null));
      if (known.size > 1) throw mismatch();
      out[d] = known.size ? [...known][0]! : null;
    }
    return out;
  }

  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    if (!mask) return null;
    if (!Array.isArray(mask) || !Array.isArray(inputs) || mask.length !== inputs.length) {
      throw new ValueError(`Layer "${this.name}" (Concatenate): \`mask\` should be a list with one entry per input.`);
    }
    if (mask.every((m) => !m)) return null;
    // each mask as a bool tensor of its input's shape, concatenated, then reduced over the last axis
    const full = inputs.map((x, i) => {
      const m = mask[i];
      if (!m) return broadcastTo(convertToTensor(true, "bool"), x.shape);
      const b = cast(m, "bool");
      return b.shape.length < x.shape.length ? broadcastTo(reshape(b, [...b.shape, 1]), x.shape) : b;
    });
    return any(concatenate(full, this.axis), -1, false);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}
