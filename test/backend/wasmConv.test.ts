import { describe, expect, it } from "vitest";
import { getReferenceKernel } from "../../src/backend/registry.js";
import type { TensorData } from "../../src/backend/types.js";
import { features } from "../../src/backend/wasm/features.js";
import { wasmBackend, wasmGemm } from "../../src/backend/wasm/index.js";
import { makeConvBackpropFilterKernel, makeConvBackpropInputKernel, makeConvKernel, makeFusedConvKernel } from "../../src/backend/wasm/kernels/conv.js";
import "../../src/index.js";
import { xorshiftValues } from "../helpers/data.js";

/** Deterministic pseudo-random values in [-1, 1). */
const randomValues = (n: number, seed: number): Float32Array => xorshiftValues(n, seed);

function tensor(shape: number[], seed: number, dtype: "float32" | "float64" = "float32"): TensorData {
  const v = randomValues(shape.reduce((a, b) => a * b, 1), seed);
  return { values: dtype === "float32" ? v : Float64Array.from(v), shape, dtype };
}

/** max |x - y| / (1 + |y|): relative for large values, absolute near 0. */
function maxRelError(x: TensorData, y: TensorData): number {
  expect(x.shape).toEqual(y.shape);
  expect(x.values.length).toBe(y.values.length);
  let err = 0;
  for (let i = 0; i < x.values.length; i++) err = Math.max(err, Math.abs(x.values[i]! - y.values[i]!) / Math.max(1, Math.abs(y.values[i]!)));
  return err;
}

const to64 = (t: TensorData, abs = false): TensorData => ({ ...t, values: Float64Array.from(t.values, (v) => (abs ? Math.abs(v) : v)), dtype: "float64" });

/** max |x - y| / max(1, scale) element-wise. */
function maxScaledError(x: TensorData, y: TensorData, scale: TensorData): number {
  expect(x.shape).toEqual(y.shape);
  let err = 0;
  for (let i = 0; i < x.values.length; i++) err = Math.max(err, Math.abs(x.values[i]! - y.values[i]!) / Math.max(1, scale.values[i]!));
  return err;
}

/**
 * Checks a wasm kernel's float32 result against the reference kernel. Each output is a sum of
 * products; its exact value is the reference kernel run in float64, and the size of its
 * rounding error depends on Σ|terms| (the same kernel on |inputs|), not on the (possibly
 * cancelling) result. So: |got − exact| ≤ 1e-5 · max(1, |exact|, Σ|terms|) element-wise, and the
 * float32 reference kernel is held to the same bound (accumulation order aside, the two agree).
 */
function expectMatchesReference(name: string, got: TensorData, inputs: TensorData[], attrs: object): void {
  const kernel = getReferenceKernel(name);
  const exact = kernel(inputs.map((t) => to64(t)), attrs)[0]!;
  const terms = kernel(inputs.map((t) => to64(t, true)), attrs)[0]!;
  const scale: TensorData = { ...exact, values: exact.values.map((v, i) => Math.max(Math.abs(v), terms.values[i]!)) };
  const ref32 = kernel(inputs, attrs)[0]!;
  expect(got.dtype).toBe("float32");
  expect(got.values).toBeInstanceOf(Float32Array);
  expect(maxScaledError(got, exact, scale)).toBeLessThan(1e-5);
  expect(maxScaledError(ref32, exact, scale)).toBeLessThan(1e-5);
  // and directly against the float32 reference (looser: both round long sums, in different orders)
  expect(maxRelError(got, ref32)).toBeLessThan(5e-5);
}

const describeWasm = features.simd ? describe : describe.skip;
const engine = () => wasmGemm()!;
/** The wasm kernels without the small-problem shortcut to the reference kernels. */
const conv = makeConvKernel(engine, 0);
const convBackpropInput = makeConvBackpropInputKernel(engine, 0);
const convBackpropFilter = makeConvBackpropFilterKernel(engine, 0);
const fusedConv = makeFusedConvKernel(engine, 0);

type Pad = "valid" | "same" | [number, number][];
interface Case {
  name: string;
  x: number[];
  k: number[];
  cout: number;
  strides: number[];
  dilations: number[];
  padding: Pad;
  groups: number;
}

