import { describe, expect, it, vi } from "vitest";
import { getBackend, getKernel } from "../../src/backend/registry.js";
import type { KernelProgram, ProgramStep, SlotSpec, TensorData } from "../../src/backend/types.js";
import { features } from "../../src/backend/wasm/features.js";
import { wasmBackend } from "../../src/backend/wasm/index.js";
import { MIN_WASM_WORK } from "../../src/backend/wasm/kernels/matmul.js";
import { compileProgram, MAX_PROGRAM_FLOATS } from "../../src/backend/wasm/program.js";
import "../../src/index.js";
import { xorshiftValues } from "../helpers/data.js";

/** Deterministic float32 values in [-3, 3), with the specials relu and divide care about. */
function values(n: number, seed: number, specials = false): Float32Array {
  const out = xorshiftValues(n, seed, 3);
  if (specials && n >= 6) out.set([NaN, -0, 0, Infinity, -Infinity, 1e-45], 0);
  return out;
}

const f32 = (shape: number[]): SlotSpec => ({ shape, dtype: "float32" });
const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A program whose first `numInputs` slots are its inputs. */
function program(slots: SlotSpec[], numInputs: number, steps: ProgramStep[], outputs: number[]): KernelProgram {
  return { slots, inputs: Array.from({ length: numInputs }, (_, i) => i), steps, outputs };
}

function inputsOf(p: KernelProgram, seed: number, specials = false): TensorData[] {
  return p.inputs.map((s, i) => ({ values: values(size(p.slots[s]!.shape), seed + i, specials), shape: p.slots[s]!.shape, dtype: "float32" as const }));
}

/** The reference: the backend's kernels, one call per step. */
function byKernels(p: KernelProgram, inputs: readonly TensorData[]): TensorData[] {
  const slots: TensorData[] = [];
  p.inputs.forEach((s, i) => (slots[s] = inputs[i]!));
  for (const st of p.steps) {
    const outs = getKernel(st.name)(
      st.inputs.map((i) => slots[i]!),
      st.attrs,
    );
    st.outputs.forEach((o, k) => (slots[o] = outs[k]!));
  }
  return p.outputs.map((o) => slots[o]!);
}

const bits = (d: TensorData): number[] => Array.from(new Uint32Array(Float32Array.from(d.values).buffer));

/** Compiled and kernel-by-kernel runs agree bit for bit, on plain inputs and on inputs with NaN, ±0, ±Infinity and a subnormal. */
function expectSameBits(p: KernelProgram, seeds = [1, 2, 3]): void {
  const run = compileProgram(p);
  expect(run).not.toBeNull();
  for (const seed of seeds) {
    const inputs = inputsOf(p, seed, seed === seeds[seeds.length - 1]);
    const got = run!(inputs);
    const want = byKernels(p, inputs);
    expect(got.length).toBe(want.length);
    got.forEach((g, i) => {
      expect(g.shape).toEqual(want[i]!.shape);
      expect(g.dtype).toBe("float32");
      expect(bits(g)).toEqual(bits(want[i]!));
    });
  }
}

const W5: KernelProgram = program(
  [f32([1, 3, 2]), f32([2, 16]), f32([16]), f32([48, 4]), f32([4]), f32([1, 3, 16]), f32([1, 3, 16]), f32([1, 48]), f32([1, 4]), f32([1, 4])],
  5,
  [
    { name: "matmul", attrs: {}, inputs: [0, 1], outputs: [5] },
    { name: "biasActivation", attrs: { activation: "relu" }, inputs: [5, 2], outputs: [6] },
    { name: "reshape", attrs: { shape: [1, 48] }, inputs: [6], outputs: [7] },
    { name: "matmul", attrs: {}, inputs: [7, 3], outputs: [8] },
    { name: "biasActivation", attrs: { activation: "linear" }, inputs: [8, 4], outputs: [9] },
  ],
  [9],
);

