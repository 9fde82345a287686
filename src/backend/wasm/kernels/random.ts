import { float32Result } from "../../bufferPool.js";
import type { DropoutMaskAttrs } from "../../cpu/kernels/random.js";
import { getReferenceKernel } from "../../registry.js";
import type { TensorData } from "../../types.js";
import { type FunctionBuilder, type Local, ModuleBuilder, ValType } from "../builder.js";
import { compileOptimized } from "../features.js";

/**
 * `dropoutMask` with Philox4x32-10 in WebAssembly: the 32×32 → 64-bit products of each round are
 * one `i64.mul` here, against four double multiplies and three floors per product in JS (the
 * reference's `mulhi32`), which made a Dropout MLP's training step mostly random-number
 * generation. Same stream, same uniforms, same comparisons as the reference kernel
 * (backend/cpu/kernels/random.ts), so the same bits (tested).
 *
 * Layout: block b of the stream (counter [b, 0, 0, 0]) gives four words; words 0–1 make one
 * uniform double (27 + 26 bits, as `RandomStream.nextDouble`), words 2–3 the next. The module
 * writes CHUNK values at a time into its memory; JS copies them out.
 */

const CHUNK = 16384;
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

interface Exports {
  /** Values first … first + count − 1 (first even) into memory at 0, float32 (f64out 0) or float64. */
  mask(k0: number, k1: number, first: number, count: number, rate: number, scale: number, f64out: number): void;
}

let module: { run: Exports; memory: WebAssembly.Memory } | undefined;

function randomModule(): { run: Exports; memory: WebAssembly.Memory } {
  if (module) return module;
  const pages = Math.ceil(((CHUNK + 2) * 8) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const mb = new ModuleBuilder({ module: "env", name: "memory", initialPages: pages, maximumPages: pages, shared: false });
  buildMask(mb);
  const instance = new WebAssembly.Instance(compileOptimized(mb.build()), { env: { memory } });
  module = { run: instance.exports as unknown as Exports, memory };
  return module;
}

function buildMask(mb: ModuleBuilder): void {
  const I = ValType.i32;
  const D = ValType.f64;
  const f = mb.function("mask", [I, I, I, I, D, D, I], [], true);
  const [k0, k1, first, count, rate, scale, f64out] = [0, 1, 2, 3, 4, 5, 6].map((i) => f.param(i)) as Local[] as [Local, Local, Local, Local, Local, Local, Local];
  const [x0, x1, x2, x3, key0, key1, t0, t2, round, i, block] = Array.from({ length: 11 }, () => f.local(I)) as [Local, Local, Local, Local, Local, Local, Local, Local, Local, Local, Local];
  const p0 = f.local(ValType.i64);
  const p1 = f.local(ValType.i64);
  const ptr = f.local(I);
  f.get(first).i32Const(1).i32ShrU().set(block);
  f.i32Const(0).set(ptr);
  f.for(i, () => f.i32Const(0), () => f.get(count), 2, () => {
    f.get(block).set(x0);
    f.i32Const(0).set(x1).i32Const(0).set(x2).i32Const(0).set(x3);
    f.get(k0).set(key0).get(k1).set(key1);
    f.for(round, () => f.i32Const(0), () => f.i32Const(10), 1, () => {
      f.i32Const(M0 | 0).i64ExtendI32U().get(x0).i64ExtendI32U().i64Mul().set(p0);
      f.i32Const(M1 | 0).i64ExtendI32U().get(x2).i64ExtendI32U().i64Mul().set(p1);
      // x0' = hi(p1) ^ x1 ^ key0; x2' = hi(p0) ^ x3 ^ key1; x1' = lo(p1); x3' = lo(p0)
      f.get(p1).i64Const(32).i64ShrU().i32WrapI64().get(x1).i32Xor().get(key0).i32Xor().set(t0);
      f.get(p0).i64Const(32).i64ShrU().i32WrapI64().get(x3).i32Xor().get(key1).i32Xor().set(t2);
      f.get(p1).i32WrapI64().set(x1);
      f.get(p0).i32WrapI64().set(x3);
      f.get(t0).set(x0).get(t2).set(x2);
      f.get(key0).i32Const(W0 | 0).i32Add().set(key0);
      f.get(key1).i32Const(W1 | 0).i32Add().set(key1);
    });
    emitValue(f, x0, x1, rate, scale, f64out, ptr);
    emitValue(f, x2, x3, rate, scale, f64out, ptr);
    f.inc(block, 1);
  });
}

/** mem[ptr] = uniform(a, b) ≥ rate ? scale : 0 (float32, or float64 when f64out), ptr advanced. */
function emitValue(f: FunctionBuilder, a: Local, b: Local, rate: Local, scale: Local, f64out: Local, ptr: Local): void {
  const keep = f.local(ValType.i32);
  // (a >>> 5) · 2^26 + (b >>> 6), times 2^-53: exact, as RandomStream.nextDouble
  f.get(a).i32Const(5).i32ShrU().f64ConvertI32U().f64Const(67108864).f64Mul();
  f.get(b).i32Const(6).i32ShrU().f64ConvertI32U().f64Add();
  f.f64Const(2 ** -53).f64Mul();
  f.get(rate).f64Ge().set(keep);
  f.get(f64out).if(
    () => {
      f.get(ptr).get(scale).f64Const(0).get(keep).select().f64Store(0);
      f.inc(ptr, 8);
    },
    () => {
      f.get(ptr).get(scale).f64Const(0).get(keep).select().f32DemoteF64().f32Store(0);
      f.inc(ptr, 4);
    },
  );
}

/** The wasm `dropoutMask` kernel (float32 and float64 masks; other dtypes run the reference). */
export function dropoutMaskKernel(inputs: readonly TensorData[], attrs: DropoutMaskAttrs): TensorData[] {
  const dtype = attrs.dtype;
  if (dtype !== "float32" && dtype !== "float64") return getReferenceKernel("dropoutMask")(inputs, attrs);
  const state = inputs[0]!.values;
  const size = attrs.shape.reduce((x, y) => x * y, 1);
  const scale = attrs.rate < 1 ? 1 / (1 - attrs.rate) : 0;
  const out = dtype === "float32" ? float32Result(size) : new Float64Array(size);
  const { run, memory } = randomModule();
  const view = dtype === "float32" ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
  for (let o = 0; o < size; o += CHUNK) {
    const len = Math.min(CHUNK, size - o);
    run.mask(state[0]! | 0, state[1]! | 0, o, len, attrs.rate, scale, dtype === "float64" ? 1 : 0);
    out.set(view.subarray(0, len), o);
  }
  return [{ values: out, shape: attrs.shape, dtype }];
}
