import { sizeOf } from "../shapes.js";
import type { CompiledProgram, KernelProgram, ProgramStep, SlotSpec, TensorData } from "../types.js";
import { type FunctionBuilder, type Local, ModuleBuilder, ValType } from "./builder.js";
import { compileOptimized } from "./features.js";
import { tinyProduct } from "./kernels/matmul.js";

/**
 * Small programs compiled whole: a traced step made only of kernels listed below, on float32
 * buffers of at most MAX_PROGRAM_FLOATS floats in all, becomes one generated WebAssembly
 * function over a private memory where every slot has a fixed place. A call copies the inputs
 * in (`TypedArray.set`), runs the function and copies the outputs out.
 *
 * Why: a tiny model's predict (one sample through a few Dense layers) is all per-call overhead.
 * Replaying its kernels one by one runs a few hundred element loops in JavaScript, and a fresh
 * process runs them in V8's interpreter for its first ~1000 calls (tens of µs a call, see
 * docs/performance.md); generated wasm is compiled before its first call.
 *
 * Every kernel here computes exactly what the kernel it stands for computes on the wasm backend
 * (same operations in the same order, each rounded to float32 where the JS kernel stores), so a
 * compiled program gives the same bits as its kernels run one by one:
 *   matmul          only the tiny products the matmul kernel does in its own float32 loop
 *                   (`tinyProduct`): per output, k ascending, each product added in double and
 *                   rounded to float32, as `c[i] += x * b[j]` on a Float32Array;
 *   biasActivation  act(z + b) over the last axis, relu or linear;
 *   add, subtract, multiply, divide  same shapes, a scalar operand, or a row over the last axis;
 *   relu            x where x > 0, else +0;
 *   reshape         no code: the output is the input's place.
 * Anything else (another kernel, dtype or layout, or a larger program) gives null.
 */

/** Largest program compiled: all slots together, in floats (256 KiB). */
export const MAX_PROGRAM_FLOATS = 1 << 16;

const BINARY_OPS = new Set(["add", "subtract", "multiply", "divide"]);

/** One slot's place in the program's memory: a float offset (slots never share one except through reshape). */
interface Layout {
  readonly offsets: number[];
  readonly floats: number;
}

/** Compiles `program` or gives null when some step, slot or size is outside what is supported. */
export function compileProgram(program: KernelProgram): CompiledProgram | null {
  const { slots } = program;
  if (!slots.every((s) => s.dtype === "float32" && sizeOf(s.shape) > 0)) return null;
  if (!program.steps.every((s) => supported(s, slots))) return null;
  const layout = placeSlots(program);
  if (layout.floats > MAX_PROGRAM_FLOATS) return null;
  const pages = Math.max(1, Math.ceil((layout.floats * 4) / 65536));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const mb = new ModuleBuilder({ module: "env", name: "memory", initialPages: pages, maximumPages: pages, shared: false });
  const f = mb.function("run", [], [], true);
  for (const step of program.steps) emitStep(f, step, slots, layout.offsets);
  const instance = new WebAssembly.Instance(compileOptimized(mb.build()), { env: { memory } });
  return makeRunner(program, layout, memory, instance.exports.run as () => void);
}

/** The per-call wrapper: inputs in, run, outputs out. Kept small: it runs on every predict. */
function makeRunner(program: KernelProgram, layout: Layout, memory: WebAssembly.Memory, run: () => void): CompiledProgram {
  const f32 = new Float32Array(memory.buffer);
  const inOffsets = program.inputs.map((s) => layout.offsets[s]!);
  const outs = program.outputs.map((s) => ({ offset: layout.offsets[s]!, end: layout.offsets[s]! + sizeOf(program.slots[s]!.shape), shape: program.slots[s]!.shape }));
  return (inputs: readonly TensorData[]): TensorData[] => {
    for (let i = 0; i < inOffsets.length; i++) f32.set(inputs[i]!.values as Float32Array, inOffsets[i]);
    run();
    const result = new Array<TensorData>(outs.length); // sized: a push would reserve room for 17
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i]!;
      result[i] = { values: f32.slice(o.offset, o.end), shape: o.shape, dtype: "float32" };
    }
    return result;
  };
}

