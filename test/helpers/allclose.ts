import { expect } from "vitest";
import { Tensor } from "../../src/tensor/tensor.js";

type Nested = number | boolean | Nested[];

function flatten(x: unknown): number[] {
  if (x instanceof Tensor) return Array.from(x.values, Number);
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>, Number);
  if (Array.isArray(x)) return x.flatMap(flatten);
  if (typeof x === "boolean") return [x ? 1 : 0];
  return [x as number];
}

function shapeOf(x: unknown): number[] {
  if (x instanceof Tensor) return [...x.shape];
  if (ArrayBuffer.isView(x)) return [(x as unknown as ArrayLike<number>).length];
  if (Array.isArray(x)) return x.length === 0 ? [0] : [x.length, ...shapeOf(x[0])];
  return [];
}

export interface AllcloseOptions {
  rtol?: number;
  atol?: number;
  /** Compare values only (default false: shapes must match too). */
  ignoreShape?: boolean;
}

/** NumPy's allclose: |a - b| <= atol + rtol * |b|, NaN equal to NaN. Returns a message or null. */
export function allcloseMessage(actual: unknown, expected: unknown, opts: AllcloseOptions = {}): string | null {
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-6;
  const sa = shapeOf(actual);
  const se = shapeOf(expected);
  if (!opts.ignoreShape && (expected instanceof Tensor || Array.isArray(expected)) && JSON.stringify(sa) !== JSON.stringify(se)) {
    return `shape mismatch: actual ${JSON.stringify(sa)} vs expected ${JSON.stringify(se)}`;
  }
  const a = flatten(actual);
  const e = flatten(expected);
  if (a.length !== e.length && e.length !== 1) return `size mismatch: actual ${a.length} vs expected ${e.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e.length === 1 ? e[0]! : e[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
      return `element ${i}: actual ${x} vs expected ${y} (|diff| ${Math.abs(x - y)} > atol ${atol} + rtol ${rtol} * |expected|)`;
    }
  }
  return null;
}

expect.extend({
  toBeAllclose(received: unknown, expected: unknown, opts?: AllcloseOptions) {
    const msg = allcloseMessage(received, expected, opts);
    return {
      pass: msg === null,
      message: () => (msg === null ? "expected values not to be allclose" : `expected values to be allclose: ${msg}`),
    };
  },
});

declare module "vitest" {
  interface Assertion<T = any> {
    toBeAllclose(expected: unknown, opts?: AllcloseOptions): T;
  }
  interface AsymmetricMatchersContaining {
    toBeAllclose(expected: unknown, opts?: AllcloseOptions): void;
  }
}

export type { Nested };
