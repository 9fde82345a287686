import { clip, divide, greaterEqual, multiply, sqrt, add } from "../ops/numpy/arithmetic.js";
import { sum } from "../ops/numpy/reductions.js";
import { square } from "../ops/numpy/arithmetic.js";
import { cast } from "../ops/numpy/manipulation.js";
import { camelKey, mapKeys } from "../serialization/keys.js";
import { registerBuiltin, resolveClass, type CustomObjects } from "../serialization/registry.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";

/** A projection applied to a weight after each optimizer update. */
export abstract class Constraint {
  static readonly className: string = "Constraint";
  abstract call(w: Tensor): Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
  get className(): string {
    return (this.constructor as typeof Constraint).className;
  }
}

const EPS = 1e-7;
const norms = (w: Tensor, axis: number | number[]) => sqrt(sum(square(w), axis, true));

/** Rescales weights whose norm along `axis` exceeds maxValue (default 2, axis 0). */
export class MaxNorm extends Constraint {
  static override readonly className: string = "MaxNorm";
  readonly maxValue: number;
  readonly axis: number | number[];
  constructor(options: { maxValue?: number; axis?: number | number[] } = {}) {
    super();
    this.maxValue = options.maxValue ?? 2;
    this.axis = options.axis ?? 0;
  }
  call(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const desired = clip(n, 0, this.maxValue);
    return multiply(w, divide(desired, add(n, EPS)));
  }
  override getConfig() {
    return { max_value: this.maxValue, axis: this.axis };
  }
}

/** Zeroes negative weights. */
export class NonNeg extends Constraint {
  static override readonly className: string = "NonNeg";
  call(w: Tensor): Tensor {
    return multiply(w, cast(greaterEqual(w, 0), w.dtype));
  }
}

/** Unit norm along `axis` (default 0). */
export class UnitNorm extends Constraint {
  static override readonly className: string = "UnitNorm";
  readonly axis: number | number[];
  constructor(options: { axis?: number | number[] } = {}) {
    super();
    this.axis = options.axis ?? 0;
  }
  call(w: Tensor): Tensor {
    return divide(w, add(norms(w, this.axis), EPS));
  }
  override getConfig() {
    return { axis: this.axis };
  }
}

/** Norms kept in [minValue, maxValue], moved there at `rate` (defaults 0, 1, 1, axis 0). */
export class MinMaxNorm extends Constraint {
  static override readonly className: string = "MinMaxNorm";
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number | number[];
  constructor(options: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}) {
    super();
    this.minValue = options.minValue ?? 0;
    this.maxValue = options.maxValue ?? 1;
    this.rate = options.rate ?? 1;
    this.axis = options.axis ?? 0;
  }
  call(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const desired = add(multiply(clip(n, this.minValue, this.maxValue), this.rate), multiply(n, 1 - this.rate));
    return multiply(w, divide(desired, add(n, EPS)));
  }
  override getConfig() {
    return { min_value: this.minValue, max_value: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

const CLASSES: Record<string, new (o?: any) => Constraint> = { MaxNorm, NonNeg, UnitNorm, MinMaxNorm };
for (const [n, c] of Object.entries(CLASSES)) registerBuiltin("constraints", n, c as any);
const ALIASES: Record<string, string> = { max_norm: "MaxNorm", non_neg: "NonNeg", unit_norm: "UnitNorm", min_max_norm: "MinMaxNorm", maxNorm: "MaxNorm", nonNeg: "NonNeg", unitNorm: "UnitNorm", minMaxNorm: "MinMaxNorm" };

export type ConstraintIdentifier = string | Constraint | { class_name: string; config?: Record<string, unknown>; registered_name?: string | null };

export function get(identifier: ConstraintIdentifier | null | undefined, customObjects?: CustomObjects): Constraint | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Constraint) return identifier;
  if (typeof identifier === "string") {
    const cls = CLASSES[ALIASES[identifier] ?? identifier];
    if (!cls) throw new ValueError(`Could not interpret constraint identifier: '${identifier}'. Expected one of 'max_norm', 'non_neg', 'unit_norm', 'min_max_norm'.`);
    return new cls();
  }
  if (typeof identifier === "object" && "class_name" in identifier) {
    const cls = resolveClass("constraints", identifier.class_name, identifier.registered_name, customObjects) as any;
    return cls.fromConfig ? cls.fromConfig(identifier.config ?? {}) : new cls(mapKeys(identifier.config ?? {}, camelKey));
  }
  throw new ValueError(`Could not interpret constraint identifier: ${String(identifier)}.`);
}

export function serialize(c: Constraint | null): Record<string, unknown> | null {
  if (!c) return null;
  return { module: "keras.constraints", class_name: c.className, config: c.getConfig(), registered_name: null };
}