// ---------------------------------------------------------------- what is supported

function supported(step: ProgramStep, slots: readonly SlotSpec[]): boolean {
  const ins = step.inputs.map((i) => slots[i]!);
  const out = slots[step.outputs[0]!];
  if (step.outputs.length !== 1 || !out) return false;
  switch (step.name) {
    case "matmul": {
      const p = ins.length === 2 ? tinyProduct(ins[0]!, ins[1]!, step.attrs as object) : null;
      return p !== null && sizeOf(out.shape) === p.rows * p.N;
    }
    case "biasActivation": {
      const act = (step.attrs as { activation?: unknown }).activation;
      if (ins.length !== 2 || (act !== "relu" && act !== "linear")) return false;
      const [z, b] = ins as [SlotSpec, SlotSpec];
      const n = b.shape.length === 1 ? b.shape[0]! : -1;
      return z.shape.length > 0 && z.shape[z.shape.length - 1] === n && sameShape(out.shape, z.shape);
    }
    case "relu":
      return ins.length === 1 && sameShape(out.shape, ins[0]!.shape);
    case "reshape":
      return ins.length === 1 && sizeOf(out.shape) === sizeOf(ins[0]!.shape);
    default:
      return BINARY_OPS.has(step.name) && ins.length === 2 && binaryLayout(ins[0]!, ins[1]!, out) !== null;
  }
}

/** How each operand of a binary kernel is indexed, as the wasm backend's float32 binary kernel lays them out. */
type Operand = "same" | "scalar" | "row";

function binaryLayout(a: SlotSpec, b: SlotSpec, out: SlotSpec): [Operand, Operand] | null {
  const na = sizeOf(a.shape);
  const nb = sizeOf(b.shape);
  // the same cases, tried in the same order, as makeBinaryKernel's
  if (sameShape(a.shape, b.shape)) return sameShape(out.shape, a.shape) ? ["same", "same"] : null;
  if (nb === 1 && b.shape.length <= a.shape.length) return sameShape(out.shape, a.shape) ? ["same", "scalar"] : null;
  if (na === 1 && a.shape.length <= b.shape.length) return sameShape(out.shape, b.shape) ? ["scalar", "same"] : null;
  if (isRowOf(a.shape, b.shape)) return sameShape(out.shape, a.shape) ? ["same", "row"] : null;
  return null;
}

