import { add, multiply } from "../ops/numpy/arithmetic.js";
import { cast } from "../ops/numpy/manipulation.js";
import { getLossObject, lossFunctionName, type LossIdentifier } from "../losses/index.js";
import { Loss, type LossFn } from "../losses/loss.js";
import { checkLossShapes } from "../losses/shapes.js";
import { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy } from "../losses/probabilistic.js";
import { BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy } from "../metrics/accuracyMetrics.js";
import { get as getMetric, type MetricIdentifier } from "../metrics/index.js";
import { Metric } from "../metrics/metric.js";
import { Mean, MeanMetricWrapper, type MetricFn } from "../metrics/reductionMetrics.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";

type Shape = readonly (number | null)[];

/** Keras's `is_binary_or_sparse_categorical`, on shapes. */
function binaryOrSparse(yTrue: Shape, yPred: Shape): [boolean, boolean] {
  const tLast = yTrue[yTrue.length - 1];
  const pLast = yPred[yPred.length - 1];
  const isBinary = pLast === 1;
  const isSparse = yTrue.length < yPred.length || (tLast === 1 && (pLast ?? 2) > 1);
  return [isBinary, isSparse];
}

/** Keras's compile-time metric resolution: "accuracy"/"acc" become binary / sparse / categorical accuracy. */
export function resolveMetric(identifier: MetricIdentifier, yTrue: Shape, yPred: Shape): Metric {
  let obj: Metric | MetricFn;
  const isAccuracy = typeof identifier === "string" && ["accuracy", "acc"].includes(identifier.toLowerCase());
  if (isAccuracy) {
    const [isBinary, isSparse] = binaryOrSparse(yTrue, yPred);
    const name = identifier;
    obj = isBinary ? new BinaryAccuracy({ name }) : isSparse ? new SparseCategoricalAccuracy({ name }) : new CategoricalAccuracy({ name });
  } else {
    const got = getMetric(identifier);
    if (got === null) throw new ValueError("Expected a metric, received null.");
    obj = got;
  }
  if (!(obj instanceof Metric)) {
    const fn = obj;
    const fnName = lossFunctionName(fn as unknown as LossFn) ?? fn.name;
    obj = new MeanMetricWrapper(fn, { name: typeof identifier === "string" ? identifier : fnName });
  } else if (typeof identifier === "string") {
    obj.name = identifier;
  }
  return obj;
}

/** Keras's compile-time loss resolution ("crossentropy"/"ce" chosen from the shapes). */
export function resolveLoss(identifier: LossIdentifier, yTrue: Shape, yPred: Shape): Loss {
  if (typeof identifier === "string" && ["crossentropy", "ce"].includes(identifier.toLowerCase())) {
    const [isBinary, isSparse] = binaryOrSparse(yTrue, yPred);
    const fn = isBinary ? binaryCrossentropy : isSparse ? sparseCategoricalCrossentropy : categoricalCrossentropy;
    return getLossObject(fn as LossFn);
  }
  return getLossObject(identifier);
}

interface OutputLoss {
  index: number;
  loss: Loss;
  weight: number | null;
  name: string;
}

export type LossArg = LossIdentifier | (LossIdentifier | null)[] | Record<string, LossIdentifier | null>;
export type LossWeightsArg = number | number[] | Record<string, number> | null | undefined;

/**
 * The compiled loss (Keras's CompileLoss): one loss per model output (a single loss applies to
 * every output), each optionally weighted; the total is their sum. With several outputs, the
 * per-output values are tracked as `<output>_loss` metrics.
 */
export class CompileLoss {
  readonly userLoss: LossArg;
  readonly userLossWeights: LossWeightsArg;
  readonly outputNames: string[];
  built = false;
  private flat: OutputLoss[] = [];
  metrics: Mean[] = [];

  constructor(loss: LossArg, lossWeights: LossWeightsArg, outputNames: string[]) {
    this.userLoss = loss;
    this.userLossWeights = lossWeights;
    this.outputNames = outputNames;
    // Resolve names now, so that unknown identifiers fail at compile time.
    for (const l of this.entries(Math.max(1, outputNames.length))) if (l !== null && !(typeof l === "string" && ["crossentropy", "ce"].includes(l.toLowerCase()))) getLossObject(l);
  }

