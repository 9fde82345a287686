import { add, greaterEqual, logicalAnd, multiply, tanh } from "../../ops/numpy/arithmetic.js";
import { arange } from "../../ops/numpy/creation.js";
import { matmul } from "../../ops/numpy/linalg.js";
import { cast, expandDims, swapaxes, where } from "../../ops/numpy/manipulation.js";
import { sum } from "../../ops/numpy/reductions.js";
import { reshape } from "../../ops/numpy/shape.js";
import { softmax } from "../../ops/nn/activations.js";
import { dropout as randomDropout, SeedGenerator } from "../../random/index.js";
import { KerasTensor } from "../../tensor/kerasTensor.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { Layer, type CallOptions, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

export interface AttentionOptions extends LayerOptions {
  /** Learn a scalar that scales the scores. Default false. */
  useScale?: boolean;
  /** "dot" (query·key, default) or "concat" (sum(tanh(query + key))). */
  scoreMode?: "dot" | "concat";
  /** Dropout rate on the attention weights (training only). Default 0. */
  dropout?: number;
  seed?: number | null;
}

/** Call options of Attention / AdditiveAttention. */
export interface AttentionCallOptions extends CallOptions {
  /** Also return the attention weights (batch, Tq, Tv). Default false. */
  returnAttentionScores?: boolean;
  /** Position i attends only to positions j ≤ i. Default false. */
  useCausalMask?: boolean;
}

/**
 * Dot-product attention (Luong-style), Keras's `Attention`: `apply([query, value])` or
 * `apply([query, value, key])` with query `(batch, Tq, dim)`, value/key `(batch, Tv, dim)`;
 * `scores = query · keyᵀ` (× the learned `scale` with `useScale`), `softmax(scores) · value` →
 * `(batch, Tq, dim)`. Value masks hide value positions; query masks zero the output rows.
 * Weights: `scale ()` with useScale, `concat_score_weight ()` with scoreMode "concat".
 *
 * ```ts
 * const out = new keras.layers.Attention().apply([query, value]);
 * ```
 */
export class Attention extends Layer {
  static override readonly className: string = "Attention";
  readonly useScale: boolean;
  readonly scoreMode: "dot" | "concat";
  readonly dropout: number;
  readonly seed: number | null;
  scale: LayerVariable | null = null;
  concatScoreWeight: LayerVariable | null = null;
  protected readonly seedGenerator: SeedGenerator;

  constructor(options: AttentionOptions = {}, ownOptions: readonly string[] = ["useScale", "scoreMode", "dropout", "seed"], defaultUseScale = false) {
    super(options, ownOptions);
    this.useScale = options.useScale ?? defaultUseScale;
    this.scoreMode = options.scoreMode ?? "dot";
    if (this.scoreMode !== "dot" && this.scoreMode !== "concat") {
      throw new ValueError(`${this.className}: invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=${JSON.stringify(this.scoreMode)}`);
    }
    this.dropout = options.dropout ?? 0;
    if (typeof this.dropout !== "number" || !(this.dropout >= 0 && this.dropout <= 1)) {
      throw new ValueError(`${this.className}: \`dropout\` must be a number in [0, 1], but received ${JSON.stringify(options.dropout)}.`);
    }
    this.seed = options.seed ?? null;
    this.seedGenerator = new SeedGenerator(this.seed ?? undefined);
    this.supportsMasking = true;
  }

  /** [query, value, key] shapes, validated. */
  protected shapesOf(inputShape: Shape | Shape[]): [Shape, Shape, Shape] {
    if (!Array.isArray(inputShape[0]) || (inputShape.length !== 2 && inputShape.length !== 3)) {
      throw new ValueError(`Layer "${this.name}" (${this.className}) expects a list of 2 or 3 inputs [query, value, key?], but received ${Array.isArray(inputShape[0]) ? `${inputShape.length} inputs` : `one input of shape ${formatShape(inputShape as Shape)}`}.`);
    }
    const [q, v, k] = inputShape as Shape[];
    return [q!, v!, k ?? v!];
  }

  override build(inputShape: Shape | Shape[]): void {
    this.shapesOf(inputShape);
    if (this.useScale) this.scale = this.addWeight({ name: "scale", shape: [], initializer: "ones" });
    if (this.scoreMode === "concat") this.concatScoreWeight = this.addWeight({ name: "concat_score_weight", shape: [], initializer: "ones" });
    this.built = true;
  }

  /** Scores (batch, Tq, Tv) of query (batch, Tq, dim) against key (batch, Tv, dim). */
  protected calculateScores(query: Tensor, key: Tensor): Tensor {
    if (this.scoreMode === "dot") {
      const scores = matmul(query, swapaxes(key, -2, -1));
      return this.scale ? multiply(scores, this.scale.value) : scores;
    }
    let summed = add(expandDims(query, -2), expandDims(key, -3));
    if (this.scale) summed = multiply(summed, this.scale.value);
    return multiply(this.concatScoreWeight!.value, sum(tanh(summed), -1));
  }

  override call(inputs: Tensor | Tensor[], options: AttentionCallOptions = {}): Tensor | Tensor[] {
    const list = inputs as Tensor[];
    const q = list[0]!;
    const v = list[1]!;
    const k = list[2] ?? v;
    const masks = Array.isArray(options.mask) ? options.mask : [];
    const qMask = masks[0] ?? null;
    const vMask = masks[1] ?? null;
    let scores = this.calculateScores(q, k);
    let scoresMask: Tensor | null = vMask ? expandDims(vMask.dtype === "bool" ? vMask : cast(vMask, "bool"), -2) : null;
    if (options.useCausalMask) {
      const tq = scores.shape[scores.shape.length - 2]!;
      const tv = scores.shape[scores.shape.length - 1]!;
      const causal = greaterEqual(reshape(arange(tq, null, 1, "int32"), [1, tq, 1]), reshape(arange(tv, null, 1, "int32"), [1, 1, tv]));
      scoresMask = scoresMask ? logicalAnd(scoresMask, causal) : causal;
    }
    if (scoresMask) scores = where(scoresMask, scores, add(scores, -1e9));
    const weights = softmax(scores, -1);
    const used = options.training && this.dropout > 0 ? randomDropout(weights, this.dropout, null, this.seedGenerator) : weights;
    let out = matmul(used, v);
    if (qMask) out = where(expandDims(qMask.dtype === "bool" ? qMask : cast(qMask, "bool"), -1), out, 0);
    return options.returnAttentionScores ? [out, weights] : out;
  }

  override computeOutputSpec(inputs: KerasTensor | KerasTensor[], options: AttentionCallOptions): KerasTensor | KerasTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const [q, v, k] = this.shapesOf(list.map((t) => [...t.shape]));
    const out = new KerasTensor([...q.slice(0, -1), v[v.length - 1] ?? null], this.dtype);
    if (!options.returnAttentionScores) return out;
    return [out, new KerasTensor([...q.slice(0, -1), k[k.length - 2] ?? null], this.dtype)];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [q, v] = this.shapesOf(inputShape);
    return [...q.slice(0, -1), v[v.length - 1] ?? null];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    if (!mask) return null;
    return Array.isArray(mask) ? (mask[0] ?? null) : mask;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), use_scale: this.useScale, score_mode: this.scoreMode, dropout: this.dropout, seed: this.seed };
  }
}
