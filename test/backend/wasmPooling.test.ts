import { describe, expect, it } from "vitest";
import type { PoolAttrs } from "../../src/backend/cpu/kernels/pool.js";
import { getReferenceKernel } from "../../src/backend/registry.js";
import type { TensorData } from "../../src/backend/types.js";
import { features } from "../../src/backend/wasm/features.js";
import { wasmBackend } from "../../src/backend/wasm/index.js";
import { POOLING_KERNELS } from "../../src/backend/wasm/kernels/pooling.js";
import "../../src/index.js";
import { xorshiftValues } from "../helpers/data.js";

/** Deterministic pseudo-random values in [-1, 1). */
const randomValues = (n: number, seed: number): Float32Array => xorshiftValues(n, seed);

type Fill = "random" | "ties" | "equal" | "special";

/**
 * x values: random; few distinct values (ties inside most windows); all equal; or ties with
 * signed zeros and NaNs (the comparison `v > best` must pick the same cell as the reference).
 */
function values(n: number, seed: number, fill: Fill): Float32Array {
  const r = randomValues(n, seed);
  if (fill === "ties") return r.map((v) => Math.round(v * 2));
  if (fill === "equal") return r.fill(0.75);
  if (fill === "special") return r.map((v, i) => [0, -0, NaN, v][i % 4]!);
  return r;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function tensor(shape: number[], seed: number, fill: Fill = "random", dtype: "float32" | "float64" = "float32"): TensorData {
  const v = values(size(shape), seed, fill);
  return { values: dtype === "float32" ? v : Float64Array.from(v), shape, dtype };
}

/** Same shape, dtype and values bit for bit (signed zeros told apart, NaN equal to NaN). */
function expectIdentical(got: TensorData, want: TensorData): void {
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(want.dtype);
  expect(got.values.constructor).toBe(want.values.constructor);
  expect(got.values.length).toBe(want.values.length);
  let mismatches = 0;
  for (let i = 0; i < got.values.length; i++) if (!Object.is(got.values[i], want.values[i])) mismatches++;
  expect(mismatches).toBe(0);
}

/** Runs all five primitives through the wasm kernels and the reference kernels on the same data. */
function expectAllMatch(xShape: number[], attrs: PoolAttrs, fill: Fill = "random", dtype: "float32" | "float64" = "float32"): void {
  const x = tensor(xShape, 1, fill, dtype);
  const ref = (name: string, inputs: TensorData[], a: object): TensorData => getReferenceKernel(name)(inputs, a)[0]!;
  const fast = (name: string, inputs: TensorData[], a: object): TensorData => POOLING_KERNELS[name]!(inputs, a)[0]!;
  const pooled = ref("maxPool", [x], attrs);
  const dy = tensor(pooled.shape as number[], 2, "random", dtype);
  const t = tensor(xShape, 3, "random", dtype);
  const gradAttrs = { ...attrs, inputShape: xShape };
  const cases: [string, TensorData[], object][] = [
    ["maxPool", [x], attrs],
    ["maxPoolGrad", [x, dy], attrs],
    ["maxPoolGather", [x, t], attrs],
    ["avgPool", [x], attrs],
    ["avgPoolGrad", [dy], gradAttrs],
  ];
  for (const [name, inputs, a] of cases) expectIdentical(fast(name, inputs, a), ref(name, inputs, a));
}

const describeWasm = features.simd ? describe : describe.skip;

/** [batch and spatial dims, pool size, strides] over 1, 2 and 3 spatial dims; each runs with both paddings. */
const GEOMETRIES: [number[], number[], number[]][] = [
  [[3, 11], [2], [2]],
  [[3, 11], [3], [1]],
  [[2, 10], [2], [3]],
  [[2, 12], [3], [2]],
  [[2, 7, 9], [2, 2], [2, 2]],
  [[2, 7, 9], [3, 3], [1, 1]],
  [[2, 7, 9], [3, 3], [2, 2]],
  [[2, 8, 7], [2, 2], [3, 3]],
  [[3, 9, 6], [2, 3], [1, 2]],
  [[1, 5, 5], [3, 2], [3, 1]],
  [[2, 13, 13], [2, 2], [1, 1]],
  [[2, 5, 6, 7], [2, 2, 2], [2, 2, 2]],
  [[2, 5, 6, 7], [3, 2, 3], [1, 2, 3]],
  [[1, 4, 4, 4], [3, 3, 3], [2, 2, 2]],
];

/** Channel counts: max pooling runs in WebAssembly SIMD for multiples of 4, in JS otherwise. */
const CHANNELS = [1, 3, 8];

describeWasm("wasm backend float32 pooling kernels", () => {
  it("are registered on the wasm backend", () => {
    for (const [name, kernel] of Object.entries(POOLING_KERNELS)) expect(wasmBackend()!.kernels.get(name)).toBe(kernel);
  });

  describe.each(["valid", "same"] as const)("%s padding", (padding) => {
    it.each(GEOMETRIES)("x %j × channels, pool %j, strides %j: all five equal the reference bit for bit", (dims, poolSize, strides) => {
      for (const c of CHANNELS) expectAllMatch([...dims, c], { poolSize, strides, padding });
    });

    it.each(["ties", "equal", "special"] as const)("%s values: the same maximum wins as in the reference", (fill) => {
      for (const c of CHANNELS) {
        expectAllMatch([2, 7, 8, c], { poolSize: [3, 3], strides: [1, 1], padding }, fill);
        expectAllMatch([2, 7, 8, c], { poolSize: [2, 2], strides: [2, 2], padding }, fill);
        expectAllMatch([2, 9, c], { poolSize: [3], strides: [2], padding }, fill);
        expectAllMatch([1, 4, 5, 3, c], { poolSize: [2, 3, 2], strides: [1, 2, 1], padding }, fill);
      }
    });
  });

  it("match on the CNN benchmark's shapes", () => {
    expectAllMatch([4, 26, 26, 32], { poolSize: [2, 2], strides: [2, 2], padding: "valid" });
    expectAllMatch([4, 11, 11, 64], { poolSize: [2, 2], strides: [2, 2], padding: "valid" });
  });

  it("match when the batch goes through the SIMD arena in several chunks", () => {
    // 1 MiB per batch item: 4 items per 4 MiB chunk, so chunks of 4, 4 and 1
    expectAllMatch([9, 128, 128, 16], { poolSize: [3, 3], strides: [2, 2], padding: "same" }, "ties");
  });

  it("handle windows larger than the input and empty batches", () => {
    for (const c of CHANNELS) {
      expectAllMatch([2, 3, 2, c], { poolSize: [4, 4], strides: [2, 2], padding: "same" });
      expectAllMatch([2, 3, 2, c], { poolSize: [4, 4], strides: [1, 1], padding: "valid" });
      expectAllMatch([0, 6, 6, c], { poolSize: [2, 2], strides: [2, 2], padding: "valid" });
    }
  });

  it("fall back to the reference kernels for float64", () => {
    expectAllMatch([2, 7, 9, 5], { poolSize: [3, 3], strides: [2, 1], padding: "same" }, "ties", "float64");
    expectAllMatch([2, 9, 8], { poolSize: [2], strides: [1], padding: "valid" }, "random", "float64");
  });

  it("fall back when x and the cotangent differ in dtype", () => {
    const attrs: PoolAttrs = { poolSize: [2, 2], strides: [1, 1], padding: "valid" };
    const x = tensor([2, 5, 5, 8], 1);
    const dy = tensor([2, 4, 4, 8], 2, "random", "float64");
    const t = tensor([2, 5, 5, 8], 3, "random", "float64");
    expectIdentical(POOLING_KERNELS.maxPoolGrad!([x, dy], attrs)[0]!, getReferenceKernel("maxPoolGrad")([x, dy], attrs)[0]!);
    expectIdentical(POOLING_KERNELS.maxPoolGather!([x, t], attrs)[0]!, getReferenceKernel("maxPoolGather")([x, t], attrs)[0]!);
  });
});