  private entries(numOutputs: number): (LossIdentifier | null)[] {
    const loss = this.userLoss;
    if (Array.isArray(loss)) {
      if (loss.length !== numOutputs) {
        throw new ValueError(`The model has ${numOutputs} output(s) (${this.outputNames.join(", ")}), but \`loss\` is a list of ${loss.length} losses. Pass one loss per output, a single loss for all outputs, or an object keyed by output name.`);
      }
      return loss;
    }
    if (loss !== null && typeof loss === "object" && !(loss instanceof Loss) && !("class_name" in loss)) {
      const dict = loss as Record<string, LossIdentifier | null>;
      const unknown = Object.keys(dict).filter((k) => !this.outputNames.includes(k));
      if (unknown.length > 0) throw new ValueError(`Expected keys ${JSON.stringify(this.outputNames)} in loss dict, but found loss.keys()=${JSON.stringify(Object.keys(dict))}.`);
      return this.outputNames.map((n) => dict[n] ?? null);
    }
    return Array.from({ length: numOutputs }, () => loss as LossIdentifier);
  }

  private weights(numOutputs: number): (number | null)[] {
    const w = this.userLossWeights;
    if (w === null || w === undefined) return Array.from({ length: numOutputs }, () => null);
    if (typeof w === "number") return Array.from({ length: numOutputs }, () => w);
    if (Array.isArray(w)) {
      if (w.length !== numOutputs) throw new ValueError(`\`lossWeights\` must match the number of losses, got ${numOutputs} losses and ${w.length} weights.`);
      return w;
    }
    return this.outputNames.map((n) => (w as Record<string, number>)[n] ?? null);
  }

  /** Resolves the per-output losses for these shapes and checks the label shapes. */
  build(yTrue: Shape[], yPred: Shape[]): void {
    const n = yPred.length;
    const entries = this.entries(n);
    const weights = this.weights(n);
    this.flat = [];
    entries.forEach((id, i) => {
      if (id === null || id === undefined) return;
      const loss = resolveLoss(id, yTrue[i]!, yPred[i]!);
      checkLossShapes(loss, yTrue[i]!, yPred[i]!, n > 1 ? this.outputNames[i] : "");
      this.flat.push({ index: i, loss, weight: weights[i] ?? null, name: n > 1 ? (this.outputNames[i] ?? `output_${i}`) : loss.name });
    });
    if (this.flat.length === 0) throw new ValueError("No loss to compute. Provide a `loss` argument in `compile()` for at least one output.");
    this.metrics = this.flat.length > 1 ? this.flat.map((l) => new Mean({ name: `${l.name}_loss` })) : [];
    this.built = true;
  }

  /** The weighted total and the unweighted per-output values. */
  call(yTrue: Tensor[], yPred: Tensor[], sampleWeight: (Tensor | null)[] | null): { total: Tensor; values: Tensor[] } {
    const values: Tensor[] = [];
    let total: Tensor | null = null;
    for (const { index, loss, weight } of this.flat) {
      let v = loss.apply(yTrue[index]!, yPred[index]!, sampleWeight?.[index] ?? undefined);
      if (v.dtype !== "float32") v = cast(v, "float32");
      values.push(v);
      const weighted = weight !== null ? multiply(v, weight) : v;
      total = total === null ? weighted : add(total, weighted);
    }
    return { total: total!, values };
  }

  /** Updates the per-output loss trackers (weighted by the batch size, like Keras). */
  updateMetrics(values: Tensor[], batchSize: number): void {
    this.metrics.forEach((m, i) => m.updateState(values[i]!, batchSize));
  }
}

export type MetricsArg = MetricIdentifier[] | (MetricIdentifier | MetricIdentifier[] | null)[] | Record<string, MetricIdentifier | MetricIdentifier[]> | null | undefined;

/**
 * The compiled metrics (Keras's CompileMetrics): resolved per output on the first batch; logged
 * as the identifier string (or the metric's name), prefixed by the output name when the model has
 * several outputs.
 */
export class CompileMetrics {
  readonly userMetrics: MetricsArg;
  readonly userWeightedMetrics: MetricsArg;
  readonly outputNames: string[];
  built = false;
  private flatMetrics: Metric[][] = [];
  private flatWeighted: Metric[][] = [];
  private names: [Metric, string][] = [];

