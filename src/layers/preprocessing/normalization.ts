import { withoutGradient } from "../../autodiff/engine.js";
import { add, divide, maximum, multiply, sqrt, square, subtract } from "../../ops/numpy/arithmetic.js";
import { cast } from "../../ops/numpy/manipulation.js";
import { mean, variance } from "../../ops/numpy/reductions.js";
import { broadcastTo, reshape } from "../../ops/numpy/shape.js";
import { convertToTensor } from "../../tensor/convert.js";
import { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { Layer, type LayerOptions, type LayerVariable, type Shape } from "../layer.js";

type Values = number | readonly unknown[] | Tensor;

export interface NormalizationOptions extends LayerOptions {
  /** The axis or axes that keep separate statistics (default -1: one mean/variance per feature); null: one for everything. */
  axis?: number | readonly number[] | null;
  /** A fixed mean (scalar or per kept axis); given together with `variance`, `adapt` is not needed. */
  mean?: Values | null;
  /** A fixed variance, with `mean`. */
  variance?: Values | null;
  /** Undo the normalization instead: `x * sqrt(variance) + mean` (default false). */
  invert?: boolean;
}

const EPSILON = 1e-7;

/**
 * Feature-wise normalization: `(x - mean) / sqrt(variance)` (clamped away from 0), with the
 * statistics either given (`mean`, `variance`) or learned from data with `layer.adapt(data)`.
 * Adapted statistics live in non-trainable weights `mean`, `variance`, `count`.
 *
 * ```ts
 * const norm = new keras.layers.Normalization();
 * norm.adapt([[1, 10], [3, 30]]); // mean [2, 20], variance [1, 100]
 * norm.apply([[2, 20]]); // [[0, 0]]
 * ```
 */
export class Normalization extends Layer {
  static override readonly className: string = "Normalization";
  readonly axis: number[];
  readonly invert: boolean;
  readonly inputMean: Values | null;
  readonly inputVariance: Values | null;
  adaptMean: LayerVariable | null = null;
  adaptVariance: LayerVariable | null = null;
  count: LayerVariable | null = null;
  private keepAxis: number[] = [];
  private reduceAxis: number[] = [];
  private broadcastShape: number[] = [];
  private fixedMean: Tensor | null = null;
  private fixedVariance: Tensor | null = null;

  constructor(options: NormalizationOptions = {}) {
    super(options, ["axis", "mean", "variance", "invert"]);
    const a = options.axis === undefined ? -1 : options.axis;
    this.axis = a === null ? [] : typeof a === "number" ? [a] : [...a];
    if (this.axis.some((v) => !Number.isInteger(v))) throw new ValueError(`Normalization: \`axis\` must be an int, a list of ints or null. Received: axis=${JSON.stringify(a)}`);
    this.inputMean = options.mean ?? null;
    this.inputVariance = options.variance ?? null;
    this.invert = options.invert ?? false;
    if ((this.inputMean === null) !== (this.inputVariance === null)) {
      throw new ValueError(`Normalization: when setting values directly, both \`mean\` and \`variance\` must be set. Received: mean=${JSON.stringify(this.inputMean)} and variance=${JSON.stringify(this.inputVariance)}`);
    }
    if (this.inputMean !== null) {
      const m = convertToTensor(this.inputMean as number[]);
      const v = convertToTensor(this.inputVariance as number[]);
      if (formatShape(m.shape) !== formatShape(v.shape)) {
        throw new ValueError(`Normalization: \`mean\` and \`variance\` must have the same shape. Received: mean shape ${formatShape(m.shape)} and variance shape ${formatShape(v.shape)}`);
      }
      if (m.shape.length > this.axis.length) {
        throw new ValueError(`Normalization: the rank of \`mean\` must be at most the number of axes (${this.axis.length}). Received: mean shape ${formatShape(m.shape)} for axis ${JSON.stringify(this.axis)}`);
      }
    }
    this.supportsMasking = true;
  }

  override build(inputShape: Shape): void {
    const ndim = inputShape.length;
    if (this.axis.some((a) => a < -ndim || a >= ndim)) {
      throw new ValueError(`Layer "${this.name}" (Normalization): all \`axis\` values must be in the range [-ndim, ndim). Received inputs with ndim=${ndim}, while axis=${JSON.stringify(this.axis)}`);
    }
    this.keepAxis = this.axis.map((a) => (a < 0 ? a + ndim : a)).sort((x, y) => x - y);
    for (const d of this.keepAxis) {
      if (inputShape[d] === null) {
        throw new ValueError(`Layer "${this.name}" (Normalization): all \`axis\` values to be kept must have a known size. Received axis=${JSON.stringify(this.axis)}, inputs.shape=${formatShape(inputShape)}, with unknown axis at index ${d}`);
      }
    }
    this.reduceAxis = inputShape.map((_, i) => i).filter((i) => !this.keepAxis.includes(i));
    this.broadcastShape = inputShape.map((d, i) => (this.keepAxis.includes(i) ? (d as number) : 1));
    const statShape = this.keepAxis.map((d) => inputShape[d] as number);
    if (this.inputMean === null) {
      this.adaptMean = this.addWeight({ name: "mean", shape: statShape, initializer: "zeros", trainable: false });
      this.adaptVariance = this.addWeight({ name: "variance", shape: statShape, initializer: "ones", trainable: false });
      this.count = this.addWeight({ name: "count", shape: [], initializer: "zeros", trainable: false, dtype: "int32" });
    } else {
      this.fixedMean = this.expandStat(convertToTensor(this.inputMean as number[], this.dtype));
      this.fixedVariance = this.expandStat(convertToTensor(this.inputVariance as number[], this.dtype));
    }
    this.built = true;
  }

  /** A scalar or per-kept-axis statistic, broadcast to `broadcastShape`. */
  private expandStat(t: Tensor): Tensor {
    if (t.shape.length === 0) return broadcastTo(t, this.broadcastShape);
    const expanded = new Array<number>(this.broadcastShape.length).fill(1);
    for (let i = 1; i <= t.shape.length; i++) expanded[this.keepAxis[this.keepAxis.length - i]!] = t.shape[t.shape.length - i]!;
    return broadcastTo(reshape(t, expanded), this.broadcastShape);
  }

  /**
   * Computes the mean and variance of `data` over the non-kept axes and stores them. `data` is a
   * tensor, nested arrays, or an array of batches (tensors), merged batch by batch.
   */
  adapt(data: Tensor | readonly unknown[]): void {
    if (this.inputMean !== null) throw new ValueError(`Layer "${this.name}" (Normalization): cannot adapt a layer created with fixed \`mean\` and \`variance\`.`);
    const batches: Tensor[] = Array.isArray(data) && data.length > 0 && data.every((b) => b instanceof Tensor) ? (data as Tensor[]) : [convertToTensor(data as number[], this.dtype)];
    if (batches.length === 0 || batches[0]!.shape.length === 0) throw new ValueError(`Layer "${this.name}" (Normalization): adapt() needs a non-empty batch of data.`);
    const first = batches[0]!;
    if (!this.built) {
      this.buildInputShape = [...first.shape];
      this.build([...first.shape]);
    }
    withoutGradient(() => {
      let totalMean: Tensor | null = null;
      let totalVar: Tensor | null = null;
      let totalCount = 0;
      for (const raw of batches) {
        const batch = raw.dtype === this.dtype ? raw : cast(raw, this.dtype);
        for (const d of this.keepAxis) {
          if (batch.shape[d] !== this.broadcastShape[d]) {
            throw new ValueError(`Layer "${this.name}" (Normalization): adapt() received data of shape ${formatShape(batch.shape)}, incompatible with the layer's input shape ${formatShape(this.buildInputShape as Shape)} along axis ${d}.`);
          }
        }
        const keepShape = this.keepAxis.map((d) => batch.shape[d]!);
        const bMean = reshape(mean(batch, this.reduceAxis), keepShape);
        const bVar = reshape(variance(batch, this.reduceAxis), keepShape);
        const bCount = this.reduceAxis.reduce((n, d) => n * batch.shape[d]!, 1);
        if (totalMean === null || totalVar === null) {
          [totalMean, totalVar, totalCount] = [bMean, bVar, bCount];
          continue;
        }
        // merge running moments (Keras's weighted update)
        totalCount += bCount;
        const wb = bCount / totalCount;
        const wa = 1 - wb;
        const newMean = add(multiply(totalMean, wa), multiply(bMean, wb));
        totalVar = add(multiply(add(totalVar, square(subtract(totalMean, newMean))), wa), multiply(add(bVar, square(subtract(bMean, newMean))), wb));
        totalMean = newMean;
      }
      this.adaptMean!.assign(totalMean!);
      this.adaptVariance!.assign(totalVar!);
      this.count!.assign(convertToTensor(totalCount, "int32"));
    });
  }

  override call(inputs: Tensor): Tensor {
    const x = inputs.dtype === this.dtype ? inputs : cast(inputs, this.dtype);
    const m = this.fixedMean ?? reshape(this.adaptMean!.value, this.broadcastShape);
    const v = this.fixedVariance ?? reshape(this.adaptVariance!.value, this.broadcastShape);
    const std = maximum(sqrt(v), EPSILON);
    return this.invert ? add(m, multiply(x, std)) : divide(subtract(x, m), std);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    const ser = (v: Values | null) => (v === null ? null : v instanceof Tensor ? v.arraySync() : v);
    return { ...super.getConfig(), axis: [...this.axis], invert: this.invert, mean: ser(this.inputMean), variance: ser(this.inputVariance) };
  }
}
