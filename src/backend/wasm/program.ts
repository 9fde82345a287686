import { broadcastShapes, sizeOf } from "../shapes.js";
import type { CompiledProgram, KernelProgram, ProgramStep, SlotSpec, TensorData } from "../types.js";
import { type FunctionBuilder, type Local, ModuleBuilder, ValType } from "./builder.js";
import { compileOptimized } from "./features.js";
import { emitExp } from "./kernels/exp.js";
import { tinyProduct } from "./kernels/matmul.js";

/**
 * Small programs compiled whole: a traced step made only of kernels listed below, on float32
 * buffers (bool ones inside), of at most MAX_PROGRAM_FLOATS floats in all, becomes one generated
 * WebAssembly function over a private memory where every slot has a fixed place. A call copies
 * the inputs in (`TypedArray.set`), runs the function and copies the outputs out.
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
 *   add, subtract, multiply, divide, where   with NumPy broadcasting (each output element is
 *                   one correctly rounded operation, whatever the loop order: index tables
 *                   computed here say which input element each output reads);
 *   relu, exp, sigmoid, isfinite   elementwise; exp is fdlibm's, as V8's `Math.exp`
 *                   (kernels/exp.ts), sigmoid the reference's stable form around it;
 *   sum, max        over trailing axes, in order: sum in double rounded once, max with NaN
 *                   winning (the reference reducers);
 *   reshape, stopGradient   no code: the output is the input's place.
 * bool slots (isfinite's output, where's condition) are held as 0/1 floats and may not be the
 * program's inputs or outputs. Anything else gives null.
 */

/** Largest program compiled: all slots together, in floats (256 KiB). */
export const MAX_PROGRAM_FLOATS = 1 << 16;

const BINARY_OPS = new Set(["add", "subtract", "multiply", "divide"]);
/** Kernels whose output is their input's place (no code). */
const ALIASES = new Set(["reshape", "stopGradient"]);

/** Where everything lives in the program's memory: slots (floats) and index tables (int32), as float offsets. */
interface Layout {
  readonly offsets: number[];
  /** Per step, per input: the offset of its index table (-1: read element i; -2: read element 0). */
  readonly tables: number[][];
  readonly tableData: { offset: number; data: Int32Array }[];
  readonly floats: number;
}

/** Compiles `program` or gives null when some step, slot or size is outside what is supported. */
export function compileProgram(program: KernelProgram): CompiledProgram | null {
  const { slots } = program;
  if (!slots.every((s) => (s.dtype === "float32" || s.dtype === "bool") && sizeOf(s.shape) > 0)) return null;
  const io = [...program.inputs, ...program.outputs];
  if (io.some((s) => slots[s]!.dtype !== "float32")) return null;
  if (!program.steps.every((s) => supported(s, slots))) return null;
  const layout = placeSlots(program);
  if (layout.floats > MAX_PROGRAM_FLOATS) return null;
  const pages = Math.max(1, Math.ceil((layout.floats * 4) / 65536));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  for (const t of layout.tableData) new Int32Array(memory.buffer, t.offset * 4, t.data.length).set(t.data);
  const mb = new ModuleBuilder({ module: "env", name: "memory", initialPages: pages, maximumPages: pages, shared: false });
  const f = mb.function("run", [], [], true);
  program.steps.forEach((step, i) => emitStep(f, step, slots, layout, i));
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(compileOptimized(mb.build()), { env: { memory } });
  } catch {
    return null; // the runtime refused to compile (browsers cap synchronous compiles): replay kernel by kernel
  }
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

const isF32 = (s: SlotSpec): boolean => s.dtype === "float32";

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
      if (ins.length !== 2 || (act !== "relu" && act !== "linear") || !ins.every(isF32)) return false;
      const [z, b] = ins as [SlotSpec, SlotSpec];
      const n = b.shape.length === 1 ? b.shape[0]! : -1;
      return z.shape.length > 0 && z.shape[z.shape.length - 1] === n && sameShape(out.shape, z.shape) && isF32(out);
    }
    case "relu":
    case "exp":
    case "sigmoid":
      return ins.length === 1 && isF32(ins[0]!) && isF32(out) && sameShape(out.shape, ins[0]!.shape);
    case "isfinite":
      return ins.length === 1 && isF32(ins[0]!) && out.dtype === "bool" && sameShape(out.shape, ins[0]!.shape);
    case "reshape":
    case "stopGradient":
      return ins.length === 1 && ins[0]!.dtype === out.dtype && sizeOf(out.shape) === sizeOf(ins[0]!.shape);
    case "sum":
    case "max":
      return ins.length === 1 && isF32(ins[0]!) && isF32(out) && trailingReduction(ins[0]!.shape, step.attrs, out.shape) !== null;
    case "where":
      return ins.length === 3 && ins[0]!.dtype === "bool" && isF32(ins[1]!) && isF32(ins[2]!) && isF32(out) && broadcastsTo(ins, out.shape);
    default:
      return BINARY_OPS.has(step.name) && ins.length === 2 && ins.every(isF32) && isF32(out) && broadcastsTo(ins, out.shape);
  }
}