  constructor(metrics: MetricsArg, weightedMetrics: MetricsArg, outputNames: string[]) {
    for (const [arg, what] of [[metrics, "metrics"], [weightedMetrics, "weighted_metrics"]] as const) {
      if (arg && typeof arg !== "object") throw new ValueError(`Expected \`${what}\` argument to be a list or an object keyed by output name. Received instead: ${what}=${String(arg)}`);
    }
    this.userMetrics = metrics;
    this.userWeightedMetrics = weightedMetrics;
    this.outputNames = outputNames;
    // fail early on unknown names
    const check = (m: unknown): void => {
      if (Array.isArray(m)) m.forEach(check);
      else if (typeof m === "string" && !["accuracy", "acc"].includes(m.toLowerCase())) getMetric(m);
      else if (m && typeof m === "object" && !(m instanceof Metric) && !("class_name" in m)) Object.values(m).forEach(check);
    };
    check(metrics);
    check(weightedMetrics);
  }

  /** The resolved metric objects (after the first batch). */
  get metrics(): Metric[] {
    return [...this.flatMetrics.flat(), ...this.flatWeighted.flat()];
  }

  private perOutput(arg: MetricsArg, n: number, what: string): (MetricIdentifier | MetricIdentifier[] | null)[] {
    if (!arg) return Array.from({ length: n }, () => null);
    if (n === 1) return [Array.isArray(arg) ? (arg.flat() as MetricIdentifier[]) : Object.values(arg).flat()];
    if (Array.isArray(arg)) {
      if (arg.length === n) return arg;
      throw new ValueError(
        `Invalid \`${what}\`. For a model with ${n} outputs (${this.outputNames.join(", ")}), \`${what}\` should be a list with one entry (a metric or a list of metrics) per output, or an object keyed by output name. Received: ${what} with ${arg.length} entries.`,
      );
    }
    const dict = arg as Record<string, MetricIdentifier | MetricIdentifier[]>;
    const unknown = Object.keys(dict).filter((k) => !this.outputNames.includes(k));
    if (unknown.length > 0) throw new ValueError(`Invalid \`${what}\`: unknown output name(s) ${JSON.stringify(unknown)}. The model's outputs are ${JSON.stringify(this.outputNames)}.`);
    return this.outputNames.map((name) => dict[name] ?? null);
  }

  build(yTrue: Shape[], yPred: Shape[]): void {
    const n = yPred.length;
    const make = (arg: MetricsArg, what: string) =>
      this.perOutput(arg, n, what).map((m, i) => {
        if (m === null || m === undefined) return [];
        const list = Array.isArray(m) ? m : [m];
        return list.map((id) => resolveMetric(id, yTrue[i]!, yPred[i]!));
      });
    this.flatMetrics = make(this.userMetrics, "metrics");
    this.flatWeighted = make(this.userWeightedMetrics, "weighted_metrics");
    // Keras's result naming: output prefix, `weighted_` for clashing weighted metrics, `_1` suffixes.
    const seen = new Map<string, number>();
    this.names = [];
    const prefix = (i: number) => (n > 1 ? `${this.outputNames[i]}_` : "");
    this.flatMetrics.forEach((ms, i) =>
      ms.forEach((m) => {
        let name = `${prefix(i)}${m.name}`;
        if (seen.has(name)) {
          const k = seen.get(name)!;
          seen.set(name, k + 1);
          name = `${name}_${k}`;
        } else seen.set(name, 1);
        this.names.push([m, name]);
      }),
    );
    this.flatWeighted.forEach((ms, i) =>
      ms.forEach((m) => {
        let name = `${prefix(i)}${m.name}`;
        if (seen.has(name)) {
          name = `${prefix(i)}weighted_${m.name}`;
          if (seen.has(name)) {
            const k = seen.get(name)!;
            seen.set(name, k + 1);
            name = `${name}_${k}`;
          } else seen.set(name, 1);
        } else seen.set(name, 1);
        this.names.push([m, name]);
      }),
    );
    this.built = true;
  }

  update(yTrue: Tensor[], yPred: Tensor[], sampleWeight: (Tensor | null)[] | null): void {
    this.flatMetrics.forEach((ms, i) => ms.forEach((m) => m.updateState(yTrue[i], yPred[i])));
    this.flatWeighted.forEach((ms, i) => ms.forEach((m) => m.updateState(yTrue[i], yPred[i], sampleWeight?.[i] ?? undefined)));
  }

  reset(): void {
    for (const m of this.metrics) m.resetState();
  }

  /** Logged names and metrics, in order. */
  namedMetrics(): [Metric, string][] {
    return this.names;
  }
}
