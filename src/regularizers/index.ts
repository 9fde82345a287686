import { abs, multiply, square } from "../ops/numpy/arithmetic.js";
import { sum } from "../ops/numpy/reductions.js";
import { add } from "../ops/numpy/arithmetic.js";
import { camelKey, mapKeys } from "../serialization/keys.js";
import { registerBuiltin, resolveClass, type CustomObjects } from "../serialization/registry.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";

/** A weight penalty added to the loss: `call(weight)` returns a scalar. */
export abstract class Regularizer {
  static readonly className: string = "Regularizer";
  abstract call(x: Tensor): Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
  get className(): string {
    return (this.constructor as typeof Regularizer).className;
  }
}

function checkFactor(name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new ValueError(`${name}: the regularization factor must be a non-negative number, but received ${String(v)}.`);
  }
  return v;
}

/** l1 · sum(|x|) (default l1 = 0.01). */
export class L1 extends Regularizer {
  static override readonly className: string = "L1";
  readonly l1: number;
  constructor(l1: number | { l1?: number } = 0.01) {
    super();
    this.l1 = checkFactor("L1", typeof l1 === "object" ? (l1.l1 ?? 0.01) : l1);
  }
  call(x: Tensor): Tensor {
    return multiply(sum(abs(x)), this.l1);
  }
  override getConfig() {
    return { l1: this.l1 };
  }
}

/** l2 · sum(x²) (default l2 = 0.01). */
export class L2 extends Regularizer {
  static override readonly className: string = "L2";
  readonly l2: number;
  constructor(l2: number | { l2?: number } = 0.01) {
    super();
    this.l2 = checkFactor("L2", typeof l2 === "object" ? (l2.l2 ?? 0.01) : l2);
  }
  call(x: Tensor): Tensor {
    return multiply(sum(square(x)), this.l2);
  }
  override getConfig() {
    return { l2: this.l2 };
  }
}

/** l1 · sum(|x|) + l2 · sum(x²) (defaults 0.0 each, like Keras's L1L2 class). */
export class L1L2 extends Regularizer {
  static override readonly className: string = "L1L2";
  readonly l1: number;
  readonly l2: number;
  constructor(options: { l1?: number; l2?: number } = {}) {
    super();
    this.l1 = checkFactor("L1L2", options.l1 ?? 0);
    this.l2 = checkFactor("L1L2", options.l2 ?? 0);
  }
  call(x: Tensor): Tensor {
    let out = multiply(sum(abs(x)), this.l1);
    if (this.l2) out = add(out, multiply(sum(square(x)), this.l2));
    return out;
  }
  override getConfig() {
    return { l1: this.l1, l2: this.l2 };
  }
}

const CLASSES: Record<string, new (arg?: any) => Regularizer> = { L1, L2, L1L2 };
for (const [n, c] of Object.entries(CLASSES)) registerBuiltin("regularizers", n, c as any);

export type RegularizerIdentifier = string | Regularizer | { class_name: string; config?: Record<string, unknown>; registered_name?: string | null };

/** keras.regularizers.get: "l1", "l2", "l1_l2" (Keras's 0.01 defaults), configs or instances. */
export function get(identifier: RegularizerIdentifier | null | undefined, customObjects?: CustomObjects): Regularizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === "string") {
    switch (identifier) {
      case "l1":
      case "L1":
        return new L1();
      case "l2":
      case "L2":
        return new L2();
      case "l1_l2":
      case "l1L2":
      case "L1L2":
        return new L1L2({ l1: 0.01, l2: 0.01 });
    }
    throw new ValueError(`Could not interpret regularizer identifier: '${identifier}'. Expected 'l1', 'l2' or 'l1_l2'.`);
  }
  if (typeof identifier === "object" && "class_name" in identifier) {
    const cls = resolveClass("regularizers", identifier.class_name, identifier.registered_name, customObjects) as any;
    const config = mapKeys(identifier.config ?? {}, camelKey);
    return cls.fromConfig ? cls.fromConfig(config) : new cls(config);
  }
  throw new ValueError(`Could not interpret regularizer identifier: ${String(identifier)}.`);
}

export function serialize(r: Regularizer | null): Record<string, unknown> | null {
  if (!r) return null;
  return { module: "keras.regularizers", class_name: r.className, config: r.getConfig(), registered_name: null };
}

export const l1 = (v = 0.01) => new L1(v);
export const l2 = (v = 0.01) => new L2(v);
export const l1L2 = (options: { l1?: number; l2?: number } = { l1: 0.01, l2: 0.01 }) => new L1L2(options);
