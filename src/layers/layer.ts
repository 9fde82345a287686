import { run1 } from "../autodiff/engine.js";
import { isFloat, normalizeDType } from "../tensor/dtypes.js";
import type { DType } from "../tensor/dtypes.js";
import { Node, type GraphOperation } from "../graph/node.js";
import * as initializers from "../initializers/index.js";
import type { InitializerIdentifier } from "../initializers/index.js";
import * as regularizers from "../regularizers/index.js";
import type { Regularizer, RegularizerIdentifier } from "../regularizers/index.js";
import * as constraints from "../constraints/index.js";
import type { Constraint, ConstraintIdentifier } from "../constraints/index.js";
import { convertToTensor } from "../tensor/convert.js";
import { KerasTensor } from "../tensor/kerasTensor.js";
import { Tensor } from "../tensor/tensor.js";
import { Variable, withoutAssignments } from "../tensor/variable.js";
import { SeedGenerator } from "../random/seedGenerator.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { autoName } from "../util/names.js";
import { checkOptions } from "../util/options.js";
import { currentTraining, withCallContext } from "./callContext.js";
import { assertInputCompatibility, type InputSpec } from "./inputSpec.js";
import { getMask, setMask } from "./masking.js";

/** A shape as layers see it: `null` for unknown dims (the batch). */
export type Shape = (number | null)[];

/** Options every layer accepts (Keras's base Layer kwargs, camelCase). */
export interface LayerOptions {
  /** The layer's name (default: the snake_case class name made unique: `dense`, `dense_1`, …). */
  name?: string;
  /** Whether the layer's weights are updated by training (default true). */
  trainable?: boolean;
  /** The dtype of weights and computations (default "float32"). */
  dtype?: DType | string | { class_name?: string; config?: { name?: string } } | null;
  /** First layer only: the shape of one sample, without the batch dim (e.g. `[3, 2]`). */
  inputShape?: readonly (number | null)[];
  /** First layer only: the full input shape including the batch dim. Alias: `batchShape`. */
  batchInputShape?: readonly (number | null)[];
  batchShape?: readonly (number | null)[];
  /** First layer only: a fixed batch size to use with `inputShape`. */
  batchSize?: number;
  /** First layer only: shorthand for `inputShape: [inputDim]`. */
  inputDim?: number;
  /** A penalty on the layer's outputs, added to the loss. */
  activityRegularizer?: RegularizerIdentifier | null;
  /** Cast floating inputs to the layer's dtype (default true). */
  autocast?: boolean;
}

export const LAYER_OPTIONS = [
  "name",
  "trainable",
  "dtype",
  "inputShape",
  "batchInputShape",
  "batchShape",
  "batchSize",
  "inputDim",
  "activityRegularizer",
  "autocast",
] as const;

/** Arguments of `call` besides the inputs. */
export interface CallOptions {
  /** Training mode (dropout active, batch statistics) — propagated to nested layers. */
  training?: boolean;
  /** The inputs' mask(s), when masking is used. */
  mask?: Tensor | (Tensor | null)[] | null;
  [key: string]: unknown;
}

/** What `apply` takes: one input, a list of inputs, or data convertible to a tensor. */
export type LayerInput = Tensor | KerasTensor | Variable | readonly (Tensor | KerasTensor)[] | number[] | number[][] | number[][][] | ArrayBufferView | readonly unknown[];

export interface AddWeightOptions {
  name?: string;
  shape: readonly number[];
  initializer?: InitializerIdentifier | null;
  regularizer?: RegularizerIdentifier | null;
  constraint?: ConstraintIdentifier | null;
  trainable?: boolean;
  dtype?: DType;
}

/** A weight with the extras layers attach (regularizer, constraint). */
export interface LayerVariable extends Variable {
  regularizer?: Regularizer | null;
  constraint?: Constraint | null;
}

/** Depth of symbolic shape inference in progress: nested symbolic calls record no nodes. */
let inferenceDepth = 0;

/**
 * Bumped whenever some layer creates a weight or a model changes its layer list, so that
 * caches of traced forward passes (the compiled predict) know the models they traced may
 * have changed.
 */
let structureVersion = 0;

/** @internal The current structure version (see `bumpStructureVersion`). */
export function getStructureVersion(): number {
  return structureVersion;
}

