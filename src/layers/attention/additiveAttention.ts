import { add, multiply, tanh } from "../../ops/numpy/arithmetic.js";
import { expandDims } from "../../ops/numpy/manipulation.js";
import { sum } from "../../ops/numpy/reductions.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import type { Shape } from "../layer.js";
import { Attention, type AttentionOptions } from "./attention.js";

export type AdditiveAttentionOptions = Omit<AttentionOptions, "scoreMode">;

/**
 * Additive (Bahdanau-style) attention, Keras's `AdditiveAttention`: like `Attention` with
 * `scores = sum(scale · tanh(query_i + key_j), axis=-1)`; `scale (dim,)` is learned when
 * `useScale` (default true, "glorot_uniform").
 *
 * ```ts
 * const out = new keras.layers.AdditiveAttention().apply([query, value]);
 * ```
 */
export class AdditiveAttention extends Attention {
  static override readonly className: string = "AdditiveAttention";

  constructor(options: AdditiveAttentionOptions = {}) {
    super(options, ["useScale", "dropout", "seed"], true);
  }

  override build(inputShape: Shape | Shape[]): void {
    const [q] = this.shapesOf(inputShape);
    const dim = q[q.length - 1];
    if (dim === null || dim === undefined) {
      throw new ValueError(`Layer "${this.name}" (AdditiveAttention): the last dimension of the query must be known, but received shape ${formatShape(q)}.`);
    }
    if (this.useScale) this.scale = this.addWeight({ name: "scale", shape: [dim], initializer: "glorot_uniform" });
    this.built = true;
  }

  protected override calculateScores(query: Tensor, key: Tensor): Tensor {
    const t = tanh(add(expandDims(query, -2), expandDims(key, -3)));
    return sum(this.scale ? multiply(this.scale.value, t) : t, -1);
  }

  override getConfig(): Record<string, unknown> {
    const { score_mode: _scoreMode, ...rest } = super.getConfig();
    return rest;
  }
}
