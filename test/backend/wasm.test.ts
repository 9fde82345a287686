import { describe, expect, it } from "vitest";
import { getBackend, getReferenceKernel, listBackends } from "../../src/backend/registry.js";
import type { TensorData } from "../../src/backend/types.js";
import { ModuleBuilder, ValType } from "../../src/backend/wasm/builder.js";
import { features } from "../../src/backend/wasm/features.js";
import { wasmBackend, wasmGemm } from "../../src/backend/wasm/index.js";
import { makeMatmulKernel } from "../../src/backend/wasm/kernels/matmul.js";
import { xorshiftValues } from "../helpers/data.js";

/** Deterministic pseudo-random values in [-1, 1). */
const randomValues = (n: number, seed: number): Float32Array => xorshiftValues(n, seed);

function tensor(shape: number[], seed: number): TensorData {
  return { values: randomValues(shape.reduce((a, b) => a * b, 1), seed), shape, dtype: "float32" };
}

/** max |x - y| / (1 + |y|) over all elements: relative for large values, absolute near 0. */
function maxRelError(x: TensorData, y: TensorData): number {
  expect(x.shape).toEqual(y.shape);
  expect(x.values.length).toBe(y.values.length);
  let err = 0;
  for (let i = 0; i < x.values.length; i++) {
    const a = x.values[i]!;
    const b = y.values[i]!;
    err = Math.max(err, Math.abs(a - b) / Math.max(1, Math.abs(b)));
  }
  return err;
}

const wasm = wasmBackend();
const describeWasm = features.simd ? describe : describe.skip;

/** The wasm kernel without its small-problem shortcut to the reference kernel. */
const forcedWasm = features.simd ? makeMatmulKernel(() => wasmGemm()!, 0) : undefined;

function wasmMatmul(inputs: TensorData[], attrs: object): TensorData {
  return forcedWasm!(inputs, attrs)[0]!;
}

function check(aShape: number[], bShape: number[], attrs: { transposeA?: boolean; transposeB?: boolean }, seed = 1): void {
  const a = tensor(aShape, seed);
  const b = tensor(bShape, seed + 1000);
  const got = wasmMatmul([a, b], attrs);
  const want = getReferenceKernel("matmul")([a, b], attrs)[0]!;
  expect(got.dtype).toBe("float32");
  expect(got.values).toBeInstanceOf(Float32Array);
  expect(maxRelError(got, want)).toBeLessThan(1e-5);
}

describe("wasm module builder", () => {
  it("builds a valid module that computes", () => {
    const m = new ModuleBuilder({ module: "env", name: "memory", initialPages: 1, maximumPages: 1, shared: false });
    const f = m.function("sum", [ValType.i32, ValType.i32], [ValType.i32], true);
    const acc = f.local(ValType.i32);
    const i = f.local(ValType.i32);
    f.i32Const(0).set(acc);
    f.for(
      i,
      () => f.get(f.param(0)),
      () => f.get(f.param(1)),
      1,
      () => f.get(acc).get(i).i32Add().set(acc),
    );
    f.get(acc);
    const bytes = m.build();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const { sum } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as { sum: (a: number, b: number) => number };
    expect(sum(3, 7)).toBe(3 + 4 + 5 + 6);
    expect(sum(5, 5)).toBe(0);
    expect(sum(-3, 2)).toBe(-3 - 2 - 1 + 0 + 1);
  });
});