/** @internal Marks that some model's weights or layers changed. */
export function bumpStructureVersion(): void {
  structureVersion++;
}

/** Classes whose inference computes each sample independently (exactly these classes, not subclasses). */
const perSampleClasses = new WeakSet<object>();

/**
 * @internal Declares that instances of exactly `cls` (not of its subclasses, which may
 * override `call`) compute each sample independently in inference. Used for the built-in layers.
 */
export function markPerSampleInference(cls: abstract new (...args: never[]) => Layer): void {
  perSampleClasses.add(cls);
}

/**
 * The base of all layers (Keras 3's contract): validate options in the constructor, create
 * weights in `build(inputShape)`, compute in `call(inputs, { training, mask })` with ops only,
 * and (optionally) give the shape rule in `computeOutputShape`. Invoke with `layer.apply(x)`.
 */
export abstract class Layer implements GraphOperation {
  /** Keras's class name (used in summaries, configs and saved files). */
  static readonly className: string = "Layer";

  name: string;
  built = false;
  inputSpec: InputSpec | InputSpec[] | null = null;
  supportsMasking = false;
  readonly inboundNodes: Node[] = [];
  readonly outboundNodes: Node[] = [];
  readonly dtypePolicy: DType;
  readonly autocast: boolean;
  activityRegularizer: Regularizer | null;
  /** The input shape given to `build` (for `build_config`). */
  buildInputShape: Shape | Shape[] | null = null;
  /** @internal From inputShape / batchInputShape / inputDim: the first layer's input shape, batch included. */
  batchInputShapeArg: Shape | null = null;

  protected _trainable: boolean;
  private readonly _trainableVars: LayerVariable[] = [];
  private readonly _nonTrainableVars: LayerVariable[] = [];
  private _activityLosses: Tensor[] = [];

  constructor(options: LayerOptions = {}, ownOptions: readonly string[] = []) {
    const cls = new.target as unknown as typeof Layer;
    const className = Object.prototype.hasOwnProperty.call(cls, "className") ? cls.className : cls.name;
    checkOptions(className, options, [...LAYER_OPTIONS, ...ownOptions]);
    this.name = options.name ?? autoName(className);
    if (typeof this.name !== "string" || this.name.length === 0) {
      throw new ValueError(`${className}: name must be a non-empty string, but received ${String(options.name)}.`);
    }
    if (options.trainable !== undefined && typeof options.trainable !== "boolean") {
      throw new ValueError(`${className}: expected \`trainable\` to be a boolean, but received ${String(options.trainable)}.`);
    }
    this._trainable = options.trainable ?? true;
    this.dtypePolicy = parseDType(options.dtype, className);
    this.autocast = options.autocast ?? true;
    this.activityRegularizer = regularizers.get(options.activityRegularizer ?? null);
    this.batchInputShapeArg = batchShapeFromOptions(options, className);
  }

  /** Keras's class name of this layer. */
  get className(): string {
    const cls = this.constructor as typeof Layer;
    return Object.prototype.hasOwnProperty.call(cls, "className") ? cls.className : cls.name;
  }

  get dtype(): DType {
    return this.dtypePolicy;
  }

  get trainable(): boolean {
    return this._trainable;
  }

  set trainable(value: boolean) {
    this._trainable = value;
    for (const l of this.trackedLayers()) l.trainable = value;
  }

  /**
   * Whether inference (training=false) computes each sample of a batch independently of the
   * others, so that predict may run a large batch in smaller chunks with identical results.
   * True for the built-in layers (BatchNormalization uses its moving statistics in inference,
   * Dropout is the identity), except stateful RNNs, and only if every sub-layer says so.
   * False by default for user subclasses; override it to return true to opt in.
   */
  get perSampleInference(): boolean {
    if (!perSampleClasses.has(this.constructor)) return false;
    if ((this as { stateful?: unknown }).stateful === true) return false;
    return this.trackedLayers().every((l) => l.perSampleInference);
  }

  // ---------------------------------------------------------------- weights

