import { describe, expect, it } from "vitest";
import { getReferenceKernel } from "../../src/backend/registry.js";
import type { TensorData } from "../../src/backend/types.js";
import { features } from "../../src/backend/wasm/features.js";
import { wasmBackend } from "../../src/backend/wasm/index.js";
import {
  adamUpdateKernel,
  biasActivationGradKernel,
  biasActivationKernel,
  FAST_BINARY_OPS,
  FAST_UNARY_OPS,
  makeBinaryKernel,
  makeUnaryKernel,
  reluGradKernel,
  sumKernel,
} from "../../src/backend/wasm/kernels/elementwise.js";
import "../../src/index.js";
import { xorshiftValues } from "../helpers/data.js";

const values = (n: number, seed: number): Float32Array => xorshiftValues(n, seed, 3);

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


describeWasm("wasm backend float32 fused and reduction kernels", () => {
  const same = (a: TensorData[], b: TensorData[]): void => {
    expect(a[0]!.shape).toEqual(b[0]!.shape);
    expect(a[0]!.dtype).toEqual(b[0]!.dtype);
    expect(Array.from(a[0]!.values)).toEqual(Array.from(b[0]!.values));
  };

  it("reluGrad and biasActivation equal the reference kernels bit for bit", () => {
    for (const shape of [[7], [3, 5], [2, 3, 4], [0, 3], [40, 33]]) {
      const dy = tensor(shape, 3);
      const y = tensor(shape, 4);
      // exact zeros and negative zeros in y must route like the reference
      if (y.values.length > 2) (y.values as Float32Array).set([0, -0], 0);
      same(reluGradKernel([dy, y], {}), getReferenceKernel("reluGrad")([dy, y], {}));
      const b = tensor([shape[shape.length - 1]!], 5);
      for (const activation of ["relu", "linear"] as const) {
        same(biasActivationKernel([dy, b], { activation }), getReferenceKernel("biasActivation")([dy, b], { activation }));
        const fast = biasActivationGradKernel([dy, y], { activation });
        const ref = getReferenceKernel("biasActivationGrad")([dy, y], { activation });
        same([fast[0]!], [ref[0]!]);
        same([fast[1]!], [ref[1]!]);
      }
    }
    const i32 = tensor([2, 3], 6, "int32");
    same(reluGradKernel([i32, i32], {}), getReferenceKernel("reluGrad")([i32, i32], {}));
  });

  it("adamUpdate equals the reference kernel bit for bit", () => {
    const [w, m, g] = [tensor([9, 7], 11), tensor([9, 7], 12), tensor([9, 7], 13)];
    const v = { ...tensor([9, 7], 14) };
    v.values = (v.values as Float32Array).map(Math.abs);
    const attrs = { alpha: Math.fround(1e-3 * Math.sqrt(1 - 0.999 ** 5) / (1 - 0.9 ** 5)), beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
    const fast = adamUpdateKernel([w, m, v, g], attrs);
    const ref = getReferenceKernel("adamUpdate")([w, m, v, g], attrs);
    for (let k = 0; k < 3; k++) same([fast[k]!], [ref[k]!]);
  });

  it("sum over leading, trailing, all and other axes equals the reference bit for bit", () => {
    const x = tensor([3, 4, 5, 6], 7);
    for (const axes of [[0], [0, 1], [0, 1, 2], [3], [2, 3], [1, 2, 3], [0, 1, 2, 3], [1], [0, 2], []]) {
      for (const keepdims of [false, true]) same(sumKernel([x], { axes, keepdims }), getReferenceKernel("sum")([x], { axes, keepdims }));
    }
    const big = tensor([1000, 33], 8);
    same(sumKernel([big], { axes: [0], keepdims: false }), getReferenceKernel("sum")([big], { axes: [0], keepdims: false }));
    const empty = tensor([0, 4], 9);
    same(sumKernel([empty], { axes: [0], keepdims: false }), getReferenceKernel("sum")([empty], { axes: [0], keepdims: false }));
    same(sumKernel([empty], { axes: [1], keepdims: true }), getReferenceKernel("sum")([empty], { axes: [1], keepdims: true }));
  });

  it("large buffers (streamed through wasm memory in blocks) equal the reference bit for bit", () => {
    // several blocks with a partial last one, a row length with a scalar tail (67), one 1-D row,
    // and a row longer than the column sums hold (falls back to the JS loops)
    for (const shape of [[613, 67], [300, 64], [5000], [2, 9000]]) {
      const dy = tensor(shape, 21);
      const y = tensor(shape, 22);
      (y.values as Float32Array).set([0, -0, NaN, Infinity, -Infinity], 0);
      (y.values as Float32Array).set([NaN, -0], y.values.length - 2);
      same(reluGradKernel([dy, y], {}), getReferenceKernel("reluGrad")([dy, y], {}));
      same(makeUnaryKernel("relu")([y], {}), getReferenceKernel("relu")([y], {}));
      for (const activation of ["relu", "linear"] as const) {
        const fast = biasActivationGradKernel([dy, y], { activation });
        const ref = getReferenceKernel("biasActivationGrad")([dy, y], { activation });
        same([fast[0]!], [ref[0]!]);
        same([fast[1]!], [ref[1]!]);
      }
      same(sumKernel([dy], { axes: shape.length > 1 ? [0] : [0], keepdims: false }), getReferenceKernel("sum")([dy], { axes: [0], keepdims: false }));
    }
    const n = 40001;
    const [w, m, g] = [tensor([n], 31), tensor([n], 32), tensor([n], 33)];
    const v = { ...tensor([n], 34) };
    v.values = (v.values as Float32Array).map(Math.abs);
    (v.values as Float32Array).set([0, 1e-30], 0);
    const attrs = { alpha: Math.fround(1e-3 * Math.sqrt(1 - 0.999 ** 3) / (1 - 0.9 ** 3)), beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
    const fast = adamUpdateKernel([w, m, v, g], attrs);
    const ref = getReferenceKernel("adamUpdate")([w, m, v, g], attrs);
    for (let k = 0; k < 3; k++) same([fast[k]!], [ref[k]!]);
  });
});
