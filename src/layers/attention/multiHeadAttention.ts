import * as constraints from "../../constraints/index.js";
import * as initializers from "../../initializers/index.js";
import { greaterEqual, logicalAnd, multiply } from "../../ops/numpy/arithmetic.js";
import { arange } from "../../ops/numpy/creation.js";
import { matmul } from "../../ops/numpy/linalg.js";
import { cast, where } from "../../ops/numpy/manipulation.js";
import { reshape, transpose } from "../../ops/numpy/shape.js";
import { softmax } from "../../ops/nn/activations.js";
import { dropout as randomDropout, SeedGenerator } from "../../random/index.js";
import * as regularizers from "../../regularizers/index.js";
import { convertToTensor } from "../../tensor/convert.js";
import { KerasTensor } from "../../tensor/kerasTensor.js";
import { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { Layer, positionalOptions, type CallOptions, type LayerInput, type LayerOptions, type Shape } from "../layer.js";
import { HeadProjection } from "./headProjection.js";

export interface MultiHeadAttentionOptions extends LayerOptions {
  /** Number of attention heads. */
  numHeads?: number;
  /** Size of each head for query and key. */
  keyDim?: number;
  /** Size of each head for value (default: keyDim). */
  valueDim?: number | null;
  /** Dropout rate on the attention probabilities (training only). Default 0. */
  dropout?: number;
  /** Whether the projections have biases. Default true. */
  useBias?: boolean;
  /** The last dims of the output (default: the query's last dim). */
  outputShape?: number | number[] | null;
  /** Axes attention runs over (default: all axes between batch and features; other choices are not supported). */
  attentionAxes?: number | number[] | null;
  /** Default "glorot_uniform". */
  kernelInitializer?: initializers.InitializerIdentifier;
  /** Default "zeros". */
  biasInitializer?: initializers.InitializerIdentifier;
  kernelRegularizer?: regularizers.RegularizerIdentifier | null;
  biasRegularizer?: regularizers.RegularizerIdentifier | null;
  kernelConstraint?: constraints.ConstraintIdentifier | null;
  biasConstraint?: constraints.ConstraintIdentifier | null;
  seed?: number | null;
  /** Keras 3.x options accepted from configs: must be unset (false / null). */
  useGate?: boolean;
  slidingWindow?: number | null;
  flashAttention?: boolean | null;
}

/** Call options of MultiHeadAttention (`apply(query, { value, key, ... })`). */
export interface MultiHeadAttentionCallOptions extends CallOptions {
  /** The value sequence (batch, S, dim) (required unless passed as `apply([query, value])`). */
  value?: LayerInput;
  /** The key sequence (default: value). */
  key?: LayerInput;
  /** Boolean mask (batch, T, S): true where query position t may attend to key position s. */
  attentionMask?: LayerInput | null;
  /** Also return the attention probabilities (batch, numHeads, T, S). Default false. */
  returnAttentionScores?: boolean;
  /** Mask out future positions (position t attends to s ≤ t). Default false. */
  useCausalMask?: boolean;
}

const OPTIONS = [
  "numHeads",
  "keyDim",
  "valueDim",
  "dropout",
  "useBias",
  "outputShape",
  "attentionAxes",
  "kernelInitializer",
  "biasInitializer",
  "kernelRegularizer",
  "biasRegularizer",
  "kernelConstraint",
  "biasConstraint",
  "seed",
  "useGate",
  "slidingWindow",
  "flashAttention",
];

const prod = (xs: readonly (number | null)[]) => xs.reduce<number | null>((a, b) => (a === null || b === null ? null : a * b), 1);

function positiveInt(value: unknown, name: string, nullable = false): void {
  if (nullable && (value === null || value === undefined)) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`MultiHeadAttention: received an invalid value for argument \`${name}\`, expected a positive integer. Received: ${name}=${JSON.stringify(value)}`);
  }
}

/**
 * Multi-head attention (Vaswani et al. 2017) with Keras's weight layout: sublayers `query`,
 * `key`, `value` with kernels `(dim, numHeads, keyDim|valueDim)` and biases
 * `(numHeads, keyDim|valueDim)`, and `attention_output` with kernel `(numHeads, valueDim, outDim)`
 * and bias `(outDim,)`; weights in that order. Per head: `softmax(q·kᵀ / √keyDim) · v`.
 *
 * Call it like Keras's `mha(query, value, key)`: `apply([query, value])`, `apply([query, value, key])`,
 * or `apply(query, { value, key, attentionMask, returnAttentionScores, useCausalMask })`.
 * Output: `(batch, T, outDim)` — with `returnAttentionScores`, `[output, scores (batch, heads, T, S)]`.
 * Masks of query and value (from Embedding/Masking) mask the attention like Keras; the output
 * carries the query's mask. Inputs of rank > 3 attend over all middle axes jointly.
 *
 * ```ts
 * const mha = new keras.layers.MultiHeadAttention(2, 16);
 * const y = mha.apply(x, { value: x, useCausalMask: true });   // self-attention
 * ```
 */