  /** Creates a weight tracked by this layer (Keras's `add_weight`). */
  addWeight(options: AddWeightOptions): LayerVariable {
    const name = options.name ?? `variable_${this._trainableVars.length + this._nonTrainableVars.length}`;
    const dtype = options.dtype ?? this.dtypePolicy;
    const init = initializers.get(options.initializer ?? (isFloat(dtype) ? "glorot_uniform" : "zeros"))!;
    const shape = [...options.shape];
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) {
        throw new ValueError(`Layer "${this.name}": cannot create weight '${name}' with shape ${formatShape(shape)}: every dimension must be a known non-negative integer.`);
      }
    }
    const value = init.call(shape, dtype);
    const trainable = options.trainable ?? true;
    const v = new Variable(value.dtype === dtype ? value : convertToTensor(value, dtype), {
      name,
      path: `${this.name}/${name}`,
      trainable,
    }) as LayerVariable;
    v.regularizer = regularizers.get(options.regularizer ?? null);
    v.constraint = constraints.get(options.constraint ?? null);
    (trainable ? this._trainableVars : this._nonTrainableVars).push(v);
    bumpStructureVersion();
    return v;
  }

  /** Sub-layers held in this layer's own properties (a layer or an array of layers), in assignment order. */
  protected trackedLayers(): Layer[] {
    const out: Layer[] = [];
    for (const [key, value] of Object.entries(this)) {
      if (key === "inboundNodes" || key === "outboundNodes") continue;
      if (value instanceof Layer) out.push(value);
      else if (Array.isArray(value)) for (const v of value) if (v instanceof Layer) out.push(v);
    }
    return out;
  }

  /** @internal The sub-layers (for walks over a model, e.g. looking for stateful layers). */
  subLayers(): Layer[] {
    return this.trackedLayers();
  }

  /** All weights: own trainable, own non-trainable, then sub-layers' (Keras's order). */
  get weights(): LayerVariable[] {
    const out: LayerVariable[] = [...this._trainableVars, ...this._nonTrainableVars];
    for (const l of this.trackedLayers()) for (const w of l.weights) if (!out.includes(w)) out.push(w);
    return out;
  }

  get trainableWeights(): LayerVariable[] {
    if (!this.trainable) return [];
    const out: LayerVariable[] = [...this._trainableVars];
    for (const l of this.trackedLayers()) for (const w of l.trainableWeights) if (!out.includes(w)) out.push(w);
    return out;
  }

  get nonTrainableWeights(): LayerVariable[] {
    const trainable = new Set(this.trainableWeights);
    return this.weights.filter((w) => !trainable.has(w));
  }

  /**
   * All the layer's state (Keras's `variables`): the weights, plus the state of the layer's
   * random seed generators (Dropout's), own then sub-layers', without duplicates.
   */
  get variables(): Variable[] {
    const out: Variable[] = [...this._trainableVars];
    for (const v of this._nonTrainableVars) if (!out.includes(v)) out.push(v);
    for (const value of Object.values(this)) if (value instanceof SeedGenerator) out.push(value.state);
    for (const l of this.trackedLayers()) for (const v of l.variables) if (!out.includes(v)) out.push(v);
    return out;
  }

  get trainableVariables(): LayerVariable[] {
    return this.trainableWeights;
  }

  /** The non-trainable weights plus the seed generators' state (Keras's `non_trainable_variables`). */
  get nonTrainableVariables(): Variable[] {
    const trainable = new Set<Variable>(this.trainableWeights);
    return this.variables.filter((v) => !trainable.has(v));
  }

  /** The weights' current values, in `weights` order. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => w.value);
  }

  /** Sets the weights' values (same order and shapes as `getWeights()`). */
  setWeights(weights: readonly unknown[]): void {
    const own = this.weights;
    if (!Array.isArray(weights) || weights.length !== own.length) {
      throw new ValueError(
        `Layer "${this.name}" expects ${own.length} weight(s) (${own.map((w) => `${w.name} ${formatShape(w.shape)}`).join(", ") || "none"}), but received ${Array.isArray(weights) ? weights.length : String(weights)} weight(s).`,
      );
    }
    const values = weights.map((w, i) => convertToTensor(w, own[i]!.dtype));
    values.forEach((t, i) => {
      const v = own[i]!;
      if (t.shape.length !== v.shape.length || t.shape.some((d, k) => d !== v.shape[k])) {
        throw new ValueError(
          `Layer "${this.name}" weight shape mismatch for weight ${i} ('${v.name}'): expected shape ${formatShape(v.shape)}, but received shape ${formatShape(t.shape)}.`,
        );
      }
    });
    values.forEach((t, i) => own[i]!.assign(t));
  }

  /** The number of scalars in all weights. Throws if the layer is not built. */
  countParams(): number {
    if (!this.built) {
      throw new ValueError(
        `You tried to call countParams() on layer "${this.name}", but the layer isn't built. Build it first by calling it on data or with build(inputShape).`,
      );
    }
    let n = 0;
    for (const w of this.weights) n += w.size;
    return n;
  }

  /** Weight-regularization and activity-regularization losses of this layer and its sub-layers. */
  get losses(): Tensor[] {
    const out: Tensor[] = [...this._activityLosses];
    for (const w of [...this._trainableVars, ...this._nonTrainableVars]) if (w.regularizer) out.push(w.regularizer.call(w.value));
    for (const l of this.trackedLayers()) out.push(...l.losses);
    return out;
  }

  /** @internal Clears per-call losses (activity regularization) before a new forward pass. */
  clearCallLosses(): void {
    this._activityLosses = [];
    for (const l of this.trackedLayers()) l.clearCallLosses();
  }

  /** Adds a loss tensor from inside `call` (Keras's `add_loss`). */
  addLoss(loss: Tensor): void {
    this._activityLosses.push(loss);
  }

  // ---------------------------------------------------------------- the contract

  /** Creates the weights for inputs of `inputShape` (batch dim included, may be null). */
  build(inputShape: Shape | Shape[]): void {
    void inputShape;
    this.built = true;
  }

  /** The forward computation, written with `keras.ops`. */
  call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor | Tensor[] {
    void options;
    return inputs;
  }

  /**
   * The output shape for an input shape. The default runs `call` on symbolic tensors
   * (shape rules only); layers with a cheap closed form override this.
   */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const specs = isShapeList(inputShape)
      ? inputShape.map((s) => new KerasTensor(s, this.dtypePolicy))
      : new KerasTensor(inputShape as Shape, this.dtypePolicy);
    const out = this.computeOutputSpec(specs, {});
    return Array.isArray(out) ? out.map((t) => [...t.shape]) : [...out.shape];
  }

  /** The mask of the outputs (default: the input mask passes through if masking is supported). */
  computeMask(inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    void inputs;
    if (!this.supportsMasking) return null;
    return mask ?? null;
  }

  /** Whether `computeOutputShape` is a closed form (true when a subclass overrides it). */
  protected hasShapeRule(): boolean {
    return this.computeOutputShape !== Layer.prototype.computeOutputShape;
  }

  /** Symbolic outputs for symbolic inputs. */
  computeOutputSpec(inputs: KerasTensor | KerasTensor[], options: CallOptions): KerasTensor | KerasTensor[] {
    if (this.hasShapeRule()) {
      const shapes = Array.isArray(inputs) ? inputs.map((t) => [...t.shape]) : [...inputs.shape];
      const out = this.computeOutputShape(shapes as Shape | Shape[]);
      if (isShapeList(out)) return out.map((s) => new KerasTensor(s, this.dtypePolicy));
      return new KerasTensor(out as Shape, this.dtypePolicy);
    }
    inferenceDepth++;
    try {
      // stateless, as Keras's symbolic calls: state updates in `call` must not happen here
      return withoutAssignments(() => withCallContext(options.training, () => this.call(inputs as unknown as Tensor | Tensor[], options))) as unknown as KerasTensor | KerasTensor[];
    } finally {
      inferenceDepth--;
    }
  }

  // ---------------------------------------------------------------- calling

  /** Builds the layer for this input shape if it isn't built yet. */
  protected maybeBuild(shapes: Shape | Shape[]): void {
    if (this.built) return;
    // Like a traced Keras call, the batch size is not part of the build shape.
    const unbatched = (s: Shape): Shape => (s.length ? [null, ...s.slice(1)] : s);
    shapes = isShapeList(shapes) ? shapes.map(unbatched) : unbatched(shapes as Shape);
    this.buildInputShape = shapes;
    this.build(shapes);
    this.built = true;
  }

  /**
   * Calls the layer (Python's `layer(x)`): on a KerasTensor it records a graph node and returns
   * a symbolic output (no computation); on data it computes.
   */
  apply(inputs: LayerInput, options: CallOptions = {}): Tensor | any {
    const { values, isList } = this.normalizeInputs(inputs);
    assertInputCompatibility(this.inputSpec, values, this.name);
    const shapes = values.map((v) => [...v.shape] as Shape);
    this.maybeBuild(isList ? shapes : shapes[0]!);
    const symbolic = values.some((v) => v instanceof KerasTensor);
    const training = options.training ?? currentTraining();
    let mask = options.mask;
    if (mask === undefined) {
      const ms = values.map((v) => getMask(v));
      mask = ms.some((m) => m) ? (isList ? ms : ms[0]!) : undefined;
    }
    const callOptions: CallOptions = { ...options, training };
    if (mask !== undefined) callOptions.mask = mask;
    const arg = (isList ? values : values[0]!) as Tensor | Tensor[];
    if (symbolic) {
      const kin = values.map((v) => (v instanceof KerasTensor ? v : new KerasTensor([...v.shape], v.dtype)));
      const out = this.computeOutputSpec(isList ? kin : kin[0]!, callOptions);
      const outs = Array.isArray(out) ? out : [out];
      if (inferenceDepth === 0) {
        new Node(this, kin, outs, {
          callOptions: { ...options },
          inputsAreList: isList,
          outputsAreList: Array.isArray(out),
        });
      }
      this.propagateMask(arg, mask, out as unknown as Tensor | Tensor[]);
      return out;
    }
    this._activityLosses = [];
    const out = withCallContext(training, () => this.call(arg, callOptions));
    if (this.activityRegularizer) {
      for (const o of Array.isArray(out) ? out : [out]) {
        const batch = o.shape[0] ?? 1;
        this._activityLosses.push(run1("divide", [this.activityRegularizer.call(o), convertToTensor(batch, o.dtype)]));
      }
    }
    this.propagateMask(arg, mask, out);
    return out;
  }

  private propagateMask(inputs: Tensor | Tensor[], mask: CallOptions["mask"], outputs: Tensor | Tensor[]): void {
    if (mask === undefined && !this.supportsMasking) return;
    const outMask = this.computeMask(inputs, mask);
    if (Array.isArray(outputs)) {
      outputs.forEach((o, i) => setMask(o, Array.isArray(outMask) ? outMask[i] : outMask));
    } else if (!Array.isArray(outMask)) setMask(outputs, outMask);
  }

  /** Converts `apply`'s argument to a list of tensors (data → float tensors; floats autocast). */
  private normalizeInputs(inputs: LayerInput): { values: (Tensor | KerasTensor)[]; isList: boolean } {
    const isTensorish = (x: unknown) => x instanceof Tensor || x instanceof KerasTensor || x instanceof Variable;
    let isList = false;
    let raw: unknown[];
    if (Array.isArray(inputs) && inputs.length > 0 && inputs.every(isTensorish)) {
      isList = true;
      raw = inputs;
    } else {
      raw = [inputs];
    }
    const values = raw.map((x) => {
      if (x instanceof KerasTensor) return x;
      if (x === null || x === undefined || typeof x === "string" || (typeof x === "object" && !Array.isArray(x) && !ArrayBuffer.isView(x) && !(x instanceof Tensor) && !(x instanceof Variable))) {
        throw new ValueError(`Layer "${this.name}": inputs should be tensors or arrays of numbers, but received ${x === null ? "null" : typeof x === "object" ? ((x as object).constructor?.name ?? "an object") : typeof x}.`);
      }
      let t = x instanceof Tensor ? x : convertToTensor(x instanceof Variable ? x.value : x, x instanceof Variable ? undefined : this.dtypePolicy);
      if (this.autocast && isFloat(t.dtype) && t.dtype !== this.dtypePolicy && isFloat(this.dtypePolicy)) t = convertToTensor(t, this.dtypePolicy);
      return t;
    });
    return { values, isList };
  }

  // ---------------------------------------------------------------- graph info

  private requireNodes(what: string): Node {
    if (this.inboundNodes.length === 0) {
      throw new ValueError(`The layer "${this.name}" has never been called and thus has no defined ${what}.`);
    }
    return this.inboundNodes[0]!;
  }

  /** The symbolic input of the layer's first call (functional models). */
  get input(): KerasTensor | KerasTensor[] {
    const node = this.requireNodes("input");
    return node.inputsAreList ? node.inputTensors : node.inputTensors[0]!;
  }

  /** The symbolic output of the layer's first call. */
  get output(): KerasTensor | KerasTensor[] {
    const node = this.requireNodes("output");
    return node.outputsAreList ? node.outputTensors : node.outputTensors[0]!;
  }

  /** The output shape (from the layer's graph node, or computed from its build shape). */
  get outputShape(): Shape | Shape[] {
    if (this.inboundNodes.length) {
      const node = this.inboundNodes[0]!;
      const shapes = node.outputTensors.map((t) => [...t.shape]);
      return node.outputsAreList ? shapes : shapes[0]!;
    }
    if (this.buildInputShape) return this.computeOutputShape(this.buildInputShape);
    throw new ValueError(`The layer "${this.name}" has never been called and thus has no defined output shape.`);
  }

  // ---------------------------------------------------------------- config

  /** The layer's config with Keras's snake_case keys (for saving and cloning). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      name: this.name,
      trainable: this.trainable,
      dtype: { module: "keras", class_name: "DTypePolicy", config: { name: this.dtypePolicy }, registered_name: null },
    };
    if (this.activityRegularizer) config.activity_regularizer = regularizers.serialize(this.activityRegularizer);
    return config;
  }

  /** Keras's `build_config`: the input shape the layer was built with. */
  getBuildConfig(): { input_shape: Shape | Shape[] } | null {
    return this.buildInputShape ? { input_shape: this.buildInputShape } : null;
  }

  toString(): string {
    return `<${this.className} name=${this.name}, built=${this.built}>`;
  }
}

