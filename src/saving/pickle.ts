/**
 * A small, safe unpickler for the data Keras's datasets ship as Python pickles: NumPy object
 * arrays inside `.npz` files (IMDB) and CIFAR's batch files (dicts of NumPy arrays and lists).
 * It builds plain values (numbers, strings, `Uint8Array` for bytes, arrays, `Map`s) and records
 * class instances as `PyObject`s; it never runs code, so unknown classes are harmless data.
 */
import { ValueError } from "../util/errors.js";
import type { NpyArray, NpyData } from "./npyFormat.js";

/** A Python global (`module.name`) referenced by the pickle. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** An instance the pickle reconstructs: its class (or factory), the arguments, the state. */
export class PyObject {
  state: unknown = undefined;
  constructor(
    readonly cls: PyGlobal,
    readonly args: unknown[],
  ) {}
}

const MARK = Symbol("mark");

/** Decodes a pickle (protocols 0–5, the opcodes data pickles use). `source` names the file in errors. */
export function unpickle(bytes: Uint8Array, source = "<bytes>"): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let pos = 0;
  const fail = (problem: string): never => {
    throw new ValueError(`Cannot read the pickle in ${source}: ${problem} (at byte ${pos}).`);
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) fail("the data is truncated");
  };
  const u8 = () => (need(1), bytes[pos++]!);
  const u16 = () => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const u32 = () => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const i32 = () => (need(4), (pos += 4), view.getInt32(pos - 4, true));
  const u64 = () => (need(8), (pos += 8), Number(view.getBigUint64(pos - 8, true)));
  const take = (n: number) => (need(n), (pos += n), bytes.subarray(pos - n, pos));
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail("a text opcode is not terminated by a newline");
    const s = new TextDecoder("latin1").decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const utf8 = (b: Uint8Array) => new TextDecoder("utf-8").decode(b);
  const pop = () => (stack.length === 0 ? fail("the stack is empty") : stack.pop());
  const top = () => (stack.length === 0 ? fail("the stack is empty") : stack[stack.length - 1]);
  const popMark = (): unknown[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) fail("no MARK on the stack");
    const items = stack.slice(i + 1);
    stack.length = i;
    return items;
  };
  const littleLong = (b: Uint8Array): number => {
    if (b.length === 0) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return Number(v);
  };
  const setItems = (d: unknown, items: unknown[]) => {
    if (!(d instanceof Map)) fail("SETITEM(S) on something that is not a dict");
    for (let i = 0; i + 1 < items.length; i += 2) (d as Map<unknown, unknown>).set(dictKey(items[i]), items[i + 1]);
  };
  const call = (fn: unknown, args: unknown): unknown => {
    const list = Array.isArray(args) ? args : [];
    if (!(fn instanceof PyGlobal)) fail("REDUCE on something that is not a class or function");
    const g = fn as PyGlobal;
    // Python 3 writes bytes as _codecs.encode(text, "latin1") in protocols < 3.
    if (g.qualified === "_codecs.encode" && typeof list[0] === "string") {
      const s = list[0];
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
      return out;
    }
    if ((g.qualified === "__builtin__.set" || g.qualified === "builtins.set") && Array.isArray(list[0])) return [...(list[0] as unknown[])];
    return new PyObject(g, list);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x8a: // LONG1
        stack.push(littleLong(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(littleLong(take(u32())));
        break;
      case 0x49: {
        // INT (text; "00"/"01" are False/True)
        const s = line();
        stack.push(s === "00" ? false : s === "01" ? true : Number.parseInt(s, 10));
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(Number.parseInt(line().replace(/L$/, ""), 10));
        break;
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        pos += 8;
        stack.push(view.getFloat64(pos - 8, false));
        break;
      case 0x46: // FLOAT (text)
        stack.push(Number.parseFloat(line()));
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8(take(u64())));
        break;
      case 0x54: // BINSTRING (Python 2 str: bytes, like encoding="bytes")
        stack.push(take(i32()).slice());
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(take(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()).slice());
        break;
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x74: // TUPLE
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        const l = top();
        if (!Array.isArray(l)) fail("APPEND on something that is not a list");
        (l as unknown[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const l = top();
        if (!Array.isArray(l)) fail("APPENDS on something that is not a list");
        for (const v of items) (l as unknown[]).push(v);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const d = new Map();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(new PyGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        stack.push(new PyGlobal(String(module), String(name)));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        pop();
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = top();
        if (obj instanceof PyObject) obj.state = state;
        else if (obj instanceof Map && state instanceof Map) for (const [k, v] of state) obj.set(k, v);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x70: // PUT
        memo.set(Number.parseInt(line(), 10), top());
        break;
      case 0x68: // BINGET
      case 0x6a: // LONG_BINGET
      case 0x67: {
        // GET
        const key = op === 0x68 ? u8() : op === 0x6a ? u32() : Number.parseInt(line(), 10);
        if (!memo.has(key)) fail(`memo key ${key} is missing`);
        stack.push(memo.get(key));
        break;
      }
      default:
        fail(`unsupported opcode 0x${op.toString(16).padStart(2, "0")}`);
    }
  }
}

/** Dict keys: bytes (Python 2 strings) become latin-1 strings, so `d.get("data")` works. */
function dictKey(k: unknown): unknown {
  if (k instanceof Uint8Array) return new TextDecoder("latin1").decode(k);
  return k;
}

const NUMERIC: Record<string, { name: string; size: number; make: (n: number) => NpyData; read: (v: DataView, o: number, l: boolean) => number }> = {
  b1: { name: "bool", size: 1, make: (n) => new Uint8Array(n), read: (v, o) => v.getUint8(o) },
  u1: { name: "uint8", size: 1, make: (n) => new Uint8Array(n), read: (v, o) => v.getUint8(o) },
  i1: { name: "int8", size: 1, make: (n) => new Int8Array(n), read: (v, o) => v.getInt8(o) },
  i2: { name: "int16", size: 2, make: (n) => new Int16Array(n), read: (v, o, l) => v.getInt16(o, l) },
  u2: { name: "uint16", size: 2, make: (n) => new Uint16Array(n), read: (v, o, l) => v.getUint16(o, l) },
  i4: { name: "int32", size: 4, make: (n) => new Int32Array(n), read: (v, o, l) => v.getInt32(o, l) },
  u4: { name: "uint32", size: 4, make: (n) => new Uint32Array(n), read: (v, o, l) => v.getUint32(o, l) },
  i8: { name: "int64", size: 8, make: (n) => new Float64Array(n), read: (v, o, l) => Number(v.getBigInt64(o, l)) },
  u8: { name: "uint64", size: 8, make: (n) => new Float64Array(n), read: (v, o, l) => Number(v.getBigUint64(o, l)) },
  f4: { name: "float32", size: 4, make: (n) => new Float32Array(n), read: (v, o, l) => v.getFloat32(o, l) },
  f8: { name: "float64", size: 8, make: (n) => new Float64Array(n), read: (v, o, l) => v.getFloat64(o, l) },
};

/**
 * Turns a pickled NumPy array (`numpy.core.multiarray._reconstruct` + state) into an `NpyArray`.
 * Object arrays keep their elements in `objects`.
 */
export function pickledNdarray(value: unknown, source = "<bytes>"): NpyArray {
  const bad = (what: string): never => {
    throw new ValueError(`Cannot read the pickle in ${source}: expected a NumPy array, but ${what}.`);
  };
  if (!(value instanceof PyObject) || !value.cls.name.endsWith("_reconstruct")) return bad(`found ${describe(value)}`);
  const state = value.state;
  if (!Array.isArray(state) || state.length < 5) return bad("its state is not (version, shape, dtype, fortran, data)");
  const [, shapeRaw, dtypeObj, fortran, raw] = state as [unknown, unknown, unknown, unknown, unknown];
  const shape = (Array.isArray(shapeRaw) ? shapeRaw : []).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  if (!(dtypeObj instanceof PyObject) || typeof dtypeObj.args[0] !== "string") return bad("its dtype is unreadable");
  const code = dtypeObj.args[0];
  const order = Array.isArray(dtypeObj.state) && typeof dtypeObj.state[1] === "string" ? dtypeObj.state[1] : "<";
  if (code === "O8" || code === "O4" || code === "O") {
    if (!Array.isArray(raw)) return bad("its object data is not a list");
    return { dtype: "object", shape, data: new Uint8Array(0), objects: raw as unknown[] };
  }
  const kind = NUMERIC[code];
  if (!kind) return bad(`its dtype '${code}' is not supported`);
  if (!(raw instanceof Uint8Array)) return bad("its data is not bytes");
  if (raw.length < count * kind.size) return bad(`its data holds ${raw.length} bytes, fewer than shape (${shape.join(", ")}) needs`);
  const data = kind.make(count);
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < count; i++) data[i] = kind.read(dv, i * kind.size, order !== ">");
  if (fortran === true && shape.length > 1) return bad("Fortran-ordered pickled arrays are not supported");
  return { dtype: kind.name, shape, data };
}

/** The elements of a pickled NumPy object array. */
export function ndarrayFromPickle(value: unknown, source = "<bytes>"): unknown[] {
  const arr = pickledNdarray(value, source);
  if (!arr.objects) throw new ValueError(`Cannot read the pickle in ${source}: expected an object array, found dtype ${arr.dtype}.`);
  return arr.objects;
}

function describe(v: unknown): string {
  if (v instanceof PyObject) return `an instance of ${v.cls.qualified}`;
  if (v instanceof Map) return "a dict";
  if (Array.isArray(v)) return "a list";
  return typeof v;
}