export class MultiHeadAttention extends Layer {
  static override readonly className: string = "MultiHeadAttention";
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputShapeArg: number[] | null;
  readonly attentionAxes: number[] | null;
  readonly kernelInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  readonly kernelRegularizer: regularizers.Regularizer | null;
  readonly biasRegularizer: regularizers.Regularizer | null;
  readonly kernelConstraint: constraints.Constraint | null;
  readonly biasConstraint: constraints.Constraint | null;
  readonly seed: number | null;
  queryDense: HeadProjection | null = null;
  keyDense: HeadProjection | null = null;
  valueDense: HeadProjection | null = null;
  outputDense: HeadProjection | null = null;
  private readonly seedGenerator: SeedGenerator;

  constructor(numHeads: number | MultiHeadAttentionOptions, keyDim?: number | MultiHeadAttentionOptions, options?: MultiHeadAttentionOptions) {
    let o: MultiHeadAttentionOptions;
    if (numHeads !== null && typeof numHeads === "object") o = { ...numHeads };
    else if (keyDim !== null && typeof keyDim === "object") o = { ...keyDim, numHeads };
    else o = positionalOptions<MultiHeadAttentionOptions>(numHeads, { ...(options ?? {}), keyDim }, "numHeads");
    super(o, OPTIONS);
    positiveInt(o.numHeads, "num_heads");
    positiveInt(o.keyDim, "key_dim");
    positiveInt(o.valueDim, "value_dim", true);
    this.numHeads = o.numHeads!;
    this.keyDim = o.keyDim!;
    this.valueDim = o.valueDim ?? this.keyDim;
    this.dropout = o.dropout ?? 0;
    if (typeof this.dropout !== "number" || !(this.dropout >= 0 && this.dropout < 1)) {
      throw new ValueError(`MultiHeadAttention: \`dropout\` must be a number in [0, 1), but received ${JSON.stringify(o.dropout)}.`);
    }
    this.useBias = o.useBias ?? true;
    const os = o.outputShape;
    this.outputShapeArg = os === null || os === undefined ? null : typeof os === "number" ? [os] : [...os];
    if (this.outputShapeArg) this.outputShapeArg.forEach((d) => positiveInt(d, "output_shape"));
    const axes = o.attentionAxes;
    this.attentionAxes = axes === null || axes === undefined ? null : typeof axes === "number" ? [axes] : [...axes];
    this.kernelInitializer = initializers.get(o.kernelInitializer ?? "glorot_uniform")!;
    this.biasInitializer = initializers.get(o.biasInitializer ?? "zeros")!;
    this.kernelRegularizer = regularizers.get(o.kernelRegularizer ?? null);
    this.biasRegularizer = regularizers.get(o.biasRegularizer ?? null);
    this.kernelConstraint = constraints.get(o.kernelConstraint ?? null);
    this.biasConstraint = constraints.get(o.biasConstraint ?? null);
    this.seed = o.seed ?? null;
    if (o.useGate) throw new ValueError("MultiHeadAttention: `useGate: true` is not supported.");
    if (o.slidingWindow !== null && o.slidingWindow !== undefined) throw new ValueError("MultiHeadAttention: `slidingWindow` is not supported.");
    if (o.flashAttention) throw new ValueError("MultiHeadAttention: `flashAttention: true` is not supported.");
    this.seedGenerator = new SeedGenerator(this.seed ?? undefined);
    this.supportsMasking = true;
  }

