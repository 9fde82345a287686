import { describe, expect, it } from "vitest";
import { getBackend, getKernel } from "../../src/backend/registry.js";
import type { KernelProgram, ProgramStep, SlotSpec, TensorData } from "../../src/backend/types.js";
import { features } from "../../src/backend/wasm/features.js";
import { wasmBackend } from "../../src/backend/wasm/index.js";
import { MIN_WASM_WORK } from "../../src/backend/wasm/kernels/matmul.js";
import { compileProgram, MAX_PROGRAM_FLOATS } from "../../src/backend/wasm/program.js";
import "../../src/index.js";

/** Deterministic float32 values in [-3, 3), with the specials relu and divide care about. */
function values(n: number, seed: number, specials = false): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 31 - 1) * 3;
  }
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

  it("gives null outside what it supports, so the plan runs kernel by kernel", () => {
    const mm = (a: number[], b: number[], attrs: object = {}): KernelProgram =>
      program([f32(a), f32(b), f32([a[0]!, b[1]!])], 2, [{ name: "matmul", attrs, inputs: [0, 1], outputs: [2] }], [2]);
    expect(compileProgram(mm([4, 8], [8, 16]))).toBeNull(); // 512 multiply-adds: the GEMM's
    expect(compileProgram(mm([2, 3], [2, 4], { transposeA: true }))).toBeNull();
    expect(compileProgram(program([f32([2, 3]), f32([2, 3])], 1, [{ name: "softmax", attrs: { axis: -1 }, inputs: [0], outputs: [1] }], [1]))).toBeNull();
    expect(compileProgram(program([f32([3, 1]), f32([1, 4]), f32([3, 4])], 2, [{ name: "add", attrs: {}, inputs: [0, 1], outputs: [2] }], [2]))).toBeNull();
    const f64: SlotSpec = { shape: [3], dtype: "float64" };
    expect(compileProgram(program([f64, f64], 1, [{ name: "relu", attrs: {}, inputs: [0], outputs: [1] }], [1]))).toBeNull();
    expect(compileProgram(program([f32([0, 3]), f32([0, 3])], 1, [{ name: "relu", attrs: {}, inputs: [0], outputs: [1] }], [1]))).toBeNull();
    const big = [MAX_PROGRAM_FLOATS / 2 + 4];
    expect(compileProgram(program([f32(big), f32(big)], 1, [{ name: "relu", attrs: {}, inputs: [0], outputs: [1] }], [1]))).toBeNull();
    expect(compileProgram(program([f32([3, 5]), f32([5]), f32([3, 5])], 2, [{ name: "biasActivation", attrs: { activation: "tanh" }, inputs: [0, 1], outputs: [2] }], [2]))).toBeNull();
  });
});