describeWasm("wasm backend", () => {
  it("is registered and active, with the cpu backend kept as reference", () => {
    expect(listBackends()).toContain("wasm");
    expect(listBackends()).toContain("cpu");
    expect(getBackend().name).toBe(process.env.KERAS_TS_BACKEND === "cpu" ? "cpu" : "wasm");
    expect(wasm!.threads()).toBeGreaterThanOrEqual(1);
  });

  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [7, 13, 5],
    [33, 65, 17],
    [128, 257, 100],
    [5, 1, 300],
    [1, 40, 9],
  ];
  for (const [M, K, N] of sizes) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`matmul ${M}x${K}x${N} transposeA=${transposeA} transposeB=${transposeB} matches the reference`, () => {
          const aShape = transposeA ? [K, M] : [M, K];
          const bShape = transposeB ? [N, K] : [K, N];
          check(aShape, bShape, { transposeA, transposeB }, M * 31 + K * 7 + N);
        });
      }
    }
  }

  it("batched matmul with broadcasting of leading axes", () => {
    check([2, 3, 7, 13], [13, 5], {});
    check([7, 13], [4, 13, 5], {});
    check([2, 1, 7, 13], [1, 3, 13, 5], {});
    check([3, 1, 9, 6], [4, 11, 6], { transposeB: true });
    check([5, 6, 9], [5, 6, 11], { transposeA: true });
    check([2, 3, 6, 9], [3, 11, 6], { transposeA: true, transposeB: true });
  });

  it("the registered kernel sends tiny problems to the reference kernel and others to wasm", () => {
    const engine = wasmGemm()!;
    const kernel = wasm!.kernels.get("matmul")!;
    const calls = () => engine.stats.serialCalls + engine.stats.parallelCalls;
    const before = calls();
    const tiny = kernel([tensor([1, 2], 1), tensor([2, 16], 2)], {})[0]!;
    expect(calls()).toBe(before);
    expect(maxRelError(tiny, getReferenceKernel("matmul")([tensor([1, 2], 1), tensor([2, 16], 2)], {})[0]!)).toBe(0);
    kernel([tensor([9, 8], 1), tensor([8, 16], 2)], {});
    expect(calls()).toBe(before + 1);
  });

  it("tiny problems (a Dense layer on one sample) give the reference kernel's bits", () => {
    const kernel = wasm!.kernels.get("matmul")!;
    const cases: [number[], number[], object][] = [
      [[1, 3, 2], [2, 16], {}],
      [[1, 6], [6, 4], {}],
      [[2, 3, 5], [2, 5, 4], {}],
      [[1, 1, 300], [300, 1], {}],
      [[3, 2], [4, 2], { transposeB: true }],
      [[2, 3], [2, 4], { transposeA: true }],
    ];
    for (const [as, bs, attrs] of cases) {
      const inputs = [tensor(as, 5), tensor(bs, 6)];
      const got = kernel(inputs, attrs)[0]!;
      const want = getReferenceKernel("matmul")(inputs, attrs)[0]!;
      expect(got.shape).toEqual(want.shape);
      expect(Array.from(got.values)).toEqual(Array.from(want.values));
    }
  });

  it("large GEMMs run in row blocks with B staged once, with the same results", () => {
    const engine = wasmGemm()!;
    const saved = { ...engine.rowBlocks };
    engine.rowBlocks.aboveBytes = 1 << 20;
    engine.rowBlocks.blockBytes = 256 << 10;
    try {
      for (const transposeB of [false, true]) {
        const a = tensor([700, 300], 21);
        const b = tensor(transposeB ? [500, 300] : [300, 500], 22);
        const got = wasmMatmul([a, b], { transposeB });
        const want = getReferenceKernel("matmul")([a, b], { transposeB })[0]!;
        expect(got.shape).toEqual([700, 500]);
        expect(maxRelError(got, want)).toBeLessThan(1e-5);
      }
    } finally {
      Object.assign(engine.rowBlocks, saved);
    }
  });

  it("handles empty dimensions and K = 0", () => {
    const zeroK = wasmMatmul([tensor([3, 0], 1), tensor([0, 4], 2)], {});
    expect(zeroK.shape).toEqual([3, 4]);
    expect(Array.from(zeroK.values)).toEqual(new Array(12).fill(0));
    const empty = wasmMatmul([tensor([0, 3], 1), tensor([3, 4], 2)], {});
    expect(empty.shape).toEqual([0, 4]);
    expect(empty.values.length).toBe(0);
  });

  it("falls back to the reference kernel for other dtypes", () => {
    const a: TensorData = { values: new Float64Array([1, 2, 3, 4]), shape: [2, 2], dtype: "float64" };
    const b: TensorData = { values: new Float64Array([5, 6, 7, 8]), shape: [2, 2], dtype: "float64" };
    const out = wasmMatmul([a, b], {});
    expect(out.dtype).toBe("float64");
    expect(Array.from(out.values)).toEqual([19, 22, 43, 50]);
    const ai: TensorData = { values: new Int32Array([1, 2, 3, 4]), shape: [2, 2], dtype: "int32" };
    const outI = wasmMatmul([ai, ai], { transposeB: true });
    expect(outI.dtype).toBe("int32");
    expect(Array.from(outI.values)).toEqual([5, 11, 11, 25]);
  });

  it("does not write into its inputs and returns a fresh buffer", () => {
    const a = tensor([17, 9], 3);
    const b = tensor([9, 11], 4);
    const aCopy = a.values.slice();
    const bCopy = b.values.slice();
    const r1 = wasmMatmul([a, b], {});
    const r2 = wasmMatmul([a, b], {});
    expect(r1.values).not.toBe(r2.values);
    expect(Array.from(a.values)).toEqual(Array.from(aCopy));
    expect(Array.from(b.values)).toEqual(Array.from(bCopy));
    expect(Array.from(r1.values)).toEqual(Array.from(r2.values));
  });

  it("multi-threaded large GEMMs match the reference (split N, split M, split batch)", async () => {
    const engine = wasmGemm()!;
    const threads = await engine.startThreads();
    const before = engine.stats.parallelCalls;
    check([300, 200], [200, 517], {}, 11); // N >= M: columns split
    check([517, 200], [300, 200], { transposeB: true }, 12); // M > N: rows split
    check([6, 70, 90], [6, 90, 80], {}, 13); // batch split
    check([3, 90, 70], [90, 130], { transposeA: true }, 14); // 3 GEMMs over 2 threads: each split
    if (threads > 1) expect(engine.stats.parallelCalls - before).toBe(4);
  });
});
