import type { DType } from "../backend/types.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { uniqueName } from "../util/names.js";
import type { Tensor } from "./tensor.js";

export interface VariableOptions {
  /** The variable's name (default: `variable`, made unique). */
  name?: string;
  /** Whether optimizers update it (default true). */
  trainable?: boolean;
  /** Keras's `path`, e.g. `dense/kernel` (default: the name). */
  path?: string;
  /** How the optimizer aggregates it across replicas (kept for config parity). */
  aggregation?: "none" | "mean" | "sum" | "only_first_replica";
}

/** How many assignments any variable has had (see `variableAssignments`). */
let assignments = 0;

/**
 * @internal The count of variable assignments so far. A traced step compares it before and
 * after tracing: a step that assigns any variable (a layer's state, a random generator's
 * counter) cannot be replayed as a kernel list.
 */
export function variableAssignments(): number {
  return assignments;
}

/** Depth of stateless scopes (symbolic calls): assignments inside them are dropped. */
let statelessDepth = 0;

/**
 * @internal Runs `fn` in a stateless scope, like Keras's `StatelessScope` around symbolic calls:
 * `Variable.assign` does nothing inside, so building a functional model from a layer that updates
 * its state when called leaves that state as it was.
 */
export function withoutAssignments<T>(fn: () => T): T {
  statelessDepth++;
  try {
    return fn();
  } finally {
    statelessDepth--;
  }
}

/** Sees every assignment while a step is traced (see `setAssignRecorder`). */
export type AssignRecorder = (variable: Variable, value: Tensor) => void;

let assignRecorder: AssignRecorder | null = null;

/** @internal Installs (null: removes) the callback told of every assignment; returns the previous one. */
export function setAssignRecorder(recorder: AssignRecorder | null): AssignRecorder | null {
  const previous = assignRecorder;
  assignRecorder = recorder;
  return previous;
}

/**
 * A mutable holder of a tensor value: the weights of layers and the state of optimizers
 * and metrics. `assign` swaps in a new value of the same shape; ops read `variable.value`.
 */
export class Variable {
  readonly name: string;
  readonly path: string;
  trainable: boolean;
  readonly aggregation: string;
  private _value: Tensor;

  constructor(value: Tensor, options: VariableOptions = {}) {
    this._value = value;
    this.name = options.name ?? uniqueName("variable");
    this.path = options.path ?? this.name;
    this.trainable = options.trainable ?? true;
    this.aggregation = options.aggregation ?? "none";
  }

  get value(): Tensor {
    return this._value;
  }

  get shape(): readonly number[] {
    return this._value.shape;
  }

  get dtype(): DType {
    return this._value.dtype;
  }

  get size(): number {
    return this._value.size;
  }

  /**
   * Replaces the value; the new value must have the same shape (cast to the variable's dtype by
   * callers). Inside a symbolic call (a stateless scope) it does nothing.
   */
  assign(value: Tensor): void {
    if (statelessDepth > 0) return;
    const a = this._value.shape;
    const b = value.shape;
    if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
      throw new ValueError(
        `Variable '${this.path}': cannot assign a value of shape ${formatShape(b)} to a variable of shape ${formatShape(a)}.`,
      );
    }
    if (value.dtype !== this._value.dtype) {
      throw new ValueError(`Variable '${this.path}': cannot assign a ${value.dtype} value to a ${this._value.dtype} variable.`);
    }
    this._value = value;
    assignments++;
    if (assignRecorder !== null) assignRecorder(this, value);
  }

  /** The current value as nested arrays. */
  arraySync() {
    return this._value.arraySync();
  }

  toString(): string {
    return `<Variable path=${this.path}, shape=${formatShape(this.shape)}, dtype=${this.dtype}>`;
  }
}
