import { describe, expect, it } from "vitest";
import { getReferenceKernel } from "../../src/backend/registry.js";
import type { TensorData } from "../../src/backend/types.js";
import { features } from "../../src/backend/wasm/features.js";
import { wasmBackend } from "../../src/backend/wasm/index.js";
import { FAST_BINARY_OPS, FAST_UNARY_OPS, makeBinaryKernel, makeUnaryKernel } from "../../src/backend/wasm/kernels/elementwise.js";
import "../../src/index.js";

function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 31 - 1) * 3;
  }
  return out;
}

function tensor(shape: number[], seed: number, dtype: "float32" | "int32" = "float32"): TensorData {
  const v = values(shape.reduce((a, b) => a * b, 1), seed);
  return { values: dtype === "float32" ? v : Int32Array.from(v, Math.round), shape, dtype };
}

/** Shape pairs covering every fast path and some that must fall back (general broadcasting). */
const PAIRS: [number[], number[]][] = [
  [[5, 7], [5, 7]],
  [[], []],
  [[4, 3], []],
  [[4, 3], [1]],
  [[], [2, 6]],
  [[1], [3, 1]],
  [[8, 5], [5]],
  [[2, 3, 5], [1, 1, 5]],
  [[3, 1], [1, 4]],
  [[2, 3, 4], [3, 1]],
  [[0, 4], [4]],
  [[6], [1, 6]],
];

const describeWasm = features.simd ? describe : describe.skip;

describeWasm("wasm backend float32 elementwise kernels", () => {
  it("are registered on the wasm backend", () => {
    for (const op of [...FAST_BINARY_OPS, ...FAST_UNARY_OPS]) expect(wasmBackend()!.kernels.has(op)).toBe(true);
  });

  describe.each(FAST_BINARY_OPS)("%s", (op) => {
    const fast = makeBinaryKernel(op);
    it.each(PAIRS)("%j with %j equals the reference bit for bit, both ways round", (sa, sb) => {
      for (const [x, y] of [
        [tensor(sa, 1), tensor(sb, 2)],
        [tensor(sb, 3), tensor(sa, 4)],
      ] as const) {
        const got = fast([x, y], {})[0]!;
        const want = getReferenceKernel(op)([x, y], {})[0]!;
        expect(got.shape).toEqual(want.shape);
        expect(got.dtype).toBe(want.dtype);
        expect(Array.from(got.values)).toEqual(Array.from(want.values));
      }
    });
    it("falls back to the reference kernel for other dtypes", () => {
      const x = tensor([3, 4], 5, "int32");
      const y = tensor([4], 6, "int32");
      const got = fast([x, y], {})[0]!;
      expect(got.dtype).toBe("int32");
      expect(Array.from(got.values)).toEqual(Array.from(getReferenceKernel(op)([x, y], {})[0]!.values));
    });
  });

  it.each(FAST_UNARY_OPS)("%s equals the reference bit for bit", (op) => {
    const x = tensor([7, 9], 7);
    const got = makeUnaryKernel(op)([x], {})[0]!;
    const want = getReferenceKernel(op)([x], {})[0]!;
    expect(got.shape).toEqual(want.shape);
    expect(Array.from(got.values)).toEqual(Array.from(want.values));
  });
});

