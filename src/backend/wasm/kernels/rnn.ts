import { type FunctionBuilder, type Local, ModuleBuilder, ValType } from "../builder.js";
import { compileOptimized } from "../features.js";
import { getReferenceKernel } from "../../registry.js";
import type { Kernel, TensorData } from "../../types.js";
import { float32Result } from "../../bufferPool.js";
import { isF32 } from "./float32.js";

/**
 * float32 SIMD kernels of the fused LSTM step and its gradient (reference: cpu/kernels/rnn.ts),
 * four units per instruction. Their point is the transcendental functions: Math.exp and
 * Math.tanh cost 12–20 ns per element on V8, which made the gate activations most of an LSTM's
 * time outside the GEMMs. Here e^x is a range reduction x = n·ln2 + r (|r| ≤ ln2/2, Cody–Waite
 * split of ln2), a degree-7 Taylor polynomial for e^r (truncation < 6e-9) and 2^n built in the
 * exponent bits; σ(x) = 1/(1 + e^-x); tanh from e^-2|x|, with its odd Taylor polynomial below
 * |x| < 0.3 where 1 - e^-2|x| would cancel. Everything is float32: results agree with the
 * double-precision reference within 1e-5 of max(1, |value|) (a few 1e-7 for moderate inputs).
 *
 * The module has its own (unshared) memory: inputs are copied in, results copied out.
 * Units that are not a multiple of 4, other dtypes and problems beyond 2 GiB run the reference
 * kernels.
 */

const I = ValType.i32;
const V = ValType.v128;

/** SIMD opcodes (after the 0xfd prefix) that builder.ts does not wrap. */
const OP = {
  i32x4Splat: 0x11,
  f32x4Lt: 0x43,
  v128Bitselect: 0x52,
  i32x4Shl: 0xab,
  i32x4Add: 0xae,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sub: 0xe5,
  f32x4Div: 0xe7,
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
} as const;

function simd(f: FunctionBuilder, op: number): FunctionBuilder {
  f.code.push(0xfd);
  // unsigned LEB128 of the opcode (all of ours are < 2^14)
  if (op < 0x80) f.code.push(op);
  else f.code.push((op & 0x7f) | 0x80, op >> 7);
  return f;
}

const splat = (f: FunctionBuilder, v: number): FunctionBuilder => f.f32Const(v).f32x4Splat();

/** 1.5·2^23: adding it rounds a float32 of magnitude < 2^22 to an integer, kept in the low mantissa bits. */
const ROUNDER = 12582912;
const ROUNDER_BITS = 0x4b400000;
/** ln2 = LN2_HI + LN2_LO, LN2_HI with few mantissa bits so n·LN2_HI is exact. */
const LN2_HI = 0.693359375;
const LN2_LO = Math.LN2 - LN2_HI;
/** e^x over/underflows float32 beyond these. */
const EXP_MAX = 88.3;
const EXP_MIN = -87.3;
/** 1/k!, k = 0 … 7. */
const EXP_TAYLOR = [1, 1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040];
/** tanh's polynomial x·Σ c_k x^{2k} (Taylor) below this |x|; at 0.3 its truncation is < 1e-9. */
const TANH_SMALL = 0.3;
const TANH_TAYLOR = [1, -1 / 3, 2 / 15, -17 / 315, 62 / 2835, -1382 / 155925];

/**
 * Emitters of vector math: each consumes the v128 on top of the stack and leaves its result.
 * sigmoid and tanh can also store their derivative σ(1-σ) / 1-tanh² into a local, computed from
 * e^-x (not as 1 - y from a rounded y, which loses all digits where y is close to 1).
 */
class VectorMath {
  private readonly x: Local;
  private readonly t: Local;
  private readonly n: Local;
  private readonly r: Local;
  private readonly e: Local;
  private readonly y: Local;
  private readonly big: Local;
  private readonly small: Local;
  private readonly mask: Local;

  constructor(private readonly f: FunctionBuilder) {
    [this.x, this.t, this.n, this.r, this.e, this.y, this.big, this.small, this.mask] = Array.from({ length: 9 }, () => f.local(V));
  }