function isShapeList(x: unknown): x is Shape[] {
  return Array.isArray(x) && x.length > 0 && x.every((s) => Array.isArray(s));
}

function parseDType(dtype: LayerOptions["dtype"], owner: string): DType {
  if (dtype === undefined || dtype === null) return "float32";
  if (typeof dtype === "string") return normalizeDType(dtype, `${owner} dtype`);
  if (typeof dtype === "object" && dtype.config && typeof dtype.config.name === "string") return normalizeDType(dtype.config.name, `${owner} dtype`);
  throw new ValueError(`${owner}: could not interpret dtype ${JSON.stringify(dtype)}.`);
}

function checkShapeArg(shape: unknown, option: string, owner: string): Shape {
  if (!Array.isArray(shape)) {
    throw new ValueError(`${owner}: \`${option}\` must be an array such as [3, 2], but received ${JSON.stringify(shape)}.`);
  }
  for (const d of shape) {
    if (d !== null && (typeof d !== "number" || !Number.isInteger(d) || d < 0)) {
      throw new ValueError(`${owner}: \`${option}\` must contain non-negative integers or null, but received ${formatShape(shape as (number | null)[])}.`);
    }
  }
  return [...shape] as Shape;
}

/** The batch input shape from inputShape / batchInputShape / batchShape / inputDim (+ batchSize). */
export function batchShapeFromOptions(options: LayerOptions, owner: string): Shape | null {
  if (options.batchInputShape !== undefined || options.batchShape !== undefined) {
    return checkShapeArg(options.batchInputShape ?? options.batchShape, options.batchInputShape !== undefined ? "batchInputShape" : "batchShape", owner);
  }
  let shape: Shape | null = null;
  if (options.inputShape !== undefined) shape = checkShapeArg(options.inputShape, "inputShape", owner);
  else if (options.inputDim !== undefined) {
    if (!Number.isInteger(options.inputDim) || options.inputDim <= 0) {
      throw new ValueError(`${owner}: \`inputDim\` must be a positive integer, but received ${String(options.inputDim)}.`);
    }
    shape = [options.inputDim];
  }
  if (shape === null) return null;
  return [options.batchSize ?? null, ...shape];
}

/** Splits Keras-style positional arguments: `(16, {…})` or `({ units: 16, … })`. */
export function positionalOptions<T extends object>(
  first: unknown,
  rest: T | undefined,
  name: string,
): T & Record<string, unknown> {
  if (first !== null && typeof first === "object" && !Array.isArray(first)) {
    return { ...(first as T) } as T & Record<string, unknown>;
  }
  const options = { ...(rest ?? {}) } as T & Record<string, unknown>;
  if (first !== undefined) (options as Record<string, unknown>)[name] = first;
  return options;
}
