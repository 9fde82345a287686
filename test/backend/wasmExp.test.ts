import { describe, expect, it } from "vitest";
import { ModuleBuilder, ValType } from "../../src/backend/wasm/builder.js";
import { emitExp } from "../../src/backend/wasm/kernels/exp.js";

/** exp(x: f64) → f64 as one generated function around emitExp. */
function wasmExp(): (x: number) => number {
  const mb = new ModuleBuilder({ module: "env", name: "memory", initialPages: 1, maximumPages: 1, shared: false });
  const f = mb.function("exp", [ValType.f64], [ValType.f64], true);
  const r = f.local(ValType.f64);
  emitExp(f, f.param(0), r);
  f.get(r);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  return new WebAssembly.Instance(new WebAssembly.Module(mb.build()), { env: { memory } }).exports.exp as (x: number) => number;
}

describe("exp in generated wasm (fdlibm, as V8's Math.exp)", () => {
  it("gives Math.exp's double bits: random doubles over the whole range, every branch, the edges", () => {
    const exp = wasmExp();
    const view = new DataView(new ArrayBuffer(8));
    let s = 987654321;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
    const inputs: number[] = [0, -0, 1, -1, 0.5, Infinity, -Infinity, NaN, 709.78, 709.79, -745.13, -745.14, -708.4, -708.39, 2 ** -29, -(2 ** -29), 2 ** -27, 0.34657, 0.34658, 1.03972, 1.03973, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE];
    for (let i = 0; i < 300_000; i++) {
      if (i % 3 === 0) {
        // any bit pattern
        view.setUint32(0, next());
        view.setUint32(4, next());
        inputs.push(view.getFloat64(0));
      } else if (i % 3 === 1) inputs.push(((next() / 2 ** 32) * 2 - 1) * 750); // where exp is finite and nonzero
      else inputs.push(((next() / 2 ** 32) * 2 - 1) * 2); // around the reduction thresholds
    }
    const bad = inputs.filter((x) => !Object.is(exp(x), Math.exp(x)) && !(Number.isNaN(x) && Number.isNaN(exp(x))));
    expect(bad).toEqual([]);
  });
});