function isRowOf(a: readonly number[], b: readonly number[]): boolean {
  if (b.length === 0 || b.length > a.length || a[a.length - 1] !== b[b.length - 1]) return false;
  for (let i = 0; i < b.length - 1; i++) if (b[i] !== 1) return false;
  return true;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

// ---------------------------------------------------------------- memory layout

function placeSlots(program: KernelProgram): Layout {
  const offsets: number[] = new Array<number>(program.slots.length).fill(-1);
  let floats = 0;
  const place = (slot: number): void => {
    if (offsets[slot]! >= 0) return;
    offsets[slot] = floats;
    floats += (sizeOf(program.slots[slot]!.shape) + 3) & ~3; // 16-byte aligned places
  };
  for (const s of program.inputs) place(s);
  for (const step of program.steps) {
    for (const s of step.inputs) place(s); // (inputs are placed already in a well-formed program)
    if (step.name === "reshape") offsets[step.outputs[0]!] = offsets[step.inputs[0]!]!;
    else for (const s of step.outputs) place(s);
  }
  for (const s of program.outputs) place(s);
  return { offsets, floats };
}

// ---------------------------------------------------------------- code

function emitStep(f: FunctionBuilder, step: ProgramStep, slots: readonly SlotSpec[], offsets: readonly number[]): void {
  const at = (slot: number): number => offsets[slot]! * 4; // byte address
  const ins = step.inputs.map((i) => slots[i]!);
  const out = step.outputs[0]!;
  const size = sizeOf(slots[out]!.shape);
  switch (step.name) {
    case "reshape":
      return;
    case "matmul": {
      const p = tinyProduct(ins[0]!, ins[1]!, step.attrs as object)!;
      return emitMatmul(f, at(step.inputs[0]!), at(step.inputs[1]!), at(out), p.rows, p.K, p.N);
    }
    case "biasActivation": {
      const n = ins[1]!.shape[0]!;
      const relu = (step.attrs as { activation: string }).activation === "relu";
      return emitRows(f, at(out), size, n, (i, j) => {
        f.get(i).f32Load(at(step.inputs[0]!)).get(j).f32Load(at(step.inputs[1]!)).f32Add();
        if (relu) emitRelu(f);
      });
    }
    case "relu":
      return emitRows(f, at(out), size, size, (i) => {
        f.get(i).f32Load(at(step.inputs[0]!));
        emitRelu(f);
      });
    default: {
      const [la, lb] = binaryLayout(ins[0]!, ins[1]!, slots[out]!)!;
      const n = la === "row" || lb === "row" ? ins[la === "row" ? 0 : 1]!.shape.at(-1)! : size;
      const load = (layout: Operand, slot: number, i: Local, j: Local): void => {
        if (layout === "scalar") f.i32Const(0);
        else f.get(layout === "same" ? i : j);
        f.f32Load(at(slot));
      };
      return emitRows(f, at(out), size, n, (i, j) => {
        load(la, step.inputs[0]!, i, j);
        load(lb, step.inputs[1]!, i, j);
        if (step.name === "add") f.f32Add();
        else if (step.name === "subtract") f.f32Sub();
        else if (step.name === "multiply") f.f32Mul();
        else f.f32Div();
      });
    }
  }
}

/**
 * `out[o + j] = value(i, j)` for rows o of `n` floats over `size` floats; `value` gets locals
 * holding the byte offsets i = 4·(o + j) and j = 4·j and pushes one f32.
 */
function emitRows(f: FunctionBuilder, out: number, size: number, n: number, value: (i: Local, j: Local) => void): void {
  const i = f.local(ValType.i32);
  const j = f.local(ValType.i32);
  const row = f.local(ValType.i32);
  f.for(row, () => f.i32Const(0), () => f.i32Const(size * 4), n * 4, () => {
    f.for(j, () => f.i32Const(0), () => f.i32Const(n * 4), 4, () => {
      f.get(row).get(j).i32Add().set(i);
      f.get(i);
      value(i, j);
      f.f32Store(out);
    });
  });
}

/** relu of the f32 on the stack: it when it is > 0, else +0 (NaN and -0 give +0). */
function emitRelu(f: FunctionBuilder): void {
  const s = f.local(ValType.f32);
  f.set(s).get(s).f32Const(0).get(s).f32Const(0).f32Gt().select();
}

/**
 * c[rows, N] = a[rows, K] · b[K, N] in the tiny matmul kernel's order: c starts at zero, and for
 * each row, k ascending, c[j] = f32(c[j] + a[k]·b[k, j]) computed in double.
 */
function emitMatmul(f: FunctionBuilder, a: number, b: number, c: number, rows: number, K: number, N: number): void {
  const r = f.local(ValType.i32);
  const k = f.local(ValType.i32);
  const j = f.local(ValType.i32);
  const pc = f.local(ValType.i32);
  const pb = f.local(ValType.i32);
  const x = f.local(ValType.f64);
  f.for(j, () => f.i32Const(0), () => f.i32Const(rows * N * 4), 4, () => {
    f.get(j).f32Const(0).f32Store(c);
  });
  f.for(r, () => f.i32Const(0), () => f.i32Const(rows), 1, () => {
    f.for(k, () => f.i32Const(0), () => f.i32Const(K), 1, () => {
      // x = a[r, k]; pb = &b[k, 0]; pc = &c[r, 0]
      f.get(r).i32Const(K).i32Mul().get(k).i32Add().i32Const(4).i32Mul().f32Load(a).f64PromoteF32().set(x);
      f.get(k).i32Const(N * 4).i32Mul().set(pb);
      f.get(r).i32Const(N * 4).i32Mul().set(pc);
      f.for(j, () => f.i32Const(0), () => f.i32Const(N), 1, () => {
        f.get(pc);
        f.get(pc).f32Load(c).f64PromoteF32();
        f.get(x).get(pb).f32Load(b).f64PromoteF32().f64Mul();
        f.f64Add().f32DemoteF64().f32Store(c);
        f.inc(pc, 4).inc(pb, 4);
      });
    });
  });
}