  exp(): void {
    const { f, x, t, n, r } = this;
    simd(splat(simd(splat(f, EXP_MIN), OP.f32x4Pmax), EXP_MAX), OP.f32x4Pmin).set(x);
    splat(splat(f.get(x), Math.LOG2E).f32x4Mul(), ROUNDER).f32x4Add().tee(t);
    simd(splat(f, ROUNDER), OP.f32x4Sub).set(n);
    simd(splat(f.get(x).get(n), LN2_HI).f32x4Mul(), OP.f32x4Sub);
    simd(splat(f.get(n), LN2_LO).f32x4Mul(), OP.f32x4Sub).set(r);
    // e^r by Horner over the Taylor coefficients 1/k!, k = 7 … 0
    splat(f, EXP_TAYLOR[7]!);
    for (let k = 6; k >= 0; k--) splat(f.get(r).f32x4Mul(), EXP_TAYLOR[k]!).f32x4Add();
    // 2^n: bits(t) = ROUNDER_BITS + n, so (bits(t) - ROUNDER_BITS + 127) << 23
    simd(simd(f.get(t).i32Const(127 - ROUNDER_BITS), OP.i32x4Splat), OP.i32x4Add).i32Const(23);
    simd(f, OP.i32x4Shl).f32x4Mul();
  }

  /** σ(x) = 1/(1 + e), e = e^-x; `derivative` gets σ(1-σ) = e·σ². */
  sigmoid(derivative?: Local): void {
    const { f, e, y } = this;
    simd(f, OP.f32x4Neg);
    this.exp();
    f.set(e);
    simd(splat(splat(f, 1), 1).get(e).f32x4Add(), OP.f32x4Div);
    if (derivative) f.tee(y).get(y).f32x4Mul().get(e).f32x4Mul().set(derivative).get(y);
  }

  /**
   * tanh(x) = sign(x)·(1 - e)/(1 + e), e = e^-2|x|; below |x| < TANH_SMALL its Taylor polynomial.
   * `derivative` gets 1 - tanh² = 4e/(1 + e)² (or 1 - y² from the polynomial, no cancellation there).
   */
  tanh(derivative?: Local): void {
    const { f, e, y, big, small, mask, r, t } = this;
    f.set(small);
    simd(splat(simd(f.get(small), OP.f32x4Abs), TANH_SMALL), OP.f32x4Lt).set(mask);
    splat(simd(f.get(small), OP.f32x4Abs), -2).f32x4Mul();
    this.exp();
    f.set(e);
    simd(splat(f, 1).get(e), OP.f32x4Sub);
    simd(splat(f, 1).get(e).f32x4Add(), OP.f32x4Div).set(big);
    // the argument's sign onto (1 - e)/(1 + e)
    simd(simd(f.get(small).get(big).i32Const(0x80000000 | 0), OP.i32x4Splat), OP.v128Bitselect).set(big);
    // the odd polynomial x + x·x²·(c1 + x²·(c2 + …)), then select by |x| < TANH_SMALL
    f.get(small).get(small).f32x4Mul().set(r);
    f.get(small).get(small);
    splat(f, TANH_TAYLOR[TANH_TAYLOR.length - 1]!);
    for (let k = TANH_TAYLOR.length - 2; k >= 1; k--) splat(f.get(r).f32x4Mul(), TANH_TAYLOR[k]!).f32x4Add();
    f.get(r).f32x4Mul().f32x4Mul().f32x4Add();
    simd(f.get(big).get(mask), OP.v128Bitselect);
    if (!derivative) return;
    f.tee(y);
    simd(splat(f, 1).get(y).get(y).f32x4Mul(), OP.f32x4Sub);
    splat(f.get(e), 4).f32x4Mul();
    simd(splat(f, 1).get(e).f32x4Add().tee(t), OP.f32x4Div);
    simd(f.get(t), OP.f32x4Div);
    simd(f.get(mask), OP.v128Bitselect).set(derivative);
  }
}

/**
 * Loops over rows and blocks of 4 units. `z` is the byte offset of the block in the gate arrays
 * (batch, 4·units), `s` in the state arrays (batch, units), `j` in a row (and in the bias);
 * `u4` is units·4 bytes.
 */
function forEachQuad(f: FunctionBuilder, batch: Local, u4: Local, at: Offsets, body: () => void): void {
  const r = f.local(I);
  f.i32Const(0).set(at.z).i32Const(0).set(at.s);
  f.for(r, () => f.i32Const(0), () => f.get(batch), 1, () => {
    f.for(at.j, () => f.i32Const(0), () => f.get(u4), 16, () => {
      body();
      f.inc(at.z, 16).inc(at.s, 16);
    });
    // skip the other three gates of the row
    f.get(at.z).get(u4).i32Const(3).i32Mul().i32Add().set(at.z);
  });
}

interface Offsets {
  z: Local;
  s: Local;
  j: Local;
}

function offsets(f: FunctionBuilder): Offsets {
  return { z: f.local(I), s: f.local(I), j: f.local(I) };
}

