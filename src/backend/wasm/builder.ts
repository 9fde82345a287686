/**
 * A small WebAssembly module builder: enough of the binary format to generate numeric kernels
 * at run time (one imported memory, functions with locals, structured control flow, i32 / f32
 * scalar ops and 128-bit SIMD). Code is emitted as a flat byte stream in stack-machine order;
 * `Label`s turn `br` targets into relative depths so that generators never count nesting.
 *
 * Reference: the WebAssembly core specification (binary format, chapter 5) and the SIMD and
 * relaxed-SIMD proposals' opcode tables.
 */

/** Value types (their binary encodings). */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Unsigned LEB128. */
function uleb(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** Signed LEB128 of an integer in [-2^53, 2^53] (i64 constants). */
function sleb64(out: number[], value: number): void {
  let v = value;
  for (;;) {
    const byte = ((v % 128) + 128) % 128;
    v = (v - byte) / 128;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function encodeString(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  uleb(out, body.length);
  for (const b of body) out.push(b);
}

/** A local variable (parameters are locals too) of a function under construction. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

/** A branch target: the block (branch = exit) or loop (branch = continue) it was made for. */
export interface Label {
  readonly depth: number;
}

/** SIMD opcodes (after the 0xfd prefix) used by the generators. */
const SIMD = {
  load: 0x00,
  load32Splat: 0x09,
  store: 0x0b,
  const: 0x0c,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  f32x4ExtractLane: 0x1f,
  f32x4Gt: 0x44,
  f32x4Pmax: 0xeb,
  v128Bitselect: 0x52,
  i32x4Add: 0xae,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Div: 0xe7,
  f32x4Sqrt: 0xe3,
  v128And: 0x4e,
  load64Zero: 0x5d,
  f64x2PromoteLowF32x4: 0x5f,
  f64x2Add: 0xf0,
  f32x4Mul: 0xe6,
  f32x4RelaxedMadd: 0x105,
} as const;

/**
 * Emits one function body. Methods push instructions in order; they return `this` so short
 * sequences read left to right: `f.get(p).i32Const(16).i32Add().set(p)`.
 */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];
  private readonly params: Local[];
  private depth = 0;

  constructor(
    readonly name: string,
    readonly paramTypes: readonly ValType[],
    readonly resultTypes: readonly ValType[],
  ) {
    this.params = paramTypes.map((type, index) => ({ index, type }));
  }

  param(i: number): Local {
    const p = this.params[i];
    if (!p) throw new Error(`${this.name}: no parameter ${i}`);
    return p;
  }

  local(type: ValType): Local {
    const index = this.paramTypes.length + this.localTypes.length;
    this.localTypes.push(type);
    return { index, type };
  }

  // ---- variables and constants
  get(l: Local): this {
    this.code.push(0x20);
    uleb(this.code, l.index);
    return this;
  }
  set(l: Local): this {
    this.code.push(0x21);
    uleb(this.code, l.index);
    return this;
  }
  tee(l: Local): this {
    this.code.push(0x22);
    uleb(this.code, l.index);
    return this;
  }
  i32Const(v: number): this {
    this.code.push(0x41);
    sleb(this.code, v);
    return this;
  }
  f64Const(v: number): this {
    this.code.push(0x44);
    const bytes = new Uint8Array(new Float64Array([v]).buffer);
    for (const b of bytes) this.code.push(b);
    return this;
  }
  f32Const(v: number): this {
    this.code.push(0x43);
    const bytes = new Uint8Array(new Float32Array([v]).buffer);
    for (const b of bytes) this.code.push(b);
    return this;
  }
  drop(): this {
    this.code.push(0x1a);
    return this;
  }
  select(): this {
    this.code.push(0x1b);
    return this;
  }
  call(fn: FunctionBuilder | number, module?: ModuleBuilder): this {
    const index = typeof fn === "number" ? fn : module!.indexOf(fn);
    this.code.push(0x10);
    uleb(this.code, index);
    return this;
  }

  // ---- i32 arithmetic and comparisons
  private op(byte: number): this {
    this.code.push(byte);
    return this;
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32Eq(): this {
    return this.op(0x46);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32LeS(): this {
    return this.op(0x4c);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32RemU(): this {
    return this.op(0x70);
  }
  i32Xor(): this {
    return this.op(0x73);
  }
  i32ShrU(): this {
    return this.op(0x76);
  }
  /** The low 32 bits of an i64. */
  i32WrapI64(): this {
    return this.op(0xa7);
  }
  /** An i32 read as unsigned, widened to i64. */
  i64ExtendI32U(): this {
    return this.op(0xad);
  }
  i64Mul(): this {
    return this.op(0x7e);
  }
  i64ShrU(): this {
    return this.op(0x88);
  }
  i64Const(v: number): this {
    this.code.push(0x42);
    sleb64(this.code, v);
    return this;
  }
  /** An i32 read as unsigned, converted to f64 (exact). */
  f64ConvertI32U(): this {
    return this.op(0xb8);
  }
  f64Ge(): this {
    return this.op(0x66);
  }
  f64Eq(): this {
    return this.op(0x61);
  }
  f64Ne(): this {
    return this.op(0x62);
  }
  f64Lt(): this {
    return this.op(0x63);
  }
  f64Gt(): this {
    return this.op(0x64);
  }
  f64Sub(): this {
    return this.op(0xa1);
  }
  f64Neg(): this {
    return this.op(0x9a);
  }
  f64Div(): this {
    return this.op(0xa3);
  }
  f32Ne(): this {
    return this.op(0x5c);
  }
  f32Eq(): this {
    return this.op(0x5b);
  }
  i32GeU(): this {
    return this.op(0x4f);
  }
  i32GtU(): this {
    return this.op(0x4b);
  }
  i32Or(): this {
    return this.op(0x72);
  }
  /** f64 → i32, truncated toward zero (traps outside the i32 range). */
  i32TruncF64S(): this {
    return this.op(0xaa);
  }
  i64ExtendI32S(): this {
    return this.op(0xac);
  }
  i64Add(): this {
    return this.op(0x7c);
  }
  i64Shl(): this {
    return this.op(0x86);
  }
  i64ReinterpretF64(): this {
    return this.op(0xbd);
  }
  f64ReinterpretI64(): this {
    return this.op(0xbf);
  }
  /** An i32 read as unsigned, converted to f32 (1 → 1.0). */
  f32ConvertI32U(): this {
    return this.op(0xb3);
  }
  f64ConvertI32S(): this {
    return this.op(0xb7);
  }
  f32Gt(): this {
    return this.op(0x5e);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f32Sub(): this {
    return this.op(0x93);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f32Div(): this {
    return this.op(0x95);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  /** f32 → f64 (exact). */
  f64PromoteF32(): this {
    return this.op(0xbb);
  }
  /** f64 → f32, rounded to nearest even (as a store into a Float32Array). */
  f32DemoteF64(): this {
    return this.op(0xb6);
  }

  // ---- memory (offsets in bytes; alignment hints are log2 of the natural size)
  private memarg(op: number[], align: number, offset: number): this {
    for (const b of op) this.code.push(b);
    uleb(this.code, align);
    uleb(this.code, offset);
    return this;
  }
  i32Load(offset = 0): this {
    return this.memarg([0x28], 2, offset);
  }
  i32Store(offset = 0): this {
    return this.memarg([0x36], 2, offset);
  }
  f32Load(offset = 0): this {
    return this.memarg([0x2a], 2, offset);
  }
  f64Load(offset = 0): this {
    return this.memarg([0x2b], 3, offset);
  }
  f64Store(offset = 0): this {
    return this.memarg([0x39], 3, offset);
  }
  f32Store(offset = 0): this {
    return this.memarg([0x38], 2, offset);
  }
  private simd(op: number): number[] {
    const bytes = [0xfd];
    uleb(bytes, op);
    return bytes;
  }
  v128Load(offset = 0): this {
    return this.memarg(this.simd(SIMD.load), 4, offset);
  }
  v128Store(offset = 0): this {
    return this.memarg(this.simd(SIMD.store), 4, offset);
  }
  /** Loads 64 bits into the low half, zeroing the high half. */
  v128Load64Zero(offset = 0): this {
    return this.memarg(this.simd(SIMD.load64Zero), 3, offset);
  }
  v128Load32Splat(offset = 0): this {
    return this.memarg(this.simd(SIMD.load32Splat), 2, offset);
  }
  v128Zero(): this {
    for (const b of this.simd(SIMD.const)) this.code.push(b);
    for (let i = 0; i < 16; i++) this.code.push(0);
    return this;
  }
  /** A v128 constant from four i32 lanes. */
  v128ConstI32(lanes: readonly [number, number, number, number]): this {
    for (const b of this.simd(SIMD.const)) this.code.push(b);
    for (const v of lanes) this.code.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }
  private simdOp(op: number): this {
    for (const b of this.simd(op)) this.code.push(b);
    return this;
  }
  i32x4Splat(): this {
    return this.simdOp(SIMD.i32x4Splat);
  }
  i32x4Add(): this {
    return this.simdOp(SIMD.i32x4Add);
  }
  /** Lane-wise a > b as an all-ones / all-zeros mask. */
  f32x4Gt(): this {
    return this.simdOp(SIMD.f32x4Gt);
  }
  /** Pseudo-maximum `a < b ? b : a` per lane (NaN or equal: a). */
  f32x4Pmax(): this {
    return this.simdOp(SIMD.f32x4Pmax);
  }
  /** (a & mask) | (b & ~mask); stack: a, b, mask. */
  v128Bitselect(): this {
    return this.simdOp(SIMD.v128Bitselect);
  }
  f32x4Splat(): this {
    for (const b of this.simd(SIMD.f32x4Splat)) this.code.push(b);
    return this;
  }
  f32x4ExtractLane(lane: number): this {
    for (const b of this.simd(SIMD.f32x4ExtractLane)) this.code.push(b);
    this.code.push(lane);
    return this;
  }
  f32x4Add(): this {
    for (const b of this.simd(SIMD.f32x4Add)) this.code.push(b);
    return this;
  }
  f32x4Sub(): this {
    return this.simdOp(SIMD.f32x4Sub);
  }
  f32x4Div(): this {
    return this.simdOp(SIMD.f32x4Div);
  }
  f32x4Sqrt(): this {
    return this.simdOp(SIMD.f32x4Sqrt);
  }
  v128And(): this {
    return this.simdOp(SIMD.v128And);
  }
  /** The two low f32 lanes as two f64 lanes (exact). */
  f64x2PromoteLowF32x4(): this {
    return this.simdOp(SIMD.f64x2PromoteLowF32x4);
  }
  f64x2Add(): this {
    return this.simdOp(SIMD.f64x2Add);
  }
  f32x4Mul(): this {
    for (const b of this.simd(SIMD.f32x4Mul)) this.code.push(b);
    return this;
  }
  /** relaxed-SIMD: a * b + c (fused where the hardware has FMA); stack: a, b, c. */
  f32x4RelaxedMadd(): this {
    for (const b of this.simd(SIMD.f32x4RelaxedMadd)) this.code.push(b);
    return this;
  }

  // ---- structured control flow
  /** `block ... end`; branching to the label exits the block. */
  block(body: (exit: Label) => void): this {
    this.code.push(0x02, 0x40);
    this.depth++;
    body({ depth: this.depth });
    this.depth--;
    this.code.push(0x0b);
    return this;
  }
  /** `loop ... end`; branching to the label jumps back to the loop's start. */
  loop(body: (again: Label) => void): this {
    this.code.push(0x03, 0x40);
    this.depth++;
    body({ depth: this.depth });
    this.depth--;
    this.code.push(0x0b);
    return this;
  }
  /** `if ... (else ...) end`, consuming the i32 condition on the stack. */
  if(then: () => void, otherwise?: () => void): this {
    this.code.push(0x04, 0x40);
    this.depth++;
    then();
    if (otherwise) {
      this.code.push(0x05);
      otherwise();
    }
    this.depth--;
    this.code.push(0x0b);
    return this;
  }
  br(label: Label): this {
    this.code.push(0x0c);
    uleb(this.code, this.depth - label.depth);
    return this;
  }
  brIf(label: Label): this {
    this.code.push(0x0d);
    uleb(this.code, this.depth - label.depth);
    return this;
  }

  /**
   * `for (v = start; v < end; v += step) body()` with i32 locals (start/end/step emit their
   * values). The body runs zero times when start >= end.
   */
  for(v: Local, start: () => void, end: () => void, step: number, body: () => void): this {
    start();
    this.set(v);
    return this.block((exit) => {
      this.get(v);
      end();
      this.i32GeS().brIf(exit);
      this.loop((again) => {
        body();
        this.get(v).i32Const(step).i32Add().tee(v);
        end();
        this.i32LtS().brIf(again);
      });
    });
  }

  /** `l += delta` for an i32 local. */
  inc(l: Local, delta: number): this {
    return this.get(l).i32Const(delta).i32Add().set(l);
  }

  /** The encoded body: local declarations, code, `end`. */
  encode(): number[] {
    const out: number[] = [];
    // run-length encode local declarations
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(out, groups.length);
    for (const [n, t] of groups) {
      uleb(out, n);
      out.push(t);
    }
    for (const b of this.code) out.push(b);
    out.push(0x0b);
    return out;
  }
}

export interface MemoryImport {
  module: string;
  name: string;
  initialPages: number;
  maximumPages: number;
  shared: boolean;
}

/** A module: one imported memory and a list of functions (some exported). */
export class ModuleBuilder {
  private readonly functions: FunctionBuilder[] = [];
  private readonly exported = new Set<FunctionBuilder>();

  constructor(private readonly memory: MemoryImport) {}

  /** Declares a function; its body may be filled in later (so functions can call each other). */
  function(name: string, params: readonly ValType[], results: readonly ValType[] = [], exported = false): FunctionBuilder {
    const f = new FunctionBuilder(name, params, results);
    this.functions.push(f);
    if (exported) this.exported.add(f);
    return f;
  }

  indexOf(f: FunctionBuilder): number {
    const i = this.functions.indexOf(f);
    if (i < 0) throw new Error(`unknown function ${f.name}`);
    return i;
  }

  build(): Uint8Array<ArrayBuffer> {
    const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    // types: one per function (duplicates are legal and keep this simple)
    const types: number[] = [];
    uleb(types, this.functions.length);
    for (const f of this.functions) {
      types.push(0x60);
      uleb(types, f.paramTypes.length);
      for (const t of f.paramTypes) types.push(t);
      uleb(types, f.resultTypes.length);
      for (const t of f.resultTypes) types.push(t);
    }
    section(out, 1, types);
    // imports: the memory
    const imports: number[] = [];
    uleb(imports, 1);
    encodeString(imports, this.memory.module);
    encodeString(imports, this.memory.name);
    imports.push(0x02, this.memory.shared ? 0x03 : 0x01);
    uleb(imports, this.memory.initialPages);
    uleb(imports, this.memory.maximumPages);
    section(out, 2, imports);
    // function declarations
    const funcs: number[] = [];
    uleb(funcs, this.functions.length);
    this.functions.forEach((_, i) => uleb(funcs, i));
    section(out, 3, funcs);
    // exports
    const exps: number[] = [];
    uleb(exps, this.exported.size);
    for (const f of this.exported) {
      encodeString(exps, f.name);
      exps.push(0x00);
      uleb(exps, this.indexOf(f));
    }
    section(out, 7, exps);
    // code
    const code: number[] = [];
    uleb(code, this.functions.length);
    for (const f of this.functions) {
      const body = f.encode();
      uleb(code, body.length);
      for (const b of body) code.push(b);
    }
    section(out, 10, code);
    return new Uint8Array(out);
  }
}