describe.skipIf(!features.simd)("wasm compiled programs", () => {
  it("the wasm backend is active and offers compileProgram", () => {
    expect(getBackend()).toBe(wasmBackend());
    expect(typeof wasmBackend()!.compileProgram).toBe("function");
  });

  it("a tiny MLP (Dense-relu, Flatten, Dense) gives the bits of its kernels run one by one", () => {
    expectSameBits(W5);
  });

  it("matmul: batch axes of a, odd sizes, up to the tiny kernel's size limit", () => {
    for (const [lead, K, N] of [
      [[2, 3], 5, 7],
      [[1], 1, 1],
      [[7], 3, 1],
      [[1, 1, 4], 9, 3],
    ] as [number[], number, number][]) {
      const rows = size(lead);
      expect(rows * K * N).toBeLessThan(MIN_WASM_WORK);
      expectSameBits(program([f32([...lead, K]), f32([K, N]), f32([...lead, N])], 2, [{ name: "matmul", attrs: {}, inputs: [0, 1], outputs: [2] }], [2]));
    }
  });

  it("biasActivation relu and linear, relu: NaN and -0 give +0", () => {
    for (const activation of ["relu", "linear"]) {
      expectSameBits(program([f32([3, 5]), f32([5]), f32([3, 5])], 2, [{ name: "biasActivation", attrs: { activation }, inputs: [0, 1], outputs: [2] }], [2]));
    }
    expectSameBits(program([f32([2, 3, 4]), f32([2, 3, 4])], 1, [{ name: "relu", attrs: {}, inputs: [0], outputs: [1] }], [1]));
    const run = compileProgram(program([f32([4]), f32([4])], 1, [{ name: "relu", attrs: {}, inputs: [0], outputs: [1] }], [1]))!;
    const out = run([{ values: Float32Array.from([NaN, -0, -2, 3]), shape: [4], dtype: "float32" }])[0]!;
    expect(Array.from(out.values).map((v) => Object.is(v, 0) || v)).toEqual([true, true, true, 3]);
  });

  it("add, subtract, multiply, divide: same shapes, scalar operands, a row over the last axis", () => {
    const layouts: [number[], number[], number[]][] = [
      [[3, 4], [3, 4], [3, 4]],
      [[3, 4], [], [3, 4]],
      [[3, 4], [1], [3, 4]],
      [[], [2, 5], [2, 5]],
      [[1, 1], [2, 5], [2, 5]],
      [[2, 3, 5], [5], [2, 3, 5]],
      [[2, 3, 5], [1, 1, 5], [2, 3, 5]],
    ];
    for (const name of ["add", "subtract", "multiply", "divide"]) {
      for (const [a, b, out] of layouts) {
        expectSameBits(program([f32(a), f32(b), f32(out)], 2, [{ name, attrs: {}, inputs: [0, 1], outputs: [2] }], [2]));
      }
    }
  });

  it("general broadcasting (index tables) for the binary kernels and where", () => {
    const layouts: [number[], number[]][] = [
      [[3, 1], [1, 4]],
      [[2, 1, 5], [3, 1]],
      [[4, 1], [4, 3]],
      [[1], [2, 2]],
    ];
    for (const name of ["add", "subtract", "multiply", "divide"]) {
      for (const [a, b] of layouts) {
        const out = [a, b].reduce((x, y) => (x.length >= y.length ? x : y)).map((_, i, arr) => {
          const r = arr.length;
          const da = a[a.length - r + i] ?? 1;
          const db = b[b.length - r + i] ?? 1;
          return Math.max(da, db);
        });
        expectSameBits(program([f32(a), f32(b), f32(out)], 2, [{ name, attrs: {}, inputs: [0, 1], outputs: [2] }], [2]));
      }
    }
    // where(isfinite(m), m, 0): softmax's stable shift, with a column of maxima and a scalar 0
    const bool = (shape: number[]): SlotSpec => ({ shape, dtype: "bool" });
    expectSameBits(
      program(
        [f32([3, 1]), f32([]), bool([3, 1]), f32([3, 1])],
        2,
        [
          { name: "isfinite", attrs: {}, inputs: [0], outputs: [2] },
          { name: "where", attrs: {}, inputs: [2, 0, 1], outputs: [3] },
        ],
        [3],
      ),
    );
  });

  it("exp gives Math.exp's bits (fdlibm, as V8), on random float32 values and the edge cases", () => {
    const n = 16384;
    const p = program([f32([n]), f32([n])], 1, [{ name: "exp", attrs: {}, inputs: [0], outputs: [1] }], [1]);
    const run = compileProgram(p)!;
    const x = new Float32Array(n);
    const bitsIn = new Uint32Array(x.buffer);
    let s = 12345;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < n; i++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        // half: any float32 bit pattern; half: |x| < 90, where exp is neither 0 nor Infinity
        bitsIn[i] = i % 2 === 0 ? s : 0;
        if (i % 2 === 1) x[i] = ((s / 2 ** 32) * 2 - 1) * 90;
      }
      if (round === 0) x.set([0, -0, 1, -1, Infinity, -Infinity, NaN, 88.7, 88.8, -103, -104, 1e-30, -1e-30, 0.3466, 1.0397, 709.8, -745.2], 0);
      const got = run([{ values: x, shape: [n], dtype: "float32" }])[0]!.values;
      const want = Float32Array.from(x, Math.exp);
      expect(Array.from(new Uint32Array(got.buffer, got.byteOffset, n))).toEqual(Array.from(new Uint32Array(want.buffer)));
    }
  });

  it("sigmoid gives the reference's bits (its stable form around exp), specials included", () => {
    expectSameBits(program([f32([64, 65]), f32([64, 65])], 1, [{ name: "sigmoid", attrs: {}, inputs: [0], outputs: [1] }], [1]));
    const p = program([f32([8]), f32([8])], 1, [{ name: "sigmoid", attrs: {}, inputs: [0], outputs: [1] }], [1]);
    const x = Float32Array.from([0, -0, 80, -80, 200, -200, NaN, 1e-8]);
    const got = compileProgram(p)!([{ values: x, shape: [8], dtype: "float32" }])[0]!;
    expect(bits(got)).toEqual(bits(getKernel("sigmoid")([{ values: x, shape: [8], dtype: "float32" }], {})[0]!));
  });

  it("sum and max over trailing axes, keepdims or not; max: NaN wins, -0 and 0 keep the first", () => {
    for (const [shape, axes] of [
      [[3, 5], [1]],
      [[2, 3, 4], [1, 2]],
      [[7], [0]],
    ] as [number[], number[]][]) {
      for (const keepdims of [true, false]) {
        for (const name of ["sum", "max"]) {
          const kept = shape.slice(0, shape.length - axes.length);
          const out = keepdims ? [...kept, ...axes.map(() => 1)] : kept;
          expectSameBits(program([f32(shape), f32(out)], 1, [{ name, attrs: { axes, keepdims }, inputs: [0], outputs: [1] }], [1]));
        }
      }
    }
  });

  it("softmax as the ops compose it (max, stopGradient, isfinite, where, subtract, exp, sum, divide), batch 1 and 3", () => {
    for (const batch of [1, 3]) {
      const bool: SlotSpec = { shape: [batch, 1], dtype: "bool" };
      const p = program(
        [f32([batch, 5]), f32([]), f32([batch, 1]), f32([batch, 1]), bool, f32([batch, 1]), f32([batch, 5]), f32([batch, 5]), f32([batch, 1]), f32([batch, 5])],
        2,
        [
          { name: "max", attrs: { axes: [1], keepdims: true }, inputs: [0], outputs: [2] },
          { name: "stopGradient", attrs: {}, inputs: [2], outputs: [3] },
          { name: "isfinite", attrs: {}, inputs: [3], outputs: [4] },
          { name: "where", attrs: {}, inputs: [4, 3, 1], outputs: [5] },
          { name: "subtract", attrs: {}, inputs: [0, 5], outputs: [6] },
          { name: "exp", attrs: {}, inputs: [6], outputs: [7] },
          { name: "sum", attrs: { axes: [1], keepdims: true }, inputs: [7], outputs: [8] },
          { name: "divide", attrs: {}, inputs: [7, 8], outputs: [9] },
        ],
        [9],
      );
      expectSameBits(p);
    }
  });

  it("several outputs, an output that is an input, and outputs that are fresh arrays on every call", () => {
    const p = program(
      [f32([2, 3]), f32([3]), f32([2, 3]), f32([6])],
      2,
      [
        { name: "add", attrs: {}, inputs: [0, 1], outputs: [2] },
        { name: "reshape", attrs: { shape: [6] }, inputs: [2], outputs: [3] },
      ],
      [3, 0, 2],
    );
    expectSameBits(p);
    const run = compileProgram(p)!;
    const inputs = inputsOf(p, 5);
    const first = run(inputs);
    first[0]!.values[0] = 1234;
    const second = run(inputs);
    expect(second[0]!.values[0]).not.toBe(1234);
    expect(second[0]!.values).not.toBe(first[0]!.values);
    expect(Array.from(second[1]!.values)).toEqual(Array.from(inputs[0]!.values));
  });

  it("gives null when the runtime refuses to compile the module (a browser's cap on synchronous compiles)", () => {
    const spy = vi.spyOn(WebAssembly, "Module").mockImplementation(() => {
      throw new RangeError("WebAssembly.Module(): buffer size is larger than the synchronous limit");
    });
    try {
      expect(compileProgram(W5)).toBeNull();
    } finally {
      spy.mockRestore();
    }
    expect(compileProgram(W5)).not.toBeNull();
  });

  it("gives null outside what it supports, so the plan runs kernel by kernel", () => {
    const mm = (a: number[], b: number[], attrs: object = {}): KernelProgram =>
      program([f32(a), f32(b), f32([a[0]!, b[1]!])], 2, [{ name: "matmul", attrs, inputs: [0, 1], outputs: [2] }], [2]);
    expect(compileProgram(mm([4, 8], [8, 16]))).toBeNull(); // 512 multiply-adds: the GEMM's
    expect(compileProgram(mm([2, 3], [2, 4], { transposeA: true }))).toBeNull();
    expect(compileProgram(program([f32([2, 3]), f32([2, 3])], 1, [{ name: "softmax", attrs: { axis: -1 }, inputs: [0], outputs: [1] }], [1]))).toBeNull();
    expect(compileProgram(program([f32([3, 2]), f32([4]), f32([3, 4])], 2, [{ name: "add", attrs: {}, inputs: [0, 1], outputs: [2] }], [2]))).toBeNull(); // does not broadcast
    expect(compileProgram(program([f32([3, 4]), f32([3])], 1, [{ name: "sum", attrs: { axes: [0], keepdims: false }, inputs: [0], outputs: [1] }], [1]))).toBeNull(); // leading axis
    const bool: SlotSpec = { shape: [3], dtype: "bool" };
    expect(compileProgram(program([f32([3]), bool], 1, [{ name: "isfinite", attrs: {}, inputs: [0], outputs: [1] }], [1]))).toBeNull(); // bool output
    const f64: SlotSpec = { shape: [3], dtype: "float64" };
    expect(compileProgram(program([f64, f64], 1, [{ name: "relu", attrs: {}, inputs: [0], outputs: [1] }], [1]))).toBeNull();
    expect(compileProgram(program([f32([0, 3]), f32([0, 3])], 1, [{ name: "relu", attrs: {}, inputs: [0], outputs: [1] }], [1]))).toBeNull();
    const big = [MAX_PROGRAM_FLOATS / 2 + 4];
    expect(compileProgram(program([f32(big), f32(big)], 1, [{ name: "relu", attrs: {}, inputs: [0], outputs: [1] }], [1]))).toBeNull();
    expect(compileProgram(program([f32([3, 5]), f32([5]), f32([3, 5])], 2, [{ name: "biasActivation", attrs: { activation: "tanh" }, inputs: [0, 1], outputs: [2] }], [2]))).toBeNull();
  });
});
