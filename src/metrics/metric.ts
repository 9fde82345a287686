import * as initializers from "../initializers/index.js";
import type { Initializer } from "../initializers/index.js";
import { convertToTensor } from "../tensor/convert.js";
import type { DType } from "../tensor/dtypes.js";
import { Tensor, zerosTensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import { autoName } from "../util/names.js";

export interface MetricOptions {
  /** The metric's name (shown in logs); each metric has its Keras default. */
  name?: string;
  /** The dtype of the metric's state (default "float32"). */
  dtype?: "float32" | "float64" | null;
}

/**
 * The base of stateful metrics (Keras's `Metric`): state lives in variables created with
 * `addVariable`; `updateState(...)` accumulates a batch, `result()` gives the current value,
 * `resetState()` starts over.
 *
 * ```ts
 * const m = new keras.metrics.Mean();
 * m.updateState([1, 3, 5, 7]);
 * m.result().item(); // 4
 * ```
 */
export abstract class Metric {
  static readonly className: string = "Metric";
  name: string;
  readonly dtype: "float32" | "float64";
  /** Whether larger values are better ("up"), smaller ("down"), or unknown (null). */
  direction: "up" | "down" | null = null;
  private readonly _variables: Variable[] = [];
  private readonly _initialValues = new Map<Variable, Tensor>();

  constructor(options: MetricOptions = {}) {
    this.name = options.name ?? autoName(this.className);
    this.dtype = options.dtype ?? "float32";
  }

  get className(): string {
    const cls = this.constructor as typeof Metric;
    return Object.prototype.hasOwnProperty.call(cls, "className") ? cls.className : cls.name;
  }

  /** Creates a state variable (Keras's `add_variable`), zeros by default. */
  addVariable(options: { shape: readonly number[]; initializer?: string | Initializer; dtype?: DType; name: string }): Variable {
    const dtype = options.dtype ?? this.dtype;
    const init = initializers.get(options.initializer ?? "zeros")!;
    let value = init.call([...options.shape], dtype);
    if (value.dtype !== dtype) value = convertToTensor(value, dtype);
    const v = new Variable(value, { name: options.name, path: `${this.name}/${options.name}`, trainable: false, aggregation: "sum" });
    this._variables.push(v);
    this._initialValues.set(v, value);
    return v;
  }

  /** The metric's state variables, in creation order. */
  get variables(): Variable[] {
    return [...this._variables];
  }

  /** Accumulates statistics for one batch. */
  abstract updateState(...args: any[]): void;

  /** The current value of the metric. */
  abstract result(): Tensor;

  /** Resets the state to its initial value (zeros for built-in metrics). */
  resetState(): void {
    for (const v of this._variables) v.assign(this._initialValues.get(v) ?? zerosTensor(v.shape, v.dtype));
  }

  /** The config with Keras's snake_case keys. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: this.dtype };
  }
}

/** @internal Reads a tensor's values as plain numbers (for metrics computed in JS). */
export function valuesOf(t: Tensor): ArrayLike<number> {
  return t.values as unknown as ArrayLike<number>;
}