/** Leaves z_k = zx + hu + bias of gate k for the current block on the stack. */
function gate(f: FunctionBuilder, pZx: Local, pHu: Local, pB: Local, at: Offsets, u4: Local, k: number): FunctionBuilder {
  const load = (p: Local, offset: Local) => {
    f.get(p).get(offset).i32Add();
    if (k > 0) f.get(u4).i32Const(k).i32Mul().i32Add();
    return f.v128Load();
  };
  load(pZx, at.z);
  load(pHu, at.z).f32x4Add();
  return load(pB, at.j).f32x4Add();
}

/** Stores the v128 computed by `value` at p + offset (+ k gates). */
function store(f: FunctionBuilder, p: Local, offset: Local, u4: Local | null, k: number, value: () => void): void {
  f.get(p).get(offset).i32Add();
  if (u4 && k > 0) f.get(u4).i32Const(k).i32Mul().i32Add();
  value();
  f.v128Store();
}

/** step(zx, hu, bias, cPrev, h, c, batch, units·4): pointers are byte offsets. */
function buildStep(mb: ModuleBuilder): void {
  const f = mb.function("step", [I, I, I, I, I, I, I, I], [], true);
  const [pZx, pHu, pB, pCp, pH, pC, batch, u4] = Array.from({ length: 8 }, (_, k) => f.param(k)) as [Local, Local, Local, Local, Local, Local, Local, Local];
  const [i, g, c] = [f.local(V), f.local(V), f.local(V)];
  const at = offsets(f);
  const m = new VectorMath(f);
  forEachQuad(f, batch, u4, at, () => {
    gate(f, pZx, pHu, pB, at, u4, 0);
    m.sigmoid();
    f.set(i);
    gate(f, pZx, pHu, pB, at, u4, 2);
    m.tanh();
    f.set(g);
    // c = σ(z_f)·cPrev + i·g
    gate(f, pZx, pHu, pB, at, u4, 1);
    m.sigmoid();
    f.get(pCp).get(at.s).i32Add().v128Load().f32x4Mul();
    f.get(i).get(g).f32x4Mul().f32x4Add().set(c);
    store(f, pC, at.s, null, 0, () => f.get(c));
    // h = σ(z_o)·tanh(c)
    store(f, pH, at.s, null, 0, () => {
      gate(f, pZx, pHu, pB, at, u4, 3);
      m.sigmoid();
      f.get(c);
      m.tanh();
      f.f32x4Mul();
    });
  });
}

/**
 * grad(zx, hu, bias, cPrev, c, dh, dc, dz, dcPrev, dBias, batch, units·4): the step's
 * vector-Jacobian product; dBias (zeroed by the caller) accumulates dz over the rows.
 */
function buildGrad(mb: ModuleBuilder): void {
  const f = mb.function("grad", [I, I, I, I, I, I, I, I, I, I, I, I], [], true);
  const [pZx, pHu, pB, pCp, pC, pDh, pDc, pDz, pDcp, pDb, batch, u4] = Array.from({ length: 12 }, (_, k) => f.param(k)) as Local[] as [
    Local, Local, Local, Local, Local, Local, Local, Local, Local, Local, Local, Local,
  ];
  // activations and their derivatives (di = σ'(z_i), …, dtc = 1 - tanh²(c))
  const [i, fg, g, o, tc, di, dfg, dg, dO, dtc, dh, dc] = Array.from({ length: 12 }, () => f.local(V)) as Local[] as [
    Local, Local, Local, Local, Local, Local, Local, Local, Local, Local, Local, Local,
  ];
  const at = offsets(f);
  const m = new VectorMath(f);
  forEachQuad(f, batch, u4, at, () => {
    for (const [k, value, derivative] of [
      [0, i, di],
      [1, fg, dfg],
      [2, g, dg],
      [3, o, dO],
    ] as const) {
      gate(f, pZx, pHu, pB, at, u4, k);
      if (k === 2) m.tanh(derivative);
      else m.sigmoid(derivative);
      f.set(value);
    }
    f.get(pC).get(at.s).i32Add().v128Load();
    m.tanh(dtc);
    f.set(tc);
    f.get(pDh).get(at.s).i32Add().v128Load().set(dh);
    // dc = dcIn + dh·o·(1 - tc²)
    f.get(pDc).get(at.s).i32Add().v128Load();
    f.get(dh).get(o).f32x4Mul().get(dtc).f32x4Mul().f32x4Add().set(dc);
    const dzs: (() => void)[] = [
      () => f.get(dc).get(g).f32x4Mul().get(di).f32x4Mul(),
      () => f.get(dc).get(pCp).get(at.s).i32Add().v128Load().f32x4Mul().get(dfg).f32x4Mul(),
      () => f.get(dc).get(i).f32x4Mul().get(dg).f32x4Mul(),
      () => f.get(dh).get(tc).f32x4Mul().get(dO).f32x4Mul(),
    ];
    dzs.forEach((value, k) => {
      store(f, pDz, at.z, u4, k, value);
      // dBias[k] += the same vector, reloaded from dz
      store(f, pDb, at.j, u4, k, () => {
        f.get(pDb).get(at.j).i32Add();
        if (k > 0) f.get(u4).i32Const(k).i32Mul().i32Add();
        f.v128Load();
        f.get(pDz).get(at.z).i32Add();
        if (k > 0) f.get(u4).i32Const(k).i32Mul().i32Add();
        f.v128Load().f32x4Add();
      });
    });
    store(f, pDcp, at.s, null, 0, () => f.get(dc).get(fg).f32x4Mul());
  });
}

