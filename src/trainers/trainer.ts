import { withoutGradient } from "../autodiff/engine.js";
import { valueAndGrad } from "../autodiff/grad.js";
import { Callback, type CallbackModel, type Logs } from "../callbacks/callback.js";
import { CallbackList } from "../callbacks/callbackList.js";
import type { History } from "../callbacks/history.js";
import { Layer } from "../layers/layer.js";
import { Loss } from "../losses/loss.js";
import { serialize as serializeLoss } from "../losses/index.js";
import { Metric } from "../metrics/metric.js";
import { serialize as serializeMetric } from "../metrics/index.js";
import { Mean } from "../metrics/reductionMetrics.js";
import { add } from "../ops/numpy/arithmetic.js";
import { cast } from "../ops/numpy/manipulation.js";
import { sum } from "../ops/numpy/reductions.js";
import { get as getOptimizer, serialize as serializeOptimizer, type OptimizerIdentifier } from "../optimizers/index.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import type { KerasTensor } from "../tensor/kerasTensor.js";
import type { Variable } from "../tensor/variable.js";
import { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";
import { CompileLoss, CompileMetrics, type LossArg, type LossWeightsArg, type MetricsArg } from "./compileUtils.js";
import { toInputTensors } from "./data.js";
import { ArrayData, classWeightToSampleWeights, isBatchIterable, parseBatchElement, toSampleWeights, toTargetTensors, type Batch, type BatchIterable } from "./dataAdapter.js";
import { compiledPredictStep } from "./compiledPredict.js";
import { compiledGradients, compiledTestLoss, type StepGradients } from "./compiledTrainStep.js";
import { checkBatchSize, predictBatches, predictChunkSize, sliceBatch } from "./predict.js";

/** predict's option names. */
const PREDICT_OPTIONS = ["batchSize", "verbose", "steps", "callbacks"] as const;

export interface PredictOptions {
  /** Samples per batch (default 32). */
  batchSize?: number;
  /** 0 = silent (default), 1 = progress bar, 2 = one line. */
  verbose?: 0 | 1 | 2 | "auto";
  steps?: number;
  callbacks?: Callback[];
}

export interface CompileOptions {
  /** An optimizer instance or name (default "rmsprop", like Keras). */
  optimizer?: OptimizerIdentifier;
  /** A loss (name, function or Loss), or one per output (list or object keyed by output name). */
  loss?: LossArg | null;
  /** Scalar weights of the per-output losses (list or object keyed by output name). */
  lossWeights?: LossWeightsArg;
  /** Metrics (names, functions or Metric instances); per output as a list of lists or an object. */
  metrics?: MetricsArg;
  /** Metrics weighted by sampleWeight / classWeight. */
  weightedMetrics?: MetricsArg;
  /** Run predict eagerly, layer by layer, instead of replaying a trace (Keras's `run_eagerly`). */
  runEagerly?: boolean;
  /** Accepted for parity with Keras (no effect). */
  jitCompile?: boolean | "auto";
  /** Accepted for parity with Keras (no effect). */
  stepsPerExecution?: number;
  /** Accepted for parity with Keras (no effect). */
  autoScaleLoss?: boolean;
}

export type Verbose = 0 | 1 | 2 | "auto";

export interface FitOptions {
  /** Samples per gradient update (default 32; ignored for batch iterables). */
  batchSize?: number;
  /** Epochs to train (default 1). */
  epochs?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch ("auto" = 1). */
  verbose?: Verbose;
  callbacks?: Callback[];
  /** Fraction of the (array) data held out for validation, taken from the end (default 0). */
  validationSplit?: number;
  /** `[xVal, yVal]`, `[xVal, yVal, sampleWeightVal]` or a batch iterable. */
  validationData?: unknown;
  /** Shuffle the training arrays before each epoch (default true). */
  shuffle?: boolean;
  /** Class index → weight for the loss (single-output models). */
  classWeight?: Record<number | string, number> | null;
  /** Per-sample loss weights. */
  sampleWeight?: unknown;
  /** The epoch to start at (default 0), for resuming. */
  initialEpoch?: number;
  /** Batches per epoch (default: the whole data; required to cycle through an endless iterable). */
  stepsPerEpoch?: number | null;
  /** Validation batches per evaluation (default: all). */
  validationSteps?: number | null;
  /** Batch size of the validation data (default batchSize). */
  validationBatchSize?: number | null;
  /** Validate every N epochs, or on the listed (1-based) epochs (default 1). */
  validationFreq?: number | number[];
}

export interface EvaluateOptions {
  batchSize?: number;
  verbose?: Verbose;
  sampleWeight?: unknown;
  steps?: number | null;
  callbacks?: Callback[];
  /** Return `{ loss, …metrics }` instead of `loss` / `[loss, …metrics]`. */
  returnDict?: boolean;
}

export interface OnBatchOptions {
  sampleWeight?: unknown;
  classWeight?: Record<number | string, number> | null;
  returnDict?: boolean;
}

const FIT_OPTIONS = [
  "batchSize",
  "epochs",
  "verbose",
  "callbacks",
  "validationSplit",
  "validationData",
  "shuffle",
  "classWeight",
  "sampleWeight",
  "initialEpoch",
  "stepsPerEpoch",
  "validationSteps",
  "validationBatchSize",
  "validationFreq",
];

/** Data for one pass: arrays in batches, or an (async) iterable of batches. */
type DataSource = { kind: "arrays"; data: ArrayData } | { kind: "iterable"; iterable: BatchIterable };

/**
 * The training and inference APIs of a model (Keras's Trainer): compile, fit, evaluate,
 * predict and the *OnBatch variants. `Model` extends it.
 */
export class Trainer extends Layer {
  /** The compiled optimizer (null until `compile`). */
  optimizer: Optimizer | null = null;
  /** Set to true (e.g. in a callback) to end `fit` after the current batch. */
  stopTraining = false;
  /** Set to true to end `evaluate` after the current batch. */
  stopEvaluating = false;
  /** The History of the last `fit`. */
  history: History | null = null;
  compiled = false;
  private compileLoss: CompileLoss | null = null;
  private compileMetrics: CompileMetrics | null = null;
  private lossTracker: Mean | null = null;
  private compileArgs: CompileOptions | null = null;
  private currentIterator: AsyncIterator<unknown> | Iterator<unknown> | null = null;

  /** The symbolic inputs (overridden by models with a graph). */
  get inputs(): KerasTensor[] {
    return [];
  }

  get outputs(): KerasTensor[] {
    return [];
  }

  /** Names of the inputs, for data given as an object. */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.name ?? "input");
  }

  get outputNames(): string[] {
    return this.outputs.map((t) => {
      const h = t.kerasHistory as { operation?: { name: string } } | undefined;
      return h?.operation?.name ?? "output";
    });
  }

  /** @internal The optimizer's variables (for the summary), when compiled and built. */
  optimizerVariablesForSummary(): { size: number; dtype: string }[] | null {
    if (!this.optimizer || !this.optimizer.built) return null;
    return this.optimizer.variables.map((v) => ({ size: v.size, dtype: v.dtype }));
  }

  // ---------------------------------------------------------------- compile

  /**
   * Configures the model for training (Keras's `compile`).
   * @example model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] })
   */
  compile(options: CompileOptions = {}): void {
    checkOptions("compile", options, ["optimizer", "loss", "lossWeights", "metrics", "weightedMetrics", "runEagerly", "jitCompile", "stepsPerExecution", "autoScaleLoss"]);
    const optimizer = getOptimizer(options.optimizer ?? "rmsprop")!;
    const names = this.outputNames.length ? this.outputNames : ["output"];
    this.compileLoss = options.loss === null || options.loss === undefined ? null : new CompileLoss(options.loss, options.lossWeights, names);
    this.compileMetrics = options.metrics || options.weightedMetrics ? new CompileMetrics(options.metrics, options.weightedMetrics, names) : null;
    this.optimizer = optimizer;
    this.lossTracker = new Mean({ name: "loss" });
    this.compileArgs = { ...options };
    this.compiled = true;
    this.stopTraining = false;
  }

  /** Keras's `get_compile_config`: the compile arguments, serialized (snake_case keys). */
  getCompileConfig(): Record<string, unknown> | null {
    const a = this.compileArgs;
    if (!a) return null;
    const ser = (v: unknown): unknown => {
      if (v instanceof Loss) return serializeLoss(v);
      if (v instanceof Metric) return serializeMetric(v);
      if (typeof v === "function") return serializeLoss(v as never);
      if (Array.isArray(v)) return v.map(ser);
      if (v && typeof v === "object" && !("class_name" in v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ser(x)]));
      return v ?? null;
    };
    return {
      optimizer: this.optimizer ? serializeOptimizer(this.optimizer) : null,
      loss: ser(a.loss),
      loss_weights: a.lossWeights ?? null,
      metrics: ser(a.metrics),
      weighted_metrics: ser(a.weightedMetrics),
      run_eagerly: a.runEagerly ?? false,
      steps_per_execution: a.stepsPerExecution ?? 1,
      jit_compile: a.jitCompile ?? "auto",
      auto_scale_loss: a.autoScaleLoss ?? true,
    };
  }

  private assertCompiled(method: string): void {
    if (!this.compiled) {
      throw new ValueError(`You must call \`compile()\` before using the model (in \`${method}\`). Example: model.compile({ optimizer: "adam", loss: "mse" }).`);
    }
  }

  /** The model's metrics: the loss tracker, per-output losses, then the compiled metrics (Keras's order). */
  get metrics(): Metric[] {
    const out: Metric[] = [];
    if (this.lossTracker) out.push(this.lossTracker);
    if (this.compileLoss) out.push(...this.compileLoss.metrics);
    if (this.compileMetrics) out.push(...this.compileMetrics.metrics);
    return out;
  }

  /** Names of the logged metrics in `evaluate`'s list order. */
  get metricsNames(): string[] {
    return this.orderedMetrics().map(([, n]) => n);
  }

  private orderedMetrics(): [Metric, string][] {
    const out: [Metric, string][] = [];
    if (this.lossTracker) out.push([this.lossTracker, "loss"]);
    if (this.compileLoss) for (const m of this.compileLoss.metrics) out.push([m, m.name]);
    if (this.compileMetrics?.built) out.push(...this.compileMetrics.namedMetrics());
    return out;
  }

  /** Resets every metric's state. */
  resetMetrics(): void {
    for (const m of this.metrics) m.resetState();
  }

  /** The current metric values, sorted by name like Keras's logs. */
  getMetricsResult(): Logs {
    const logs: Logs = {};
    for (const [m, name] of this.orderedMetrics()) {
      const r = m.result();
      if (r.size === 1) logs[name] = r.item();
    }
    return Object.fromEntries(Object.entries(logs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  // ---------------------------------------------------------------- steps

  /** Keras's `compute_loss`: the compiled loss plus regularization losses. */
  computeLoss(y: Tensor[] | null, yPred: Tensor[], sampleWeight: (Tensor | null)[] | null): { total: Tensor; values: Tensor[] } {
    const parts: Tensor[] = [];
    let values: Tensor[] = [];
    if (this.compileLoss) {
      if (!y) throw new ValueError("The model was compiled with a loss, but no targets (y) were given.");
      const r = this.compileLoss.call(y, yPred, sampleWeight);
      parts.push(r.total);
      values = r.values;
    }
    for (const l of this.losses) parts.push(sum(l.dtype === "float32" ? l : cast(l, "float32")));
    if (parts.length === 0) throw new ValueError("No loss to compute. Provide a `loss` argument in `compile()`.");
    let total = parts[0]!;
    for (let i = 1; i < parts.length; i++) total = add(total, parts[i]!);
    return { total, values };
  }

  private forward(x: Tensor[], training: boolean): Tensor[] {
    const out = this.apply(x.length === 1 ? x[0]! : x, { training }) as Tensor | Tensor[];
    return Array.isArray(out) ? out : [out];
  }

  /** Builds the compiled loss and metrics on the first batch (shapes known). */
  private maybeBuildCompiled(y: Tensor[] | null, yPred: Tensor[]): void {
    if (y && y.length !== yPred.length) {
      throw new ValueError(`The model has ${yPred.length} output(s) (${this.outputNames.join(", ") || "output"}), but received ${y.length} target array(s) (y). Pass one target array per output.`);
    }
    const ts = (y ?? []).map((t) => [...t.shape]);
    const ps = yPred.map((t) => [...t.shape]);
    if (this.compileLoss && !this.compileLoss.built && y) this.compileLoss.build(ts, ps);
    if (this.compileMetrics && !this.compileMetrics.built && y) this.compileMetrics.build(ts, ps);
  }

  private updateMetrics(batch: Batch, yPred: Tensor[], total: Tensor, values: Tensor[]): void {
    const n = batch.x[0]?.shape[0] ?? 1;
    this.lossTracker!.updateState(total, n);
    this.compileLoss?.updateMetrics(values, n);
    if (batch.y) this.compileMetrics?.update(batch.y, yPred, batch.sw);
  }

  /**
   * One training step (Keras's `train_step`): forward, loss, gradients, update, metrics. The
   * gradient computation is traced once per batch signature and replayed afterwards
   * (compiledTrainStep.ts) unless the model was compiled with `runEagerly`.
   */
  trainStep(batch: Batch): void {
    const vars = this.trainableWeights;
    const optimizer = this.optimizer!;
    let aux: { yPred: Tensor[]; total: Tensor; values: Tensor[] };
    if (vars.length > 0) {
      const g = this.compileArgs?.runEagerly ? this.eagerGradients(batch, vars) : compiledGradients(this, batch, vars, [this.compileLoss, optimizer]);
      aux = g;
      optimizer.applyGradients(g.grads.map((grad, i) => [grad, vars[i]!] as const));
    } else {
      aux = withoutGradient(() => this.lossAndPredictions(batch)[1]);
    }
    withoutGradient(() => this.updateMetrics(batch, aux.yPred, aux.total, aux.values));
  }

  /** @internal Forward pass, loss and the gradients of `vars`, computed eagerly (what the compiled step traces). */
  eagerGradients(batch: Batch, vars: readonly Variable[]): StepGradients {
    const step = valueAndGrad((_: unknown) => this.lossAndPredictions(batch), { hasAux: true });
    const [[scaledTotal, aux], grads] = step([...vars]);
    return { scaledTotal, ...aux, grads: grads as Tensor[] };
  }

  /** @internal Forward pass in inference mode and the loss, computed eagerly (what the compiled test step traces). */
  eagerTestLoss(batch: Batch): StepGradients {
    this.clearCallLosses();
    const yPred = this.forward(batch.x, false);
    this.maybeBuildCompiled(batch.y, yPred);
    const { total, values } = this.computeLoss(batch.y, yPred, batch.sw);
    return { scaledTotal: total, total, values, yPred, grads: [] };
  }

  /** The forward pass in training mode and the loss (scaled for the optimizer), with the predictions. */
  private lossAndPredictions(batch: Batch): [Tensor, { yPred: Tensor[]; total: Tensor; values: Tensor[] }] {
    this.clearCallLosses();
    const yPred = this.forward(batch.x, true);
    this.maybeBuildCompiled(batch.y, yPred);
    const { total, values } = this.computeLoss(batch.y, yPred, batch.sw);
    return [this.optimizer!.scaleLoss(total), { yPred, total, values }];
  }

  /**
   * One evaluation step (Keras's `test_step`): the forward pass and loss are traced once per
   * batch signature and replayed afterwards, unless the model was compiled with `runEagerly`.
   */
  testStep(batch: Batch): void {
    withoutGradient(() => {
      const { yPred, total, values } = this.compileArgs?.runEagerly ? this.eagerTestLoss(batch) : compiledTestLoss(this, batch, [this.compileLoss]);
      this.updateMetrics(batch, yPred, total, values);
    });
  }

  // ---------------------------------------------------------------- data

  private numOutputsHint(): number {
    return Math.max(1, this.outputs.length);
  }

  private inputNamesOr(): string[] {
    return this.inputNames.length ? this.inputNames : ["input"];
  }

  private outputNamesOr(): string[] {
    return this.outputNames.length ? this.outputNames : ["output"];
  }

  private arraysFrom(x: unknown, y: unknown, sampleWeight: unknown, classWeight: Record<number | string, number> | null | undefined, batchSize: number): ArrayData {
    const xs = toInputTensors(x, this.inputNamesOr());
    const n = this.numOutputsHint();
    const ys = y === undefined || y === null ? null : toTargetTensors(y, this.outputNamesOr(), n);
    let sw = toSampleWeights(sampleWeight, this.outputNamesOr(), ys?.length ?? n);
    if (classWeight) {
      if (sw) throw new ValueError("You cannot use `classWeight` and `sampleWeight` at the same time.");
      if (!ys) throw new ValueError("`classWeight` needs targets (y).");
      if (ys.length > 1) throw new ValueError("`classWeight` is only supported for models with a single output.");
      sw = [classWeightToSampleWeights(ys[0]!, classWeight)];
    }
    return new ArrayData(xs, ys, sw, batchSize);
  }

  /** Runs a forward pass on a couple of samples to know the output shapes, then checks labels against the losses. */
  private validateData(data: ArrayData): void {
    if (!data.y || !this.compileLoss || data.numSamples === 0) return;
    const probe = sliceBatch(data.x, 0, Math.min(2, data.numSamples));
    const yPred = withoutGradient(() => this.forward(probe, false));
    this.maybeBuildCompiled(data.y, yPred);
  }

  private async *iterate(source: DataSource, shuffle: boolean, steps: number | null, persistent: boolean): AsyncGenerator<Batch> {
    if (source.kind === "arrays") {
      if (steps === null) {
        yield* source.data.batches(shuffle);
        return;
      }
      let done = 0;
      while (done < steps) {
        for (const b of source.data.batches(shuffle)) {
          yield b;
          if (++done >= steps) return;
        }
        if (source.data.numSamples === 0) return;
      }
      return;
    }
    const it = source.iterable;
    const fresh = (): AsyncIterator<unknown> | Iterator<unknown> => (Symbol.asyncIterator in it ? (it as AsyncIterable<unknown>)[Symbol.asyncIterator]() : (it as Iterable<unknown>)[Symbol.iterator]());
    const iterator = persistent && this.currentIterator ? this.currentIterator : fresh();
    if (persistent) this.currentIterator = iterator;
    let count = 0;
    while (steps === null || count < steps) {
      const r = await iterator.next();
      if (r.done) {
        if (persistent) this.currentIterator = null;
        if (steps !== null && count < steps) {
          console.warn("Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least `stepsPerEpoch * epochs` batches.");
          this.stopTraining = true;
        }
        return;
      }
      count++;
      yield parseBatchElement(r.value, this.inputNamesOr(), this.outputNamesOr(), this.numOutputsHint());
    }
  }

  // ---------------------------------------------------------------- fit / evaluate

  /**
   * Trains the model (Keras's `fit`). `x`/`y` are arrays, tensors (lists / objects for several
   * inputs or outputs), or `x` is an (async) iterable of `[x, y]` / `[x, y, sampleWeight]` batches.
   * Returns the History.
   * @example const history = await model.fit(x, y, { epochs: 5, batchSize: 32, validationSplit: 0.2 });
   */
  async fit(x: unknown, y?: unknown, options: FitOptions = {}): Promise<History> {
    checkOptions("fit", options, FIT_OPTIONS);
    this.assertCompiled("fit");
    const epochs = options.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 0) throw new ValueError(`fit: \`epochs\` must be a non-negative integer, but received epochs=${String(epochs)}.`);
    const batchSize = checkBatchSize(options.batchSize ?? 32, "fit");
    const verbose = options.verbose ?? "auto";
    const initialEpoch = options.initialEpoch ?? 0;
    const stepsPerEpoch = options.stepsPerEpoch ?? null;
    if (stepsPerEpoch !== null && !(Number.isInteger(stepsPerEpoch) && stepsPerEpoch > 0)) throw new ValueError(`fit: \`stepsPerEpoch\` must be a positive integer, but received ${String(stepsPerEpoch)}.`);
    const validationFreq = options.validationFreq ?? 1;
    const split = options.validationSplit ?? 0;
    if (typeof split !== "number" || split < 0 || split >= 1) throw new ValueError(`fit: \`validationSplit\` must be a number in [0, 1), but received ${String(split)}.`);

    let train: DataSource;
    let val: DataSource | null = null;
    const valBatchSize = checkBatchSize(options.validationBatchSize ?? batchSize, "fit (validationBatchSize)");
    if (isBatchIterable(x)) {
      if (y !== undefined && y !== null) throw new ValueError("fit: when `x` is an iterable of batches, `y` must not be given (each batch holds its targets).");
      if (split > 0) throw new ValueError("fit: `validationSplit` is only supported for array / tensor data, not for iterables of batches. Use `validationData` instead.");
      if (options.sampleWeight !== undefined || options.classWeight) throw new ValueError("fit: `sampleWeight` / `classWeight` are not supported with an iterable `x`; yield [x, y, sampleWeight] batches instead.");
      train = { kind: "iterable", iterable: x };
    } else {
      let data = this.arraysFrom(x, y, options.sampleWeight, options.classWeight, batchSize);
      if (!data.y) throw new ValueError("fit: targets `y` are required when `x` is array data.");
      if (split > 0) {
        if (options.validationData !== undefined && options.validationData !== null) {
          console.warn("fit: both `validationSplit` and `validationData` were given; `validationData` is used, like Keras.");
        } else {
          const [a, b] = data.split(split);
          data = a;
          val = { kind: "arrays", data: new ArrayData(b.x, b.y, b.sw, valBatchSize) };
        }
      }
      this.validateData(data);
      train = { kind: "arrays", data };
    }
    if (options.validationData !== undefined && options.validationData !== null) {
      val = this.validationSource(options.validationData, valBatchSize);
    }
    const steps = train.kind === "arrays" ? (stepsPerEpoch ?? train.data.numBatches) : stepsPerEpoch;

    const callbacks = new CallbackList(options.callbacks ?? [], {
      addHistory: true,
      addProgbar: verbose !== 0,
      model: this as unknown as CallbackModel,
      params: { verbose, epochs, steps, doValidation: val !== null },
    });
    this.stopTraining = false;
    this.currentIterator = null;
    await callbacks.onTrainBegin();
    let trainingLogs: Logs | undefined;
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      this.resetMetrics();
      await callbacks.onEpochBegin(epoch);
      let step = 0;
      for await (const batch of this.iterate(train, options.shuffle ?? true, stepsPerEpoch, stepsPerEpoch !== null)) {
        await callbacks.onTrainBatchBegin(step);
        this.trainStep(batch);
        await callbacks.onTrainBatchEnd(step, this.getMetricsResult());
        step++;
        if (this.stopTraining) break;
      }
      const epochLogs: Logs = this.getMetricsResult();
      if (val !== null && this.shouldEval(epoch, validationFreq)) {
        const valLogs = await this.evaluateSource(val, options.validationSteps ?? null, callbacks);
        for (const [k, v] of Object.entries(valLogs)) epochLogs[`val_${k}`] = v;
      }
      await callbacks.onEpochEnd(epoch, epochLogs);
      trainingLogs = epochLogs;
      if (this.stopTraining) break;
    }
    if (this.optimizer && epochs > 0) this.optimizer.finalizeVariableValues(this.trainableWeights);
    this.currentIterator = null;
    await callbacks.onTrainEnd(trainingLogs);
    this.history = callbacks.history;
    return callbacks.history!;
  }

  private shouldEval(epoch: number, freq: number | number[]): boolean {
    const e = epoch + 1;
    if (typeof freq === "number") return e % freq === 0;
    if (Array.isArray(freq)) return freq.includes(e);
    throw new ValueError(`Expected \`validationFreq\` to be a list or int. Received: validationFreq=${String(freq)}.`);
  }

  private validationSource(v: unknown, batchSize: number): DataSource {
    if (isBatchIterable(v)) return { kind: "iterable", iterable: v };
    if (!Array.isArray(v) || (v.length !== 2 && v.length !== 3)) {
      throw new ValueError("`validationData` must be [xVal, yVal], [xVal, yVal, sampleWeightVal] or an iterable of batches.");
    }
    const data = this.arraysFrom(v[0], v[1], v[2], null, batchSize);
    return { kind: "arrays", data };
  }

  private async evaluateSource(source: DataSource, steps: number | null, callbacks: CallbackList): Promise<Logs> {
    this.resetMetrics();
    this.stopEvaluating = false;
    await callbacks.onTestBegin();
    let step = 0;
    for await (const batch of this.iterate(source, false, steps, false)) {
      await callbacks.onTestBatchBegin(step);
      this.testStep(batch);
      await callbacks.onTestBatchEnd(step, this.getMetricsResult());
      step++;
      if (this.stopEvaluating) break;
    }
    const logs = this.getMetricsResult();
    await callbacks.onTestEnd(logs);
    return logs;
  }

  private flattenInOrder(logs: Logs): number | number[] {
    const names = this.orderedMetrics().map(([, n]) => n);
    const out: number[] = [];
    for (const n of names) if (n in logs) out.push(logs[n]!);
    for (const k of Object.keys(logs).sort()) if (!names.includes(k)) out.push(logs[k]!);
    return out.length === 1 ? out[0]! : out;
  }

  /**
   * Returns the loss (and metrics) on the data (Keras's `evaluate`): `loss`, or
   * `[loss, ...metrics]`, or `{ loss, ... }` with `returnDict`.
   */
  async evaluate(x: unknown, y?: unknown, options: EvaluateOptions = {}): Promise<number | number[] | Logs> {
    checkOptions("evaluate", options, ["batchSize", "verbose", "sampleWeight", "steps", "callbacks", "returnDict"]);
    this.assertCompiled("evaluate");
    const batchSize = checkBatchSize(options.batchSize ?? 32, "evaluate");
    const verbose = options.verbose ?? "auto";
    let source: DataSource;
    if (isBatchIterable(x)) {
      source = { kind: "iterable", iterable: x };
    } else {
      const data = this.arraysFrom(x, y, options.sampleWeight, null, batchSize);
      this.validateData(data);
      source = { kind: "arrays", data };
    }
    const steps = options.steps ?? null;
    const callbacks = new CallbackList(options.callbacks ?? [], {
      addProgbar: verbose !== 0,
      model: this as unknown as CallbackModel,
      params: { verbose, epochs: 1, steps: source.kind === "arrays" ? (steps ?? source.data.numBatches) : steps },
    });
    const logs = await this.evaluateSource(source, steps, callbacks);
    return options.returnDict ? logs : this.flattenInOrder(logs);
  }

  /** One gradient update on one batch (Keras's `train_on_batch`); returns the step's loss (and metrics). */
  trainOnBatch(x: unknown, y?: unknown, options: OnBatchOptions = {}): number | number[] | Logs {
    checkOptions("trainOnBatch", options, ["sampleWeight", "classWeight", "returnDict"]);
    this.assertCompiled("trainOnBatch");
    const data = this.arraysFrom(x, y, options.sampleWeight, options.classWeight, 1);
    this.resetMetrics();
    this.trainStep({ x: data.x, y: data.y, sw: data.sw });
    const logs = this.getMetricsResult();
    return options.returnDict ? logs : this.flattenInOrder(logs);
  }

  /** The loss (and metrics) on one batch, without updating (Keras's `test_on_batch`). */
  testOnBatch(x: unknown, y?: unknown, options: Omit<OnBatchOptions, "classWeight"> = {}): number | number[] | Logs {
    checkOptions("testOnBatch", options, ["sampleWeight", "returnDict"]);
    this.assertCompiled("testOnBatch");
    const data = this.arraysFrom(x, y, options.sampleWeight, null, 1);
    this.resetMetrics();
    this.testStep({ x: data.x, y: data.y, sw: data.sw });
    const logs = this.getMetricsResult();
    return options.returnDict ? logs : this.flattenInOrder(logs);
  }

  // ---------------------------------------------------------------- predict

  /**
   * Generates predictions for the input samples, in batches (Python's `model.predict`).
   * Accepts nested arrays, typed arrays or tensors (a list / dict of them for several inputs).
   * `verbose: 1` draws the progress bar (default silent).
   *
   * Like Keras, predict runs a traced function (see `compiledPredict.ts`): the first call with
   * given input shapes and dtypes runs the layers (their JS code included) while recording the
   * kernels, and later calls replay the kernels only. `compile({ runEagerly: true })` turns
   * this off. Models whose layers all compute samples independently (the built-in layers)
   * run large batches in cache-sized chunks, with identical results.
   */
  predict(x: unknown, options: PredictOptions = {}): any {
    checkOptions("predict", options, PREDICT_OPTIONS);
    const batchSize = checkBatchSize(options.batchSize ?? 32, "predict");
    const inputs = this.predictInputs(x);
    const verbose = options.verbose === "auto" ? 1 : (options.verbose ?? 0);
    const n = inputs[0]!.shape[0]!;
    let cbs: CallbackList | null = null;
    if (verbose !== 0 || (options.callbacks && options.callbacks.length > 0)) {
      cbs = new CallbackList(options.callbacks ?? [], { addProgbar: verbose !== 0, model: this as unknown as CallbackModel, params: { verbose, epochs: 1, steps: Math.max(1, Math.ceil(n / batchSize)) } });
      cbs.callSync("onPredictBegin");
    }
    const chunkSize = n > 1 ? predictChunkSize(this, Math.min(n, batchSize)) : 1;
    if (cbs === null && n <= Math.min(batchSize, chunkSize)) {
      // one batch, no callbacks: the step straight away (no closures: a tiny model's predict
      // is all per-call overhead, allocation included)
      const outs = this.runPredictStep(inputs);
      return outs.length === 1 ? outs[0]! : outs;
    }
    const outs = withoutGradient(() =>
      predictBatches(
        inputs,
        batchSize,
        chunkSize,
        (batch) => this.runPredictStep(batch),
        cbs ? (i) => cbs.callBatchSync("onPredictBatchEnd", i - 1) : undefined,
      ),
    );
    cbs?.callSync("onPredictEnd");
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** One forward pass in inference mode on one batch (Keras's `predict_on_batch`). */
  predictOnBatch(x: unknown): any {
    const inputs = this.predictInputs(x);
    const outs = this.runPredictStep(inputs);
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** @internal Forward pass of one batch with training=false, outputs as a list. */
  predictStep(batch: Tensor[]): Tensor[] {
    const out = this.apply(batch.length === 1 ? batch[0]! : batch, { training: false }) as Tensor | Tensor[];
    return Array.isArray(out) ? out : [out];
  }

  /** `predictStep` without gradient recording, replayed from a trace unless the model was compiled with `runEagerly`. */
  private runPredictStep(batch: Tensor[]): Tensor[] {
    return this.compileArgs?.runEagerly ? withoutGradient(() => this.predictStep(batch)) : compiledPredictStep(this, batch);
  }

  /** predict's inputs as tensors; a lone tensor for a single-input model skips the conversion. */
  private predictInputs(x: unknown): Tensor[] {
    if (x instanceof Tensor && x.shape.length > 0 && this.inputs.length <= 1) return [x];
    return toInputTensors(x, this.inputNamesOr());
  }
}