  /** Calls the layer: `apply([query, value, key?])` or `apply(query, { value, key, attentionMask, ... })`. */
  override apply(inputs: LayerInput, options: MultiHeadAttentionCallOptions = {}): Tensor | any {
    const { value, key, attentionMask, ...rest } = options;
    const asTensor = (x: LayerInput) => (x instanceof Tensor || x instanceof KerasTensor ? x : convertToTensor(x, this.dtype));
    let list: (Tensor | KerasTensor)[];
    if (value !== undefined && value !== null) {
      list = [asTensor(inputs), asTensor(value)];
      if (key !== undefined && key !== null) list.push(asTensor(key));
    } else if (Array.isArray(inputs) && inputs.length >= 2 && inputs.length <= 3 && inputs.every((x) => x instanceof Tensor || x instanceof KerasTensor)) {
      list = [...(inputs as (Tensor | KerasTensor)[])];
    } else {
      throw new ValueError(`Layer "${this.name}" (MultiHeadAttention) needs a query and a value: call apply([query, value]) or apply(query, { value }).`);
    }
    if (attentionMask !== undefined && attentionMask !== null) {
      if (list.length === 2) list.push(list[1]!);
      const m = attentionMask instanceof Tensor || attentionMask instanceof KerasTensor ? attentionMask : convertToTensor(attentionMask, "bool");
      list.push(m);
    }
    return super.apply(list, rest);
  }

  /** The (query, value, key) shapes of a build/shape call. */
  private splitShapes(shapes: Shape | Shape[]): [Shape, Shape, Shape] {
    if (!Array.isArray(shapes[0])) throw new ValueError(`Layer "${this.name}" (MultiHeadAttention) needs a query and a value, but received one input of shape ${formatShape(shapes as Shape)}.`);
    const s = shapes as Shape[];
    const [q, v] = s as [Shape, Shape];
    const k = s[2] ?? v;
    return [q, v, k];
  }

  private checkShapes(q: Shape, v: Shape, k: Shape): void {
    const head = `Layer "${this.name}" (MultiHeadAttention):`;
    if (q.length < 3 || v.length !== q.length || k.length !== q.length) {
      throw new ValueError(`${head} query, value and key must have the same rank ≥ 3 (batch, ..., features), but received query ${formatShape(q)}, value ${formatShape(v)}, key ${formatShape(k)}.`);
    }
    const vm = v.slice(1, -1);
    const km = k.slice(1, -1);
    if (vm.some((d, i) => d !== null && km[i] !== null && d !== km[i])) {
      throw new ValueError(`${head} all dimensions of \`value\` and \`key\`, except the last one, must be equal. Received: value shape ${formatShape(v)} and key shape ${formatShape(k)}.`);
    }
    if (this.attentionAxes) {
      const rank = q.length + 1;
      const norm = this.attentionAxes.map((a) => (a < 0 ? rank - 1 + a : a)).sort((a, b) => a - b);
      const all = Array.from({ length: q.length - 2 }, (_, i) => i + 1);
      if (norm.length !== all.length || norm.some((a, i) => a !== all[i])) {
        throw new ValueError(`${head} attentionAxes ${JSON.stringify(this.attentionAxes)} is not supported for inputs of rank ${q.length}; only attention over all axes between batch and features (the default) is.`);
      }
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    const [q, v, k] = this.splitShapes(inputShape);
    this.checkShapes(q, v, k);
    const common = {
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      kernelRegularizer: this.kernelRegularizer,
      biasRegularizer: this.biasRegularizer,
      kernelConstraint: this.kernelConstraint,
      biasConstraint: this.biasConstraint,
      useBias: this.useBias,
      dtype: this.dtype,
    };
    const make = (name: string, contract: number, outDims: number[], shape: Shape) => {
      const l = new HeadProjection({ ...common, name, contract, outDims });
      l.buildInputShape = shape;
      l.build(shape);
      return l;
    };
    this.queryDense = make("query", 1, [this.numHeads, this.keyDim], q);
    this.keyDense = make("key", 1, [this.numHeads, this.keyDim], k);
    this.valueDense = make("value", 1, [this.numHeads, this.valueDim], v);
    const outDims = this.outputShapeArg ?? [q[q.length - 1]!];
    this.outputDense = make("attention_output", 2, outDims, [...q.slice(0, -1), this.numHeads, this.valueDim]);
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], options: MultiHeadAttentionCallOptions = {}): Tensor | Tensor[] {
    const list = inputs as Tensor[];
    const query = list[0]!;
    const value = list[1]!;
    const hasKey = list.length >= 3 && list[2] !== list[1];
    const key = list.length >= 3 ? list[2]! : value;
    const given = list.length === 4 ? list[3]! : null;
    const masks = Array.isArray(options.mask) ? options.mask : [];
    const queryMask = masks[0] ?? null;
    const valueMask = masks[1] ?? null;
    const keyMask = hasKey ? (masks[2] ?? null) : null;
    const batch = query.shape[0]!;
    const qLen = prod(query.shape.slice(1, -1))!;
    const sLen = prod(value.shape.slice(1, -1))!;

    // (B, T, N, H): projections, middle axes flattened into one sequence axis
    const q = reshape(this.queryDense!.call(query), [batch, qLen, this.numHeads, this.keyDim]);
    const k = reshape(this.keyDense!.call(key), [batch, sLen, this.numHeads, this.keyDim]);
    const v = reshape(this.valueDense!.call(value), [batch, sLen, this.numHeads, this.valueDim]);

    // scores (B, N, T, S)
    const qh = transpose(multiply(q, 1 / Math.sqrt(this.keyDim)), [0, 2, 1, 3]);
    const kh = transpose(k, [0, 2, 3, 1]);
    let scores = matmul(qh, kh);
    const mask = this.attentionMaskOf(batch, qLen, sLen, queryMask, valueMask, keyMask, given, options.useCausalMask ?? false);
    if (mask) scores = where(mask, scores, -1e9);
    let probs = softmax(scores, -1);
    if (mask) probs = where(mask, probs, 0);
    const used = options.training && this.dropout > 0 ? randomDropout(probs, this.dropout, null, this.seedGenerator) : probs;
    // (B, N, T, Hv) → (B, T, N, Hv) → back to the query's middle axes
    const heads = transpose(matmul(used, transpose(v, [0, 2, 1, 3])), [0, 2, 1, 3]);
    const out = this.outputDense!.call(reshape(heads, [...query.shape.slice(0, -1), this.numHeads, this.valueDim]));
    if (!options.returnAttentionScores) return out;
    const scoreShape = [batch, this.numHeads, ...query.shape.slice(1, -1), ...value.shape.slice(1, -1)];
    return [out, reshape(probs, scoreShape)];
  }

