import { describe, expect, it } from "vitest";
import { getReferenceKernel } from "../../src/backend/registry.js";
import type { TensorData } from "../../src/backend/types.js";
import { features } from "../../src/backend/wasm/features.js";
import { wasmBackend } from "../../src/backend/wasm/index.js";
import { dropoutMaskKernel } from "../../src/backend/wasm/kernels/random.js";
import "../../src/index.js";

const state = (a: number, b: number): TensorData => ({ values: Int32Array.of(a, b), shape: [2], dtype: "int32" });

describe.skipIf(!features.simd)("wasm dropoutMask (Philox in WebAssembly)", () => {
  it("is registered on the wasm backend", () => {
    expect(wasmBackend()!.kernels.get("dropoutMask")).toBe(dropoutMaskKernel);
  });

  it("equals the reference kernel bit for bit: sizes across chunk edges, rates 0–1, both float dtypes, any state words", () => {
    for (const [a, b] of [
      [0, 0],
      [12345, 7],
      [-1, -2147483648],
      [0x7fffffff, 99],
    ]) {
      for (const size of [1, 2, 3, 5, 16384, 16385, 40001]) {
        for (const rate of [0, 0.3, 0.5, 1]) {
          for (const dtype of ["float32", "float64"] as const) {
            const attrs = { shape: [size], rate, dtype };
            const got = dropoutMaskKernel([state(a, b)], attrs)[0]!;
            const want = getReferenceKernel("dropoutMask")([state(a, b)], attrs)[0]!;
            expect(got.dtype).toBe(dtype);
            expect(got.shape).toEqual([size]);
            expect(got.values).toEqual(want.values);
          }
        }
      }
    }
  });

  it("keeps a multi-dimensional shape and draws about (1 − rate) nonzeros", () => {
    const m = dropoutMaskKernel([state(3, 4)], { shape: [100, 200], rate: 0.25, dtype: "float32" })[0]!;
    expect(m.shape).toEqual([100, 200]);
    const kept = Array.from(m.values).filter((v) => v !== 0);
    expect(kept.every((v) => v === Math.fround(1 / 0.75))).toBe(true);
    // binomial standard error sqrt(0.25·0.75/2e4) ≈ 0.003
    expect(Math.abs(kept.length / 20000 - 0.75)).toBeLessThan(0.015);
  });
});