/** The conv's pads per spatial dim, and the output size, as the conv primitive computes them. */
function padsOf(size: number, k: number, s: number, d: number, padding: Pad, i: number): [number, number] {
  const keff = (k - 1) * d + 1;
  if (padding === "valid") return [0, 0];
  if (padding === "same") {
    const total = Math.max((Math.ceil(size / s) - 1) * s + keff - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  return padding[i]!;
}

const CASES: Case[] = [
  { name: "2d odd sizes, stride 2, same", x: [3, 11, 9, 5], k: [3, 3], cout: 7, strides: [2, 2], dilations: [1, 1], padding: "same", groups: 1 },
  { name: "2d valid, stride (1, 3), dilation (2, 1)", x: [2, 13, 10, 3], k: [3, 2], cout: 9, strides: [1, 3], dilations: [2, 1], padding: "valid", groups: 1 },
  { name: "2d explicit asymmetric padding", x: [2, 7, 8, 4], k: [2, 3], cout: 5, strides: [1, 2], dilations: [1, 1], padding: [[1, 2], [0, 3]], groups: 1 },
  { name: "2d groups 3", x: [2, 9, 7, 6], k: [3, 3], cout: 9, strides: [1, 1], dilations: [1, 2], padding: "same", groups: 3 },
  { name: "2d pointwise", x: [3, 5, 7, 6], k: [1, 1], cout: 10, strides: [1, 1], dilations: [1, 1], padding: "valid", groups: 1 },
  { name: "1d strided, dilated, same", x: [4, 23, 3], k: [5], cout: 6, strides: [3], dilations: [2], padding: "same", groups: 1 },
  { name: "3d odd", x: [2, 5, 6, 7, 2], k: [2, 3, 2], cout: 3, strides: [2, 1, 2], dilations: [1, 1, 1], padding: "same", groups: 1 },
  { name: "W2-like conv, cin 1", x: [4, 28, 28, 1], k: [3, 3], cout: 32, strides: [1, 1], dilations: [1, 1], padding: "valid", groups: 1 },
  { name: "W2-like conv 2 (threads)", x: [8, 13, 13, 32], k: [3, 3], cout: 64, strides: [1, 1], dilations: [1, 1], padding: "valid", groups: 1 },
  { name: "2d same, contiguous window rows with padding", x: [3, 9, 10, 8], k: [3, 5], cout: 12, strides: [1, 1], dilations: [1, 1], padding: "same", groups: 1 },
  { name: "2d groups 2, negative explicit padding", x: [2, 10, 9, 8], k: [3, 2], cout: 6, strides: [2, 1], dilations: [1, 1], padding: [[-1, 2], [1, 0]], groups: 2 },
];

describeWasm("wasm conv kernels agree with the CPU reference", () => {
  it("are the wasm backend's conv kernels", () => {
    const k = wasmBackend()!.kernels;
    expect(k.has("conv") && k.has("convBackpropInput") && k.has("convBackpropFilter") && k.has("fusedConv")).toBe(true);
  });

  describe.each(CASES)("$name", (c) => {
    const nd = c.x.length - 2;
    const cinG = c.x[nd + 1]! / c.groups;
    const x = tensor(c.x, 11);
    const w = tensor([...c.k, cinG, c.cout], 12);
    const convAttrs = { strides: c.strides, dilations: c.dilations, padding: c.padding, groups: c.groups };
    const y = getReferenceKernel("conv")([x, w], convAttrs)[0]!;
    const dy = tensor([...y.shape], 13);
    // the gradients' attributes, as the conv primitive derives them
    const pairs = c.x.slice(1, nd + 1).map((size, i) => {
      const before = padsOf(size, c.k[i]!, c.strides[i]!, c.dilations[i]!, c.padding, i)[0];
      const keff = (c.k[i]! - 1) * c.dilations[i]! + 1;
      return [before, (y.shape[i + 1]! - 1) * c.strides[i]! + keff - before - size] as [number, number];
    });
    const common = { strides: c.strides, dilations: c.dilations, groups: c.groups };

    it("conv", () => {
      expectMatchesReference("conv", conv([x, w], convAttrs)[0]!, [x, w], convAttrs);
    });
    it.each(["linear", "relu"])("fusedConv, %s", (activation) => {
      const b = tensor([c.cout], 14);
      const attrs = { ...convAttrs, activation };
      const got = fusedConv([x, w, b], attrs)[0]!;
      expect(got.shape).toEqual(y.shape);
      expectMatchesReference("fusedConv", got, [x, w, b], attrs);
    });
    it("convBackpropInput", () => {
      const attrs = { ...common, crops: pairs };
      const got = convBackpropInput([dy, w], attrs)[0]!;
      expect(got.shape).toEqual(c.x);
      expectMatchesReference("convBackpropInput", got, [dy, w], attrs);
    });
    it("convBackpropFilter", () => {
      const attrs = { ...common, padBefore: pairs.map((p) => p[0]), kernelSize: c.k };
      const got = convBackpropFilter([x, dy], attrs)[0]!;
      expect(got.shape).toEqual(w.shape);
      expectMatchesReference("convBackpropFilter", got, [x, dy], attrs);
    });
  });

  it("runs float64 on the reference kernel (same values)", () => {
    const x = tensor([2, 6, 5, 3], 21, "float64");
    const w = tensor([3, 3, 3, 4], 22, "float64");
    const attrs = { strides: [1, 1], dilations: [1, 1], padding: "same", groups: 1 };
    const got = conv([x, w], attrs)[0]!;
    expect(got.dtype).toBe("float64");
    expect(Array.from(got.values)).toEqual(Array.from(getReferenceKernel("conv")([x, w], attrs)[0]!.values));
  });

  it("runs fusedConv on a pointwise conv, and without threads' help on tiny problems, like the reference", () => {
    const x = tensor([2, 5, 3, 6], 41);
    const w = tensor([1, 1, 6, 7], 42);
    const b = tensor([7], 43);
    for (const activation of ["linear", "relu"]) {
      const attrs = { strides: [1, 1], dilations: [1, 1], padding: "valid", groups: 1, activation };
      expectMatchesReference("fusedConv", fusedConv([x, w, b], attrs)[0]!, [x, w, b], attrs);
      // the registered kernel sends this small problem to the reference kernel: same values
      const registered = wasmBackend()!.kernels.get("fusedConv")!([x, w, b], attrs)[0]!;
      expect(Array.from(registered.values)).toEqual(Array.from(getReferenceKernel("fusedConv")([x, w, b], attrs)[0]!.values));
    }
  });

  it("assembles results from several im2col blocks (dx kept in the arena between blocks)", () => {
    const c = { x: [3, 9, 8, 6], k: [3, 3], cout: 8, strides: [1, 2], dilations: [1, 1], padding: "same" as const, groups: 2 };
    const x = tensor(c.x, 51);
    const w = tensor([...c.k, 3, c.cout], 52);
    const b = tensor([c.cout], 53);
    const attrs = { strides: c.strides, dilations: c.dilations, padding: c.padding, groups: c.groups };
    // blocks of 7 rows (27 floats per row): cut inside output lines and images
    const small = 7 * 27;
    const fused = { ...attrs, activation: "relu" };
    expectMatchesReference("fusedConv", makeFusedConvKernel(engine, 0, small)([x, w, b], fused)[0]!, [x, w, b], fused);
    expectMatchesReference("conv", makeConvKernel(engine, 0, small)([x, w], attrs)[0]!, [x, w], attrs);
    const y = getReferenceKernel("conv")([x, w], attrs)[0]!;
    const dy = tensor([...y.shape], 54);
    const inputAttrs = { strides: c.strides, dilations: c.dilations, crops: [[1, 1], [0, 1]], groups: c.groups };
    const dx = makeConvBackpropInputKernel(engine, 0, small)([dy, w], inputAttrs)[0]!;
    expect(dx.shape).toEqual(c.x);
    expectMatchesReference("convBackpropInput", dx, [dy, w], inputAttrs);
    const filterAttrs = { strides: c.strides, dilations: c.dilations, padBefore: [1, 0], kernelSize: c.k, groups: c.groups };
    expectMatchesReference("convBackpropFilter", makeConvBackpropFilterKernel(engine, 0, small)([x, dy], filterAttrs)[0]!, [x, dy], filterAttrs);
  });

  it("keeps results when the worker pool is running", async () => {
    await engine().startThreads();
    const x = tensor([16, 14, 14, 32], 31);
    const w = tensor([3, 3, 32, 64], 32);
    const attrs = { strides: [1, 1], dilations: [1, 1], padding: "valid", groups: 1 };
    expectMatchesReference("conv", conv([x, w], attrs)[0]!, [x, w], attrs);
    const b = tensor([64], 33);
    const fused = { ...attrs, activation: "relu" };
    expectMatchesReference("fusedConv", fusedConv([x, w, b], fused)[0]!, [x, w, b], fused);
    const dy = tensor([16, 12, 12, 64], 34);
    const filterAttrs = { strides: [1, 1], dilations: [1, 1], padBefore: [0, 0], kernelSize: [3, 3], groups: 1 };
    expectMatchesReference("convBackpropFilter", convBackpropFilter([x, dy], filterAttrs)[0]!, [x, dy], filterAttrs);
  });
});