/** Whether the inputs broadcast (NumPy rules) to exactly `shape`. */
function broadcastsTo(ins: readonly SlotSpec[], shape: readonly number[]): boolean {
  let b: number[] | null = [];
  for (const s of ins) b = b && broadcastShapes(b, s.shape);
  return b !== null && sameShape(b, shape);
}

/** A reduction over the trailing axes (`axes` = the last few, sorted): rows × length, or null. */
function trailingReduction(shape: readonly number[], attrs: unknown, outShape: readonly number[]): { rows: number; length: number } | null {
  const { axes, keepdims } = attrs as { axes?: readonly number[]; keepdims?: boolean };
  const r = shape.length;
  if (!Array.isArray(axes) || axes.length === 0 || !axes.every((a, i) => a === r - axes.length + i)) return null;
  const kept = shape.slice(0, r - axes.length);
  const want = keepdims ? [...kept, ...axes.map(() => 1)] : kept;
  if (!sameShape(want, outShape)) return null;
  const length = sizeOf(shape.slice(r - axes.length));
  return { rows: sizeOf(kept), length };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

// ---------------------------------------------------------------- memory layout

/**
 * For each output element of `outShape`, the flat index of the element of `shape` that NumPy
 * broadcasting reads; null when that is the element itself (same size) — or the one element.
 */
function indexTable(shape: readonly number[], outShape: readonly number[]): Int32Array | null {
  const size = sizeOf(outShape);
  if (sizeOf(shape) === size || sizeOf(shape) === 1) return null;
  const r = outShape.length;
  const strides = new Array<number>(r).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = r - shape.length + i;
    strides[axis] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  const table = new Int32Array(size);
  const idx = new Array<number>(r).fill(0);
  for (let o = 0; o < size; o++) {
    let flat = 0;
    for (let d = 0; d < r; d++) flat += idx[d]! * strides[d]!;
    table[o] = flat;
    for (let d = r - 1; d >= 0; d--) {
      if (++idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return table;
}

const up4 = (n: number): number => (n + 3) & ~3; // 16-byte aligned places

function placeSlots(program: KernelProgram): Layout {
  const offsets: number[] = new Array<number>(program.slots.length).fill(-1);
  let floats = 0;
  const place = (slot: number): void => {
    if (offsets[slot]! >= 0) return;
    offsets[slot] = floats;
    floats += up4(sizeOf(program.slots[slot]!.shape));
  };
  const tables: number[][] = [];
  const tableData: { offset: number; data: Int32Array }[] = [];
  for (const s of program.inputs) place(s);
  for (const step of program.steps) {
    for (const s of step.inputs) place(s); // (inputs are placed already in a well-formed program)
    if (ALIASES.has(step.name)) offsets[step.outputs[0]!] = offsets[step.inputs[0]!]!;
    else for (const s of step.outputs) place(s);
    const broadcasting = step.name === "where" || BINARY_OPS.has(step.name);
    tables.push(
      step.inputs.map((s) => {
        if (!broadcasting) return -1;
        const shape = program.slots[s]!.shape;
        const table = indexTable(shape, program.slots[step.outputs[0]!]!.shape);
        if (table === null) return sizeOf(shape) === 1 && sizeOf(program.slots[step.outputs[0]!]!.shape) !== 1 ? -2 : -1;
        tableData.push({ offset: floats, data: table });
        const at = floats;
        floats += up4(table.length);
        return at;
      }),
    );
  }
  for (const s of program.outputs) place(s);
  return { offsets, tables, tableData, floats };
}

// ---------------------------------------------------------------- code

function emitStep(f: FunctionBuilder, step: ProgramStep, slots: readonly SlotSpec[], layout: Layout, index: number): void {
  const at = (slot: number): number => layout.offsets[slot]! * 4; // byte address
  const ins = step.inputs.map((i) => slots[i]!);
  const out = step.outputs[0]!;
  const size = sizeOf(slots[out]!.shape);
  switch (step.name) {
    case "reshape":
    case "stopGradient":
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
    case "isfinite":
      // v − v is 0 for finite v, NaN for ±Infinity and NaN
      return emitRows(f, at(out), size, size, (i) => {
        const v = f.local(ValType.f32);
        f.get(i).f32Load(at(step.inputs[0]!)).tee(v).get(v).f32Sub().f32Const(0).f32Eq().f32ConvertI32U();
      });
    case "exp": {
      const x = f.local(ValType.f64);
      const r = f.local(ValType.f64);
      return emitRows(f, at(out), size, size, (i) => {
        f.get(i).f32Load(at(step.inputs[0]!)).f64PromoteF32().set(x);
        emitExp(f, x, r);
        f.get(r).f32DemoteF64();
      });
    }
    case "sigmoid": {
      // v >= 0 ? 1 / (1 + exp(−v)) : exp(v) / (1 + exp(v)), in double (the reference's stable form)
      const x = f.local(ValType.f64);
      const r = f.local(ValType.f64);
      const v = f.local(ValType.f64);
      return emitRows(f, at(out), size, size, (i) => {
        f.get(i).f32Load(at(step.inputs[0]!)).f64PromoteF32().set(v);
        f.get(v).f64Const(0).f64Ge().if(
          () => {
            f.get(v).f64Neg().set(x);
            emitExp(f, x, r);
            f.f64Const(1).f64Const(1).get(r).f64Add().f64Div().set(r);
          },
          () => {
            f.get(v).set(x);
            emitExp(f, x, r);
            f.get(r).f64Const(1).get(r).f64Add().f64Div().set(r);
          },
        );
        f.get(r).f32DemoteF64();
      });
    }
    case "sum":
    case "max": {
      const red = trailingReduction(ins[0]!.shape, step.attrs, slots[out]!.shape)!;
      return emitReduce(f, step.name, at(step.inputs[0]!), at(out), red.rows, red.length);
    }
    default: {
      // add, subtract, multiply, divide, where: out[i] = op(in0[t0(i)], in1[t1(i)], …)
      const tables = layout.tables[index]!;
      return emitRows(f, at(out), size, size, (i) => {
        const load = (k: number): void => {
          const table = tables[k]!;
          if (table === -2) f.i32Const(0);
          else if (table === -1) f.get(i);
          else f.get(i).i32Load(table * 4).i32Const(4).i32Mul();
          f.f32Load(at(step.inputs[k]!));
        };
        if (step.name === "where") {
          // cond (0/1 float) ? a : b
          load(1);
          load(2);
          load(0);
          f.f32Const(0).f32Ne().select();
          return;
        }
        load(0);
        load(1);
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

/**
 * out[r] = reduce(x[r, 0 … length)) for each row, as the reference reducers: sum adds in double
 * from 0 in order and rounds once; max starts at −Infinity, takes v when v > m or v is NaN, and a
 * NaN anywhere gives NaN.
 */
function emitReduce(f: FunctionBuilder, op: "sum" | "max", x: number, out: number, rows: number, length: number): void {
  const r = f.local(ValType.i32);
  const j = f.local(ValType.i32);
  const p = f.local(ValType.i32);
  const acc = f.local(ValType.f64);
  const m = f.local(ValType.f32);
  const v = f.local(ValType.f32);
  f.i32Const(0).set(p);
  f.for(r, () => f.i32Const(0), () => f.i32Const(rows), 1, () => {
    if (op === "sum") f.f64Const(0).set(acc);
    else f.f32Const(-Infinity).set(m);
    f.for(j, () => f.i32Const(0), () => f.i32Const(length), 1, () => {
      if (op === "sum") {
        f.get(acc).get(p).f32Load(x).f64PromoteF32().f64Add().set(acc);
      } else {
        f.get(p).f32Load(x).set(v);
        // m = (v > m || v != v) ? v : m
        f.get(v).get(m).get(v).get(m).f32Gt().get(v).get(v).f32Ne().i32Or().select().set(m);
      }
      f.inc(p, 4);
    });
    f.get(r).i32Const(4).i32Mul();
    if (op === "sum") f.get(acc).f32DemoteF64();
    else f.get(m).f32Const(NaN).get(m).get(m).f32Eq().select();
    f.f32Store(out);
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
