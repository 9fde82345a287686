import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

// ---------------------------------------------------------------------------------------------
// An independent reference: plain loops over the mathematical definitions, on float64 arrays.

interface Arr {
  values: Float64Array;
  shape: number[];
}

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const arr = (t: Tensor): Arr => ({ values: Float64Array.from(t.values, Number), shape: [...t.shape] });
const toTensor = (a: Arr): Tensor => new Tensor(a.values, a.shape, "float64");
const ones = (shape: number[]): Tensor => new Tensor(new Float32Array(prod(shape)).fill(1), shape, "float32");

/** All multi-indices of a shape, row-major. */
function* indices(shape: readonly number[]): Generator<number[]> {
  const n = prod(shape);
  for (let f = 0; f < n; f++) {
    const idx = new Array<number>(shape.length);
    let rem = f;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = rem % shape[i]!;
      rem = Math.floor(rem / shape[i]!);
    }
    yield idx;
  }
}

function flat(shape: readonly number[], idx: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < shape.length; i++) f = f * shape[i]! + idx[i]!;
  return f;
}

/** TensorFlow "same": total = max((ceil(in/s)-1)*s + (k-1)*d + 1 - in, 0), before = floor(total/2). */
function tfSamePads(size: number, k: number, s: number, d: number): [number, number] {
  const total = Math.max((Math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

interface RefOpts {
  strides: number[];
  dilations: number[];
  padding: "valid" | "same" | [number, number][];
}

/**
 * channels_last conv: y[n, o, co] = Σ_{t, ci in group(co)} x[n, o*s + t*d - before, ci] w[t, ci - g*cinG, co].
 */
function refConv(x: Arr, w: Arr, o: RefOpts): Arr {
  const nd = x.shape.length - 2;
  const cin = x.shape[nd + 1]!;
  const k = w.shape.slice(0, nd);
  const cinG = w.shape[nd]!;
  const cout = w.shape[nd + 1]!;
  const groups = cin / cinG;
  const coutG = cout / groups;
  const pads = k.map((kk, i) =>
    o.padding === "valid" ? [0, 0] : o.padding === "same" ? tfSamePads(x.shape[i + 1]!, kk, o.strides[i]!, o.dilations[i]!) : o.padding[i]!,
  );
  const outSp = k.map((kk, i) => Math.floor((x.shape[i + 1]! + pads[i]![0]! + pads[i]![1]! - ((kk - 1) * o.dilations[i]! + 1)) / o.strides[i]!) + 1);
  const yShape = [x.shape[0]!, ...outSp, cout];
  const y = new Float64Array(prod(yShape));
  for (const yi of indices(yShape)) {
    const n = yi[0]!;
    const co = yi[nd + 1]!;
    const g = Math.floor(co / coutG);
    let s = 0;
    for (const t of indices(k)) {
      const pos = t.map((tt, i) => yi[i + 1]! * o.strides[i]! + tt * o.dilations[i]! - pads[i]![0]!);
      if (pos.some((p, i) => p < 0 || p >= x.shape[i + 1]!)) continue;
      for (let c = 0; c < cinG; c++) {
        s += x.values[flat(x.shape, [n, ...pos, g * cinG + c])]! * w.values[flat(w.shape, [...t, c, co])]!;
      }
    }
    y[flat(yShape, yi)] = s;
  }
  return { values: y, shape: yShape };
}

/** Moves axis `from` to position `to` (a plain copy). */
function moveAxis(a: Arr, from: number, to: number): Arr {
  const perm = a.shape.map((_, i) => i);
  perm.splice(from, 1);
  perm.splice(to, 0, from);
  const shape = perm.map((p) => a.shape[p]!);
  const out = new Float64Array(a.values.length);
  for (const idx of indices(shape)) {
    const src = new Array<number>(idx.length);
    perm.forEach((p, i) => (src[p] = idx[i]!));
    out[flat(shape, idx)] = a.values[flat(a.shape, src)]!;
  }
  return { values: out, shape };
}
const lastToFirst = (a: Arr): Arr => moveAxis(a, a.shape.length - 1, 1);

/**
 * jax.lax.conv_transpose (what Keras's JAX backend runs): dilate the input by the stride, pad
 * it by Keras's (left, right), and correlate with the spatially flipped kernel whose two
 * channel axes are swapped.
 */
function refConvTranspose(x: Arr, w: Arr, strides: number[], padding: "valid" | "same", outputPadding: number[] | null, dilations: number[]): Arr {
  const nd = x.shape.length - 2;
  const k = w.shape.slice(0, nd);
  const pads: [number, number][] = k.map((kk, i) => {
    const keff = (kk - 1) * dilations[i]! + 1;
    const s = strides[i]!;
    const op = outputPadding ? outputPadding[i]! : null;
    if (padding === "valid") return [keff - 1, keff - 1 + (op ?? Math.max(keff, s) - keff)];
    const padLen = op === null ? s + keff - 2 : keff + (keff % 2) - 2 + op;
    const left = Math.min(Math.floor(padLen / 2) + (padLen % 2), keff - 1);
    return [left, padLen - left];
  });
  // dilate (insert s-1 zeros between input cells) and pad (left, right)
  const dShape = [x.shape[0]!, ...x.shape.slice(1, nd + 1).map((d, i) => (d - 1) * strides[i]! + 1 + pads[i]![0] + pads[i]![1]), x.shape[nd + 1]!];
  const dv = new Float64Array(prod(dShape));
  for (const idx of indices(x.shape)) {
    const pos = idx.map((v, i) => (i === 0 || i === nd + 1 ? v : v * strides[i - 1]! + pads[i - 1]![0]));
    dv[flat(dShape, pos)] = x.values[flat(x.shape, idx)]!;
  }
  // flipped kernel, (k, out, in) → (k, in, out)
  const cOut = w.shape[nd]!;
  const cIn = w.shape[nd + 1]!;
  const fShape = [...k, cIn, cOut];
  const fv = new Float64Array(prod(fShape));
  for (const idx of indices(w.shape)) {
    const t = idx.slice(0, nd).map((v, i) => k[i]! - 1 - v);
    fv[flat(fShape, [...t, idx[nd + 1]!, idx[nd]!])] = w.values[flat(w.shape, idx)]!;
  }
  return refConv({ values: dv, shape: dShape }, { values: fv, shape: fShape }, { strides: k.map(() => 1), dilations, padding: "valid" });
}

/** Depthwise: out[..., c*M + m] = Σ_t x[..., pos(t), c] k[t, c, m]. */
function refDepthwise(x: Arr, w: Arr, o: RefOpts): Arr {
  const nd = x.shape.length - 2;
  const C = w.shape[nd]!;
  const M = w.shape[nd + 1]!;
  const outs: Arr[] = [];
  for (let c = 0; c < C; c++) {
    // one channel of x, convolved with its M filters
    const xc = new Float64Array(prod(x.shape) / C);
    let j = 0;
    for (let i = c; i < x.values.length; i += C) xc[j++] = x.values[i]!;
    const wc = new Float64Array(prod(w.shape.slice(0, nd)) * M);
    j = 0;
    for (const t of indices(w.shape.slice(0, nd))) for (let m = 0; m < M; m++) wc[j++] = w.values[flat(w.shape, [...t, c, m])]!;
    outs.push(refConv({ values: xc, shape: [...x.shape.slice(0, -1), 1] }, { values: wc, shape: [...w.shape.slice(0, nd), 1, M] }, o));
  }
  const shape = [...outs[0]!.shape.slice(0, -1), C * M];
  const y = new Float64Array(prod(shape));
  const positions = prod(shape) / (C * M);
  for (let p = 0; p < positions; p++) for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) y[p * C * M + c * M + m] = outs[c]!.values[p * M + m]!;
  return { values: y, shape };
}

const expectClose = (actual: Tensor, expected: Arr, tol = 1e-9): void => {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual).toBeAllclose(Array.from(expected.values), { ignoreShape: true, rtol: tol, atol: tol });
};

// ---------------------------------------------------------------------------------------------

describe("conv", () => {
  const cases2d: { x: number[]; k: number[]; s: number[]; d: number[]; p: "valid" | "same" }[] = [
    { x: [2, 7, 5, 3], k: [3, 3, 3, 4], s: [1, 1], d: [1, 1], p: "valid" },
    { x: [2, 7, 5, 3], k: [3, 2, 3, 4], s: [2, 1], d: [1, 1], p: "same" },
    { x: [1, 8, 9, 2], k: [2, 3, 2, 3], s: [3, 2], d: [1, 1], p: "same" },
    { x: [1, 9, 8, 2], k: [3, 2, 2, 3], s: [1, 1], d: [2, 3], p: "same" },
    { x: [2, 9, 10, 2], k: [2, 3, 2, 5], s: [2, 3], d: [2, 2], p: "valid" },
    { x: [3, 1, 1, 5], k: [1, 1, 5, 2], s: [1, 1], d: [1, 1], p: "valid" },
    { x: [2, 6, 6, 4], k: [1, 1, 4, 3], s: [2, 2], d: [1, 1], p: "same" },
  ];

  it.each(cases2d)("2D channels_last matches the definition: %o", (c) => {
    const x = randomTensor(c.x, 1);
    const w = randomTensor(c.k, 2);
    const y = ops.conv(x, w, c.s, c.p, null, c.d);
    expectClose(y, refConv(arr(x), arr(w), { strides: c.s, dilations: c.d, padding: c.p }));
  });

  it("channels_first gives the transposed channels_last result", () => {
    for (const c of cases2d.slice(0, 5)) {
      const xl = arr(randomTensor(c.x, 3));
      const w = randomTensor(c.k, 4);
      const y = ops.conv(toTensor(lastToFirst(xl)), w, c.s, c.p, "channels_first", c.d);
      expectClose(y, lastToFirst(refConv(xl, arr(w), { strides: c.s, dilations: c.d, padding: c.p })));
    }
  });

  it("1D and 3D convolutions match the definition", () => {
    const x1 = randomTensor([2, 11, 3], 5);
    const w1 = randomTensor([4, 3, 2], 6);
    for (const [s, d, p] of [[1, 1, "valid"], [3, 1, "same"], [2, 2, "same"], [2, 3, "valid"]] as const) {
      expectClose(ops.conv(x1, w1, s, p, null, d), refConv(arr(x1), arr(w1), { strides: [s], dilations: [d], padding: p }));
    }
    const x3 = randomTensor([2, 5, 6, 4, 2], 7);
    const w3 = randomTensor([2, 3, 2, 2, 3], 8);
    for (const [s, d, p] of [[[1, 1, 1], [1, 1, 1], "valid"], [[2, 1, 3], [1, 2, 1], "same"], [[1, 2, 1], [2, 1, 1], "valid"]] as const) {
      expectClose(ops.conv(x3, w3, s, p, null, d), refConv(arr(x3), arr(w3), { strides: [...s], dilations: [...d], padding: p }));
    }
    // channels_first 1D
    const y = ops.conv(toTensor(lastToFirst(arr(x1))), w1, 2, "same", "channels_first");
    expectClose(y, lastToFirst(refConv(arr(x1), arr(w1), { strides: [2], dilations: [1], padding: "same" })));
  });

  it("groups: input channels a multiple of the kernel's input channels", () => {
    const x = randomTensor([2, 6, 5, 6], 9);
    const w = randomTensor([3, 2, 2, 9], 10); // 3 groups of 2 input → 3 output channels each
    for (const p of ["valid", "same"] as const) {
      expectClose(ops.conv(x, w, [2, 1], p), refConv(arr(x), arr(w), { strides: [2, 1], dilations: [1, 1], padding: p }));
    }
  });

  it("works in float32 (the default dtype) and casts integer inputs", () => {
    const x = ops.convertToTensor([[[1], [2], [3], [4]]]);
    const w = ops.convertToTensor([[[1]], [[10]]]);
    const y = ops.conv(x, w);
    expect(y.dtype).toBe("float32");
    expect(y.arraySync()).toEqual([[[21], [32], [43]]]);
    const yi = ops.conv(ops.reshape(ops.convertToTensor(new Int32Array([1, 2, 3, 4])), [1, 4, 1]), w);
    expect(yi.dtype).toBe("float32");
    expect(yi.arraySync()).toEqual([[[21], [32], [43]]]);
  });

  it("agrees between float32 and float64 on a bigger input (blocked im2col path)", () => {
    const x = randomTensor([3, 30, 29, 5], 11);
    const w = randomTensor([3, 3, 5, 7], 12);
    const y32 = ops.conv(ops.convertToTensor(x, "float32"), ops.convertToTensor(w, "float32"), 1, "same");
    expectClose(y32, refConv(arr(x), arr(w), { strides: [1, 1], dilations: [1, 1], padding: "same" }), 1e-4);
  });
});

describe("depthwiseConv and separableConv", () => {
  it("depthwise output channel order is c * multiplier + m", () => {
    const x = randomTensor([2, 7, 6, 3], 13);
    const w = randomTensor([3, 2, 3, 2], 14);
    for (const [s, p, d] of [[1, "valid", 1], [2, "same", 1], [1, "same", 2]] as const) {
      expectClose(ops.depthwiseConv(x, w, s, p, null, d), refDepthwise(arr(x), arr(w), { strides: [s, s], dilations: [d, d], padding: p }));
    }
    // a hand example: 1D, 2 channels, multiplier 2, kernel size 1
    const y = ops.depthwiseConv(ops.convertToTensor([[[1, 2]]]), ops.convertToTensor([[[10, 20], [30, 40]]]));
    expect(y.arraySync()).toEqual([[[10, 20, 60, 80]]]);
  });

  it("depthwise works channels_first and in 1D/3D", () => {
    const x = arr(randomTensor([2, 7, 6, 3], 15));
    const w = randomTensor([2, 3, 3, 2], 16);
    const y = ops.depthwiseConv(toTensor(lastToFirst(x)), w, [2, 1], "same", "channels_first");
    expectClose(y, lastToFirst(refDepthwise(x, arr(w), { strides: [2, 1], dilations: [1, 1], padding: "same" })));
    const x3 = randomTensor([1, 4, 5, 3, 2], 17);
    const w3 = randomTensor([2, 2, 2, 2, 3], 18);
    expectClose(ops.depthwiseConv(x3, w3, 1, "same"), refDepthwise(arr(x3), arr(w3), { strides: [1, 1, 1], dilations: [1, 1, 1], padding: "same" }));
  });

  it("separable = depthwise then pointwise", () => {
    const x = randomTensor([2, 8, 7, 3], 19);
    const dw = randomTensor([3, 3, 3, 2], 20);
    const pw = randomTensor([1, 1, 6, 4], 21);
    const o: RefOpts = { strides: [2, 2], dilations: [1, 1], padding: "same" };
    const expected = refConv(refDepthwise(arr(x), arr(dw), o), arr(pw), { strides: [1, 1], dilations: [1, 1], padding: "valid" });
    expectClose(ops.separableConv(x, dw, pw, 2, "same"), expected);
    const ycf = ops.separableConv(toTensor(lastToFirst(arr(x))), dw, pw, 2, "same", "channels_first");
    expectClose(ycf, lastToFirst(expected));
  });
});

describe("convTranspose", () => {
  const cases: { x: number[]; k: number[]; s: number[]; p: "valid" | "same"; op: number[] | null; d: number[] }[] = [
    { x: [2, 3, 4, 3], k: [3, 3, 2, 3], s: [2, 2], p: "valid", op: null, d: [1, 1] },
    { x: [2, 3, 4, 3], k: [3, 3, 2, 3], s: [2, 2], p: "same", op: null, d: [1, 1] },
    { x: [1, 4, 3, 2], k: [2, 3, 3, 2], s: [3, 2], p: "same", op: null, d: [1, 1] },
    { x: [1, 4, 3, 2], k: [2, 4, 3, 2], s: [1, 3], p: "valid", op: null, d: [1, 1] },
    { x: [1, 3, 3, 2], k: [3, 3, 2, 2], s: [2, 3], p: "valid", op: [1, 2], d: [1, 1] },
    { x: [1, 3, 3, 2], k: [3, 2, 2, 2], s: [2, 3], p: "same", op: [1, 0], d: [1, 1] },
    { x: [1, 3, 4, 2], k: [2, 2, 3, 2], s: [1, 1], p: "same", op: null, d: [2, 3] },
    { x: [1, 3, 4, 2], k: [3, 2, 3, 2], s: [2, 1], p: "valid", op: null, d: [2, 1] },
  ];

  it.each(cases)("matches jax.lax.conv_transpose with Keras's padding: %o", (c) => {
    const x = randomTensor(c.x, 22);
    const w = randomTensor(c.k, 23);
    const y = ops.convTranspose(x, w, c.s, c.p, c.op, null, c.d);
    expectClose(y, refConvTranspose(arr(x), arr(w), c.s, c.p, c.op, c.d));
  });

  it("has Keras's output shapes", () => {
    // (in - 1) * s + max(k, s) for valid, in * s for same; with outputPadding: (in-1)*s + k + op / (in-1)*s + k%2 + op
    const x = ones([1, 5, 5, 4]);
    expect(ops.convTranspose(x, ones([3, 3, 2, 4]), 2).shape).toEqual([1, 11, 11, 2]);
    expect(ops.convTranspose(x, ones([2, 2, 2, 4]), 3).shape).toEqual([1, 15, 15, 2]);
    expect(ops.convTranspose(x, ones([3, 3, 2, 4]), 2, "same").shape).toEqual([1, 10, 10, 2]);
    expect(ops.convTranspose(x, ones([3, 3, 2, 4]), 2, "valid", 1).shape).toEqual([1, 12, 12, 2]);
    expect(ops.convTranspose(x, ones([3, 3, 2, 4]), 2, "same", 1).shape).toEqual([1, 10, 10, 2]);
    expect(ops.convTranspose(x, ones([4, 4, 2, 4]), 2, "same", 1).shape).toEqual([1, 9, 9, 2]);
  });

  it("is the adjoint of conv: <convT(y, w), x> = <y, conv(x, w)>", () => {
    for (const [p, s, k, size] of [["valid", 2, 3, 4], ["same", 2, 3, 4], ["same", 3, 4, 3], ["valid", 1, 2, 5]] as const) {
      const y = randomTensor([2, size, size + 1, 3], 24);
      const w = randomTensor([k, k, 2, 3], 25);
      const xt = ops.convTranspose(y, w, s, p);
      const x = randomTensor([...xt.shape], 26);
      const lhs = ops.sum(ops.multiply(xt, x)).item();
      const cx = ops.conv(x, w, s, p);
      expect(cx.shape).toEqual(y.shape);
      const rhs = ops.sum(ops.multiply(y, cx)).item();
      expect(lhs).toBeCloseTo(rhs, 9);
    }
  });

  it("works in 1D, 3D and channels_first", () => {
    const x1 = randomTensor([2, 4, 3], 27);
    const w1 = randomTensor([3, 2, 3], 28);
    expectClose(ops.convTranspose(x1, w1, 2, "same"), refConvTranspose(arr(x1), arr(w1), [2], "same", null, [1]));
    const x3 = randomTensor([1, 2, 3, 2, 2], 29);
    const w3 = randomTensor([2, 2, 3, 3, 2], 30);
    expectClose(ops.convTranspose(x3, w3, [2, 1, 2], "valid"), refConvTranspose(arr(x3), arr(w3), [2, 1, 2], "valid", null, [1, 1, 1]));
    const xl = arr(randomTensor([2, 3, 4, 3], 31));
    const w = randomTensor([3, 3, 2, 3], 32);
    const ycf = ops.convTranspose(toTensor(lastToFirst(xl)), w, 2, "same", null, "channels_first");
    expectClose(ycf, lastToFirst(refConvTranspose(xl, arr(w), [2, 2], "same", null, [1, 1])));
  });
});

describe("conv gradients (float64 finite differences)", () => {
  it("conv w.r.t. inputs and kernel", () => {
    checkGradients((x, w) => ops.conv(x, w, [2, 1], "same", null, [1, 2]), [randomTensor([2, 5, 6, 2], 40), randomTensor([3, 2, 2, 3], 41)]);
    checkGradients((x, w) => ops.conv(x, w, 2, "valid"), [randomTensor([1, 7, 6, 2], 42), randomTensor([3, 3, 2, 2], 43)]);
    checkGradients((x, w) => ops.conv(x, w, 2, "same", "channels_first"), [randomTensor([1, 2, 5, 4], 44), randomTensor([2, 3, 2, 2], 45)]);
  });

  it("1D, 3D and grouped conv", () => {
    checkGradients((x, w) => ops.conv(x, w, 2, "same", null, 1), [randomTensor([2, 7, 2], 46), randomTensor([3, 2, 3], 47)]);
    checkGradients((x, w) => ops.conv(x, w, [1, 2, 1], "same"), [randomTensor([1, 3, 4, 3, 2], 48), randomTensor([2, 2, 2, 2, 2], 49)]);
    checkGradients((x, w) => ops.conv(x, w, 1, "same"), [randomTensor([1, 4, 5, 4], 50), randomTensor([3, 2, 2, 4], 51)]);
  });

  it("convTranspose", () => {
    checkGradients((x, w) => ops.convTranspose(x, w, 2, "same"), [randomTensor([1, 3, 4, 2], 52), randomTensor([3, 3, 3, 2], 53)]);
    checkGradients((x, w) => ops.convTranspose(x, w, [2, 3], "valid", [1, 2]), [randomTensor([1, 3, 2, 2], 54), randomTensor([3, 2, 2, 2], 55)]);
    checkGradients((x, w) => ops.convTranspose(x, w, 1, "same", null, null, 2), [randomTensor([2, 4, 2], 56), randomTensor([2, 3, 2], 57)]);
  });

  it("depthwise and separable", () => {
    checkGradients((x, w) => ops.depthwiseConv(x, w, 2, "same"), [randomTensor([1, 5, 4, 3], 58), randomTensor([3, 2, 3, 2], 59)]);
    checkGradients(
      (x, dw, pw) => ops.separableConv(x, dw, pw, 1, "same", null, 2),
      [randomTensor([1, 5, 5, 2], 60), randomTensor([2, 2, 2, 2], 61), randomTensor([1, 1, 4, 3], 62)],
    );
  });

  it("second order: the gradient rules are differentiable", () => {
    const w = randomTensor([2, 3, 2, 3], 63);
    const x = randomTensor([1, 5, 4, 2], 64);
    // d/dx of sum(conv(x, w)^2) is convBackpropInput(2y, w); differentiate that again in x and w
    const gradX = (xx: Tensor, ww: Tensor): Tensor => ops.grad((t: Tensor) => ops.sum(ops.square(ops.conv(t, ww, 2, "same"))))(xx) as Tensor;
    checkGradients((xx, ww) => gradX(xx, ww), [x, w]);
    const gradW = (xx: Tensor, ww: Tensor): Tensor => ops.grad((t: Tensor) => ops.sum(ops.square(ops.conv(xx, t, 2, "same"))))(ww) as Tensor;
    checkGradients((xx, ww) => gradW(xx, ww), [x, w]);
  });
});

describe("conv shapes and errors", () => {
  it("symbolic shapes equal eager shapes (null batch and spatial dims)", () => {
    const configs: [number[], number[], number | number[], string, string | null, number | number[]][] = [
      [[2, 28, 28, 3], [3, 3, 3, 8], 1, "valid", null, 1],
      [[2, 28, 27, 3], [3, 3, 3, 8], 2, "same", null, 1],
      [[2, 3, 13, 11], [3, 2, 3, 4], [2, 3], "same", "channels_first", 1],
      [[2, 13, 3], [5, 3, 4], 1, "valid", null, 2],
    ];
    for (const [xs, ks, s, p, f, d] of configs) {
      const eager = ops.conv(ones(xs), ones(ks), s, p, f, d);
      const batchNull = ops.conv(new KerasTensor([null, ...xs.slice(1)]), ones(ks), s, p, f, d);
      expect(batchNull).toBeInstanceOf(KerasTensor);
      expect(batchNull.shape).toEqual([null, ...eager.shape.slice(1)]);
      const chan = f === "channels_first" ? 1 : xs.length - 1;
      const allNull = ops.conv(new KerasTensor(xs.map((v, i) => (i === chan ? v : null))), new KerasTensor(ks), s, p, f, d);
      expect(allNull.shape).toEqual(eager.shape.map((v, i) => (i === chan ? v : null)));
    }
    const ct = ops.convTranspose(ones([2, 5, 4, 3]), ones([3, 3, 2, 3]), 2, "same");
    expect(ops.convTranspose(new KerasTensor([null, 5, 4, 3]), ones([3, 3, 2, 3]), 2, "same").shape).toEqual([null, ...ct.shape.slice(1)]);
    expect(ops.convTranspose(new KerasTensor([null, null, 4, 3]), ones([3, 3, 2, 3]), 2, "same").shape).toEqual([null, null, 8, 2]);
    const dw = ops.depthwiseConv(ones([2, 9, 9, 3]), ones([3, 3, 3, 2]), 2, "valid");
    expect(ops.depthwiseConv(new KerasTensor([null, 9, 9, 3]), ones([3, 3, 3, 2]), 2, "valid").shape).toEqual([null, ...dw.shape.slice(1)]);
    const sp = ops.separableConv(ones([2, 9, 9, 3]), ones([3, 3, 3, 2]), ones([1, 1, 6, 5]), 2, "same");
    expect(ops.separableConv(new KerasTensor([null, 9, 9, 3]), ones([3, 3, 3, 2]), ones([1, 1, 6, 5]), 2, "same").shape).toEqual([null, ...sp.shape.slice(1)]);
  });

  it("explains errors with Keras-style shapes", () => {
    const x = new KerasTensor([null, 28, 28, 3]);
    expect(() => ops.conv(x, ones([3, 3, 2, 8]))).toThrow(/input channels \(3\).*\(None, 28, 28, 3\).*\(3, 3, 2, 8\)/);
    expect(() => ops.conv(ones([1, 4, 4, 1]), ones([5, 3, 1, 2]))).toThrow(/kernel is larger than the input.*kernel size 5 > input size 4.*padding='same'/);
    expect(() => ops.conv(ones([1, 5, 5, 1]), ones([3, 3, 1, 2]), 1, "valid", null, 3)).toThrow(/7 with dilation 3/);
    expect(() => ops.conv(ones([4, 4]), ones([3, 1, 2]))).toThrow(/rank 3, 4 or 5.*\(4, 4\)/);
    expect(() => ops.conv(ones([1, 4, 4, 1]), ones([3, 1, 2]))).toThrow(/kernel must have rank 4/);
    expect(() => ops.conv(ones([1, 4, 4, 1]), ones([3, 3, 1, 2]), 1, "full")).toThrow(/'valid', 'same'.*'full'/);
    expect(() => ops.conv(ones([1, 4, 4, 1]), ones([3, 3, 1, 2]), [1, 2, 3])).toThrow(/strides/);
    expect(() => ops.conv(ones([1, 4, 4, 1]), ones([3, 3, 1, 2]), 1, "same", "channels_middle")).toThrow(/dataFormat/);
    expect(() => ops.conv(ones([1, 4, 4, 4]), ones([3, 3, 2, 3]))).toThrow(/output channels \(3\) must be a multiple of 2/);
    expect(() => ops.depthwiseConv(ones([1, 4, 4, 3]), ones([3, 3, 2, 2]))).toThrow(/input channels \(3\).*depthwise kernel's input channels \(2\)/);
    expect(() => ops.convTranspose(ones([1, 4, 4, 3]), ones([3, 3, 2, 4]))).toThrow(/input channels \(3\).*kernel's input channels/);
    expect(() => ops.separableConv(ones([1, 4, 4, 3]), ones([3, 3, 3, 2]), ones([2, 2, 6, 4]))).toThrow(/pointwise kernel must have spatial size 1/);
  });
});
