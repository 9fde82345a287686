import { withoutGradient } from "../autodiff/engine.js";
import * as initializers from "../initializers/index.js";
import type { Initializer } from "../initializers/index.js";
import { add, clip, divide, greater, maximum, minimum, multiply, sqrt, square, subtract } from "../ops/numpy/arithmetic.js";
import { cast, where } from "../ops/numpy/manipulation.js";
import { sum } from "../ops/numpy/reductions.js";
import type { Constraint } from "../constraints/index.js";
import { convertToTensor } from "../tensor/convert.js";
import type { DType } from "../tensor/dtypes.js";
import { Tensor, zerosTensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import { KerasTypeError, ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { autoName } from "../util/names.js";
import { checkOptions } from "../util/options.js";
import { LearningRateSchedule, serialize as serializeSchedule } from "./schedules/learningRateSchedule.js";

/** A learning rate: a number, a schedule of the step, or a function returning the current rate. */
export type LearningRate = number | LearningRateSchedule | (() => number);

/** Options every optimizer accepts (Keras's base optimizer kwargs, camelCase). */
export interface OptimizerOptions {
  /** The learning rate (each optimizer has its Keras default). */
  learningRate?: LearningRate;
  /** Decoupled weight decay: `w -= w * weightDecay * lr` before each update (default null). */
  weightDecay?: number | null;
  /** Clip each gradient to this L2 norm (default null). */
  clipnorm?: number | null;
  /** Clip each gradient elementwise to [-clipvalue, clipvalue] (default null). */
  clipvalue?: number | null;
  /** Clip all gradients together to this global L2 norm (default null). */
  globalClipnorm?: number | null;
  /** Keep an exponential moving average of the weights (default false). */
  useEma?: boolean;
  /** The EMA momentum (default 0.99). */
  emaMomentum?: number;
  /** Overwrite the weights with their EMA every this many steps (default null: at the end of fit). */
  emaOverwriteFrequency?: number | null;
  /** Multiply the loss by this and divide gradients by it (default null). */
  lossScaleFactor?: number | null;
  /** Average gradients over this many steps before each update (default null). */
  gradientAccumulationSteps?: number | null;
  /** The optimizer's name (default: snake_case class name, made unique). */
  name?: string;
}

export const BASE_OPTIMIZER_OPTIONS = [
  "learningRate",
  "weightDecay",
  "clipnorm",
  "clipvalue",
  "globalClipnorm",
  "useEma",
  "emaMomentum",
  "emaOverwriteFrequency",
  "lossScaleFactor",
  "gradientAccumulationSteps",
  "name",
] as const;

/** A weight as optimizers see it (layers attach an optional constraint). */
export type TrainableVariable = Variable & { constraint?: Constraint | null };

/** Gradient/variable pairs, as `applyGradients` takes them. */
export type GradsAndVars = readonly (readonly [Tensor | null, TrainableVariable])[];

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * The base of all optimizers (Keras 3's `Optimizer`). Subclasses create their slots in
 * `build(variables)` with `addOptimizerVariables`, implement `updateStep(gradient, variable, lr)`
 * with ops, and extend `getConfig()`. Updates run without gradient recording, in the
 * variables' dtype (float32), with Keras's exact formulas.
 *
 * ```ts
 * const opt = new keras.optimizers.SGD({ learningRate: 0.1 });
 * const [loss, grads] = keras.ops.valueAndGrad(lossFn)(model.trainableWeights);
 * opt.applyGradients(grads.map((g, i) => [g, model.trainableWeights[i]]));
 * ```
 */
export abstract class Optimizer {
  static readonly className: string = "Optimizer";

  name: string;
  weightDecay: number | null;
  clipnorm: number | null;
  clipvalue: number | null;
  globalClipnorm: number | null;
  useEma: boolean;
  emaMomentum: number;
  emaOverwriteFrequency: number | null;
  lossScaleFactor: number | null;
  gradientAccumulationSteps: number | null;
  built = false;

  private readonly _variables: Variable[] = [];
  private readonly _iterations: Variable;
  private _learningRate: Variable | LearningRateSchedule | (() => number);
  private _trainableVariables: TrainableVariable[] = [];
  private readonly _index = new Map<Variable, number>();
  private _averages: Variable[] = [];
  private _accumulators: Variable[] = [];
  private _excludeVars = new Set<Variable>();
  private _excludePattern: RegExp | null = null;

  constructor(options: OptimizerOptions, defaultLearningRate: number, ownOptions: readonly string[] = []) {
    const className = this.className;
    checkOptions(className, options, [...BASE_OPTIMIZER_OPTIONS, ...ownOptions]);
    this.name = options.name ?? autoName(className);
    this.weightDecay = options.weightDecay ?? null;
    this.clipnorm = options.clipnorm ?? null;
    this.clipvalue = options.clipvalue ?? null;
    this.globalClipnorm = options.globalClipnorm ?? null;
    this.useEma = options.useEma ?? false;
    this.emaMomentum = options.emaMomentum ?? 0.99;
    this.emaOverwriteFrequency = options.emaOverwriteFrequency ?? null;
    this.lossScaleFactor = options.lossScaleFactor ?? null;
    this.gradientAccumulationSteps = options.gradientAccumulationSteps ?? null;
    for (const key of ["weightDecay", "clipnorm", "clipvalue", "globalClipnorm", "lossScaleFactor"] as const) {
      const v = this[key];
      if (v !== null && !isNum(v)) throw new ValueError(`${className}: \`${key}\` must be a number or null. Received: ${key}=${String(v)}`);
    }
    const g = this.gradientAccumulationSteps;
    if (g !== null && (!Number.isInteger(g) || g < 2)) {
      throw new ValueError(`\`gradientAccumulationSteps\` must be an integer >= 2. Received: gradientAccumulationSteps=${String(g)}`);
    }
    if (this.useEma) {
      if (!(this.emaMomentum >= 0 && this.emaMomentum <= 1)) throw new ValueError(`\`emaMomentum\` must be in the range [0, 1]. Received: emaMomentum=${this.emaMomentum}`);
      const f = this.emaOverwriteFrequency;
      if (f !== null && (!Number.isInteger(f) || f < 1)) {
        throw new ValueError(`\`emaOverwriteFrequency\` must be an integer >= 1 or null. Received: emaOverwriteFrequency=${String(f)}`);
      }
    }
    const clipCount = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((v) => v !== null).length;
    if (clipCount > 1) {
      throw new ValueError(
        `Only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set. Received: clipnorm=${this.clipnorm}, clipvalue=${this.clipvalue}, globalClipnorm=${this.globalClipnorm}`,
      );
    }
    this._iterations = new Variable(convertToTensor(0, "int32"), { name: "iteration", path: `${this.name}/iteration`, trainable: false, aggregation: "only_first_replica" });
    this._variables.push(this._iterations);
    const lr = options.learningRate ?? defaultLearningRate;
    if (lr instanceof LearningRateSchedule || typeof lr === "function") {
      this._learningRate = lr;
    } else {
      if (!isNum(lr)) {
        throw new ValueError(
          `Argument \`learningRate\` should be a number, an instance of LearningRateSchedule, or a function (that returns the current learning rate). Received instead: learningRate=${String(lr)}`,
        );
      }
      this._learningRate = new Variable(convertToTensor(lr, "float32"), { name: "learning_rate", path: `${this.name}/learning_rate`, trainable: false, aggregation: "only_first_replica" });
      this._variables.push(this._learningRate);
    }
  }

  /** Keras's class name of this optimizer. */
  get className(): string {
    const cls = this.constructor as typeof Optimizer;
    return Object.prototype.hasOwnProperty.call(cls, "className") ? cls.className : cls.name;
  }

  /** The step counter (int32 scalar variable): the number of `applyGradients` calls so far. */
  get iterations(): Variable {
    return this._iterations;
  }

  /** @internal The step as a number (divided by gradientAccumulationSteps when accumulating, like Keras). */
  protected get step(): number {
    const it = this._iterations.value.item();
    return this.gradientAccumulationSteps ? Math.floor(it / this.gradientAccumulationSteps) : it;
  }

  /** The current learning rate (a schedule is evaluated at the current step). */
  get learningRate(): number {
    const lr = this._learningRate;
    if (lr instanceof Variable) return lr.value.item();
    if (lr instanceof LearningRateSchedule) return lr.call(this._iterations.value.item());
    return Math.fround(lr());
  }

  set learningRate(value: LearningRate) {
    if (value instanceof LearningRateSchedule || typeof value === "function") {
      if (this._learningRate instanceof Variable) {
        const i = this._variables.indexOf(this._learningRate);
        if (i >= 0) this._variables.splice(i, 1);
      }
      this._learningRate = value;
      return;
    }
    if (this._learningRate instanceof LearningRateSchedule) {
      throw new KerasTypeError(
        "This optimizer was created with a `LearningRateSchedule` object as its `learningRate` constructor argument, hence its learning rate is not settable. If you need the learning rate to be settable, you should instantiate the optimizer with a number `learningRate` argument.",
      );
    }
    if (!isNum(value)) throw new ValueError(`${this.className}: the learning rate must be a finite number. Received: ${String(value)}`);
    if (this._learningRate instanceof Variable) {
      this._learningRate.assign(convertToTensor(value, "float32"));
    } else {
      this._learningRate = new Variable(convertToTensor(value, "float32"), { name: "learning_rate", path: `${this.name}/learning_rate`, trainable: false });
      this._variables.splice(1, 0, this._learningRate);
    }
  }

  /** The optimizer's state in Keras's order: iteration, learning_rate (unless a schedule), then slots. */
  get variables(): Variable[] {
    return [...this._variables];
  }

  /** Creates the optimizer's slots for these trainable variables (called on the first update). */
  build(variables: readonly TrainableVariable[]): void {
    if (this.useEma) this._averages = this.addOptimizerVariables(variables, "average");
    if (this.gradientAccumulationSteps) this._accumulators = this.addOptimizerVariables(variables, "gradient_accumulator");
    variables.forEach((v, i) => this._index.set(v, i));
    this._trainableVariables = [...variables];
    this.built = true;
  }

  /** Adds one state variable (Keras's `add_variable`). */
  addVariable(options: { shape: readonly number[]; initializer?: string | Initializer; dtype?: DType; name?: string }): Variable {
    const init = initializers.get(options.initializer ?? "zeros")!;
    const dtype = options.dtype ?? "float32";
    const name = options.name ?? "variable";
    const value = init.call([...options.shape], dtype);
    const v = new Variable(value.dtype === dtype ? value : convertToTensor(value, dtype), { name, path: `${this.name}/${name}`, trainable: false });
    this._variables.push(v);
    return v;
  }

  /** A slot shaped like `reference`, named `<reference path with _>_<name>` (Keras's naming). */
  addVariableFromReference(reference: Variable, name = "var", initializer: string | Initializer = "zeros"): Variable {
    return this.addVariable({ shape: reference.shape, dtype: reference.dtype, initializer, name: `${reference.path.replace(/\//g, "_")}_${name}` });
  }

  /**
   * One slot per trainable variable and name, created variable by variable (for each variable:
   * all names in order), as Keras's `add_optimizer_variables`. Returns one list per name.
   */
  addOptimizerVariables(variables: readonly Variable[], names: string, initializer?: string | Initializer): Variable[];
  addOptimizerVariables(variables: readonly Variable[], names: readonly string[], initializer?: string | Initializer | readonly (string | Initializer)[]): Variable[][];
  addOptimizerVariables(variables: readonly Variable[], names: string | readonly string[], initializer: string | Initializer | readonly (string | Initializer)[] = "zeros"): Variable[] | Variable[][] {
    const list = typeof names === "string" ? [names] : [...names];
    const inits = Array.isArray(initializer) ? [...(initializer as (string | Initializer)[])] : list.map(() => initializer as string | Initializer);
    if (inits.length !== list.length) {
      throw new ValueError(`The number of provided names must match the number of provided initializers. Received names=${JSON.stringify(list)} and ${inits.length} initializer(s).`);
    }
    const out: Variable[][] = list.map(() => []);
    for (const v of variables) list.forEach((n, i) => out[i]!.push(this.addVariableFromReference(v, n, inits[i]!)));
    return typeof names === "string" ? out[0]! : out;
  }

  /** The index of a trainable variable in the list the optimizer was built with. */
  protected variableIndex(variable: Variable): number {
    const i = this._index.get(variable);
    if (i === undefined) {
      throw new ValueError(
        `Unknown variable: ${variable.toString()}. This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.`,
      );
    }
    return i;
  }

  /** Keras's `update_step`: updates one variable (and its slots) from its gradient. */
  abstract updateStep(gradient: Tensor, variable: Variable, learningRate: number): void;

  /** Sets a variable, casting the value to its dtype. */
  protected assign(variable: Variable, value: Tensor): void {
    variable.assign(value.dtype === variable.dtype ? value : cast(value, variable.dtype));
  }

  protected assignAdd(variable: Variable, value: Tensor): void {
    this.assign(variable, add(variable.value, value));
  }

  protected assignSub(variable: Variable, value: Tensor): void {
    this.assign(variable, subtract(variable.value, value));
  }

  /** Applies `[gradient, variable]` pairs (Keras's `apply_gradients`); returns the iterations variable. */
  applyGradients(gradsAndVars: GradsAndVars): Variable {
    if (!Array.isArray(gradsAndVars)) throw new ValueError(`${this.className}.applyGradients expects a list of [gradient, variable] pairs. Received: ${String(gradsAndVars)}`);
    const grads: (Tensor | null)[] = [];
    const vars: TrainableVariable[] = [];
    gradsAndVars.forEach((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || !(pair[1] instanceof Variable)) {
        throw new ValueError(`${this.className}.applyGradients: item ${i} must be a [gradient, variable] pair with a keras.Variable second.`);
      }
      grads.push(pair[0] as Tensor | null);
      vars.push(pair[1] as TrainableVariable);
    });
    this.apply(grads, vars);
    return this._iterations;
  }

  /**
   * Applies gradients to variables (Keras's `apply`). Without `variables`, the gradients map
   * one-to-one to the variables the optimizer was built with.
   */
  apply(grads: readonly (Tensor | null)[], variables?: readonly TrainableVariable[]): void {
    if (grads.length === 0) return;
    let vars: TrainableVariable[];
    if (variables === undefined) {
      if (!this.built) {
        throw new ValueError("When passing `grads` without `variables`, the optimizer must already be built on a list of variables. Call `optimizer.build(trainableVariables)` first.");
      }
      if (grads.length !== this._trainableVariables.length) {
        throw new ValueError(
          `When passing \`grads\` as a list of gradient tensors, the gradients must match \`optimizer.variables\` one-to-one. Received a list of ${grads.length} gradients, but the optimizer is tracking ${this._trainableVariables.length} trainable variables.`,
        );
      }
      vars = this._trainableVariables;
    } else {
      vars = [...variables];
      if (vars.length !== grads.length) throw new ValueError(`${this.className}.apply: received ${grads.length} gradients for ${vars.length} variables.`);
      if (!this.built) this.build(vars);
      for (const v of vars) this.variableIndex(v);
    }
    withoutGradient(() => {
      const keptGrads: Tensor[] = [];
      const keptVars: TrainableVariable[] = [];
      const missing: string[] = [];
      grads.forEach((g, i) => {
        const v = vars[i]!;
        if (g === null || g === undefined) {
          missing.push(v.path);
          return;
        }
        const t = g instanceof Tensor ? g : convertToTensor(g);
        if (t.shape.length !== v.shape.length || t.shape.some((d, k) => d !== v.shape[k])) {
          throw new ValueError(`${this.className}: gradient shape ${formatShape(t.shape)} does not match the shape ${formatShape(v.shape)} of variable '${v.path}'.`);
        }
        keptGrads.push(t);
        keptVars.push(v);
      });
      if (keptGrads.length === 0) throw new ValueError("No gradients provided for any variable.");
      if (missing.length > 0) {
        console.warn(`Gradients do not exist for variables ${JSON.stringify(missing)} when minimizing the loss. If using \`model.compile()\`, did you forget to provide a \`loss\` argument?`);
      }
      let gs = keptGrads;
      const scale = this.lossScaleFactor;
      if (scale !== null) gs = gs.map((g) => divide(g, scale));
      this.backendApplyGradients(gs, keptVars);
      for (const v of keptVars) if (v.constraint) this.assign(v, v.constraint.call(v.value));
      this._iterations.assign(convertToTensor(this._iterations.value.item() + 1, "int32"));
    });
  }

  /** Clipping, weight decay, the update steps, and the EMA (Keras's `_backend_apply_gradients`). */
  private backendApplyGradients(grads: Tensor[], vars: TrainableVariable[]): void {
    const steps = this.gradientAccumulationSteps;
    if (steps) {
      const isUpdateStep = (this._iterations.value.item() + 1) % steps === 0;
      const acc = vars.map((v) => this._accumulators[this.variableIndex(v)]!);
      if (isUpdateStep) {
        const averaged = grads.map((g, i) => divide(add(g, acc[i]!.value), steps));
        this.updateWith(this.clipGradients(averaged), vars);
        for (const a of acc) a.assign(zerosTensor(a.shape, a.dtype));
      } else {
        grads.forEach((g, i) => this.assign(acc[i]!, add(g, acc[i]!.value)));
      }
    } else {
      this.updateWith(this.clipGradients(grads), vars);
    }
    if (this.useEma) {
      this.updateModelVariablesMovingAverage(this._trainableVariables);
      const f = this.emaOverwriteFrequency;
      if (f && (this.step + 1) % f === 0) this.overwriteModelVariablesWithAverage(this._trainableVariables);
    }
  }

  private updateWith(grads: Tensor[], vars: TrainableVariable[]): void {
    this.applyWeightDecay(vars);
    const lr = this.learningRate;
    this.backendUpdateStep(grads, vars, lr);
  }

  /** Runs `updateStep` for each pair (overridden by optimizers with per-step shared state). */
  protected backendUpdateStep(grads: Tensor[], vars: Variable[], learningRate: number): void {
    grads.forEach((g, i) => this.updateStep(g.dtype === vars[i]!.dtype ? g : cast(g, vars[i]!.dtype), vars[i]!, learningRate));
  }

  private clipGradients(grads: Tensor[]): Tensor[] {
    if (this.clipnorm && this.clipnorm > 0) {
      const c = this.clipnorm;
      return grads.map((g) => {
        const l2sum = sum(square(g), null, true);
        const positive = greater(l2sum, 0);
        const safe = where(positive, l2sum, 1);
        const l2norm = where(positive, sqrt(safe), l2sum);
        return divide(multiply(g, c), maximum(l2norm, c));
      });
    }
    if (this.globalClipnorm && this.globalClipnorm > 0) {
      const c = this.globalClipnorm;
      let total: Tensor | null = null;
      for (const g of grads) {
        const s = sum(square(g));
        total = total === null ? s : add(total, s);
      }
      const norm = sqrt(total!);
      const scale = multiply(minimum(divide(1, norm), 1 / c), c);
      const finiteScale = add(scale, subtract(norm, norm));
      return grads.map((g) => multiply(g, finiteScale));
    }
    if (this.clipvalue && this.clipvalue > 0) {
      const v = this.clipvalue;
      return grads.map((g) => clip(g, -v, v));
    }
    return grads;
  }

  /**
   * Excludes variables from weight decay, by identity or by name pattern (any of `varNames`
   * appearing in a variable's name). Call before the optimizer is built.
   */
  excludeFromWeightDecay(options: { varList?: readonly Variable[]; varNames?: readonly string[] } = {}): void {
    if (this.built) throw new ValueError("`excludeFromWeightDecay()` can only be configured before the optimizer is built.");
    this._excludeVars = new Set(options.varList ?? []);
    const names = options.varNames ?? [];
    this._excludePattern = names.length > 0 ? new RegExp([...new Set(names)].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")) : null;
  }

  private useWeightDecay(v: Variable): boolean {
    if (this._excludeVars.has(v)) return false;
    if (this._excludePattern && this._excludePattern.test(v.name)) return false;
    return true;
  }

  private applyWeightDecay(vars: Variable[]): void {
    if (this.weightDecay === null) return;
    const lr = Math.fround(this.learningRate);
    const wd = Math.fround(this.weightDecay);
    for (const v of vars) {
      if (this.useWeightDecay(v)) this.assign(v, subtract(v.value, multiply(multiply(v.value, wd), lr)));
    }
  }

  private updateModelVariablesMovingAverage(vars: Variable[]): void {
    const momentum = this.step !== 0 ? Math.fround(this.emaMomentum) : 0;
    vars.forEach((v, i) => {
      const avg = this._averages[i]!;
      this.assign(avg, add(multiply(momentum, avg.value), multiply(Math.fround(1 - momentum), v.value)));
    });
  }

  private overwriteModelVariablesWithAverage(vars: Variable[]): void {
    if (vars.length !== this._averages.length) {
      throw new ValueError(
        `The length of model variables (${vars.length}) to override does not match the length of model variables stored in the optimizer (${this._averages.length}). Please check if the optimizer was called on your model.`,
      );
    }
    vars.forEach((v, i) => v.assign(this._averages[i]!.value));
  }

  /** At the end of training: with `useEma`, replaces the variables by their moving averages. */
  finalizeVariableValues(variables: readonly Variable[]): void {
    if (this.useEma) withoutGradient(() => this.overwriteModelVariablesWithAverage([...variables]));
  }

  /** Multiplies the loss by `lossScaleFactor` (if set) before gradients are taken. */
  scaleLoss(loss: Tensor): Tensor {
    return this.lossScaleFactor !== null ? multiply(loss, this.lossScaleFactor) : loss;
  }

  /** Sets the optimizer's state (same order and shapes as `variables`). */
  setWeights(weights: readonly unknown[]): void {
    if (!this.built) {
      throw new ValueError("You are calling `setWeights()` on an optimizer that has not yet been built. Please call `optimizer.build(trainableVariables)` to create the optimizer weights before calling `setWeights()`.");
    }
    this._variables.forEach((v, i) => {
      if (i >= weights.length) return;
      const t = convertToTensor(weights[i], v.dtype);
      if (t.shape.length !== v.shape.length || t.shape.some((d, k) => d !== v.shape[k])) {
        throw new ValueError(`Optimizer variable ${v.path} has shape ${formatShape(v.shape)} not compatible with provided weight shape ${formatShape(t.shape)}.`);
      }
      v.assign(t);
    });
  }

  /** The optimizer's state as tensors, in `variables` order. */
  getWeights(): Tensor[] {
    return this._variables.map((v) => v.value);
  }

  /** Keras's `save_own_variables`: `store["0"]`, `store["1"]`, … in `variables` order. */
  saveOwnVariables(store: Record<string, Tensor>): void {
    this._variables.forEach((v, i) => {
      store[String(i)] = v.value;
    });
  }

  /** Keras's `load_own_variables` (warns and skips when the counts differ, like Keras). */
  loadOwnVariables(store: Record<string, unknown>): void {
    const keys = Object.keys(store);
    if (keys.length !== this._variables.length) {
      console.warn(
        `Skipping variable loading for optimizer '${this.name}', because it has ${this._variables.length} variables whereas the saved optimizer has ${keys.length} variables. ${this._variables.length <= 2 ? "This is likely because the optimizer has not been called/built yet." : ""}`,
      );
      return;
    }
    this._variables.forEach((v, i) => v.assign(convertToTensor(store[String(i)], v.dtype)));
  }

  /** The config with Keras's snake_case keys (learning_rate serialized when it is a schedule). */
  getConfig(): Record<string, unknown> {
    const lr = this._learningRate;
    let learningRate: unknown;
    if (lr instanceof LearningRateSchedule) learningRate = serializeSchedule(lr);
    else if (lr instanceof Variable) learningRate = lr.value.item();
    else learningRate = Math.fround(lr());
    return {
      name: this.name,
      learning_rate: learningRate,
      weight_decay: this.weightDecay,
      clipnorm: this.clipnorm,
      global_clipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      use_ema: this.useEma,
      ema_momentum: this.emaMomentum,
      ema_overwrite_frequency: this.emaOverwriteFrequency,
      loss_scale_factor: this.lossScaleFactor,
      gradient_accumulation_steps: this.gradientAccumulationSteps,
    };
  }
}