  /** The combined boolean mask (broadcastable to (B, N, T, S)), or null. */
  private attentionMaskOf(batch: number, t: number, s: number, queryMask: Tensor | null, valueMask: Tensor | null, keyMask: Tensor | null, given: Tensor | null, causal: boolean): Tensor | null {
    const bool = (m: Tensor) => (m.dtype === "bool" ? m : cast(m, "bool"));
    const and = (a: Tensor | null, b: Tensor) => (a ? logicalAnd(a, b) : b);
    let mask: Tensor | null = null;
    if (queryMask) mask = reshape(bool(queryMask), [batch, 1, t, 1]);
    if (valueMask) mask = and(mask, reshape(bool(valueMask), [batch, 1, 1, s]));
    if (keyMask) mask = and(mask, reshape(bool(keyMask), [batch, 1, 1, s]));
    if (causal) mask = and(mask, greaterEqual(reshape(arange(t, null, 1, "int32"), [1, 1, t, 1]), reshape(arange(s, null, 1, "int32"), [1, 1, 1, s])));
    if (given) {
      let g = bool(given);
      if (g.size === batch * t * s && g.shape.length !== 2) g = reshape(g, [batch, 1, t, s]);
      else if (g.size === t * s) g = reshape(g, [1, 1, t, s]);
      else {
        throw new ValueError(`Layer "${this.name}": attentionMask must have shape (batch, T, S) = ${formatShape([batch, t, s])} (or (T, S)), but received shape ${formatShape(given.shape)}.`);
      }
      mask = and(mask, g);
    }
    return mask;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const [q, v, k] = this.splitShapes(inputShape);
    this.checkShapes(q, v, k);
    return this.outputShapeArg ? [...q.slice(0, -1), ...this.outputShapeArg] : [...q];
  }

  override computeOutputSpec(inputs: KerasTensor | KerasTensor[], options: MultiHeadAttentionCallOptions): KerasTensor | KerasTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const out = new KerasTensor(this.computeOutputShape(list.slice(0, 3).map((t) => [...t.shape])) as Shape, this.dtype);
    if (!options.returnAttentionScores) return out;
    const q = list[0]!.shape;
    const v = list[1]!.shape;
    return [out, new KerasTensor([q[0] ?? null, this.numHeads, ...q.slice(1, -1), ...v.slice(1, -1)], this.dtype)];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    const q = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    return q;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      num_heads: this.numHeads,
      key_dim: this.keyDim,
      value_dim: this.valueDim,
      dropout: this.dropout,
      use_bias: this.useBias,
      use_gate: false,
      output_shape: this.outputShapeArg,
      attention_axes: this.attentionAxes,
      sliding_window: null,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: regularizers.serialize(this.kernelRegularizer),
      bias_regularizer: regularizers.serialize(this.biasRegularizer),
      activity_regularizer: regularizers.serialize(this.activityRegularizer),
      kernel_constraint: constraints.serialize(this.kernelConstraint),
      bias_constraint: constraints.serialize(this.biasConstraint),
      seed: this.seed,
    };
  }
}