const PAGE = 65536;
/** 2 GiB: byte offsets stay non-negative i32s. */
const MAX_PAGES = 32768;

/** The compiled module and its memory, created on the first call. */
class LstmModule {
  private readonly memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
  private readonly exports: { step: (...a: number[]) => void; grad: (...a: number[]) => void };
  private f32 = new Float32Array(this.memory.buffer);

  constructor() {
    const mb = new ModuleBuilder({ module: "env", name: "memory", initialPages: 1, maximumPages: MAX_PAGES, shared: false });
    buildStep(mb);
    buildGrad(mb);
    const instance = new WebAssembly.Instance(compileOptimized(mb.build()), { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as LstmModule["exports"];
  }

  /**
   * Copies `inputs` in, then reserves `outputs` arrays of the given lengths; returns the byte
   * offsets of all of them (inputs first), 16-byte aligned, or null when they do not fit.
   */
  place(inputs: readonly Float32Array[], outputs: readonly number[]): number[] | null {
    const offsets: number[] = [];
    let end = 0;
    for (const n of [...inputs.map((x) => x.length), ...outputs]) {
      offsets.push(end);
      end += Math.ceil(n / 4) * 16;
    }
    const have = this.memory.buffer.byteLength;
    if (end > MAX_PAGES * PAGE) return null;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    if (this.f32.buffer !== this.memory.buffer) this.f32 = new Float32Array(this.memory.buffer);
    inputs.forEach((x, k) => this.f32.set(x, offsets[k]! / 4));
    return offsets;
  }

  zero(offset: number, n: number): void {
    this.f32.fill(0, offset / 4, offset / 4 + n);
  }

  read(offset: number, n: number): Float32Array {
    const out = float32Result(n);
    out.set(this.f32.subarray(offset / 4, offset / 4 + n));
    return out;
  }

  step(...args: number[]): void {
    this.exports.step(...args);
  }

  grad(...args: number[]): void {
    this.exports.grad(...args);
  }
}

let lstmModule: LstmModule | undefined;
const getModule = (): LstmModule => (lstmModule ??= new LstmModule());

/** float32 inputs and units a multiple of 4 (whole vectors per gate row). */
function vectorizable(inputs: readonly TensorData[]): boolean {
  const units = inputs[3]!.shape[1]!;
  return units % 4 === 0 && inputs.every(isF32);
}

export const lstmStepKernel: Kernel = (inputs, attrs) => {
  if (!vectorizable(inputs)) return getReferenceKernel("lstmStep")(inputs, attrs);
  const cPrev = inputs[3]!;
  const [batch, units] = cPrev.shape as [number, number];
  const n = batch * units;
  const m = getModule();
  const p = m.place(inputs.map((x) => x.values as Float32Array), [n, n]);
  if (!p) return getReferenceKernel("lstmStep")(inputs, attrs);
  m.step(...p, batch, units * 4);
  return [
    { values: m.read(p[4]!, n), shape: cPrev.shape, dtype: "float32" },
    { values: m.read(p[5]!, n), shape: cPrev.shape, dtype: "float32" },
  ];
};

export const lstmStepGradKernel: Kernel = (inputs, attrs) => {
  if (!vectorizable(inputs)) return getReferenceKernel("lstmStepGrad")(inputs, attrs);
  const [zx, , , cPrev] = inputs as [TensorData, TensorData, TensorData, TensorData];
  const [batch, units] = cPrev.shape as [number, number];
  const n = batch * units;
  const m = getModule();
  const p = m.place(inputs.map((x) => x.values as Float32Array), [4 * n, n, 4 * units]);
  if (!p) return getReferenceKernel("lstmStepGrad")(inputs, attrs);
  m.zero(p[9]!, 4 * units);
  m.grad(...p, batch, units * 4);
  return [
    { values: m.read(p[7]!, 4 * n), shape: zx.shape, dtype: "float32" },
    { values: m.read(p[8]!, n), shape: cPrev.shape, dtype: "float32" },
    { values: m.read(p[9]!, 4 * units), shape: inputs[2]!.shape, dtype: "float32" },
  ];
};
