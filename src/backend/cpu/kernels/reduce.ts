import { allocate } from "../../dtypes.js";
import type { DType, TensorData } from "../../types.js";
import { axisOffsets } from "./layout.js";

export interface ReduceAttrs {
  /** Normalized, sorted, unique axes to reduce. */
  axes: readonly number[];
  keepdims: boolean;
}

type Reducer = (x: ArrayLike<number>, base: number, offs: Int32Array) => number;

const reducers: Record<string, Reducer> = {
  sum: (x, base, offs) => {
    let s = 0;
    for (let i = 0; i < offs.length; i++) s += x[base + offs[i]!]!;
    return s;
  },
  prod: (x, base, offs) => {
    let s = 1;
    for (let i = 0; i < offs.length; i++) s *= x[base + offs[i]!]!;
    return s;
  },
  max: (x, base, offs) => {
    let m = -Infinity;
    for (let i = 0; i < offs.length; i++) {
      const v = x[base + offs[i]!]!;
      if (v > m || v !== v) m = v;
      if (m !== m) return NaN;
    }
    return m;
  },
  min: (x, base, offs) => {
    let m = Infinity;
    for (let i = 0; i < offs.length; i++) {
      const v = x[base + offs[i]!]!;
      if (v < m || v !== v) m = v;
      if (m !== m) return NaN;
    }
    return m;
  },
  any: (x, base, offs) => {
    for (let i = 0; i < offs.length; i++) if (x[base + offs[i]!] !== 0) return 1;
    return 0;
  },
  all: (x, base, offs) => {
    for (let i = 0; i < offs.length; i++) if (x[base + offs[i]!] === 0) return 0;
    return 1;
  },
  /** index (within the reduced axis) of the first maximum; NaN counts as the maximum */
  argmax: (x, base, offs) => {
    let best = 0;
    let m = -Infinity;
    for (let i = 0; i < offs.length; i++) {
      const v = x[base + offs[i]!]!;
      if (v !== v) return i;
      if (v > m) {
        m = v;
        best = i;
      }
    }
    return best;
  },
  argmin: (x, base, offs) => {
    let best = 0;
    let m = Infinity;
    for (let i = 0; i < offs.length; i++) {
      const v = x[base + offs[i]!]!;
      if (v !== v) return i;
      if (v < m) {
        m = v;
        best = i;
      }
    }
    return best;
  },
};

export const REDUCE_OPS = Object.keys(reducers);

function outDType(op: string, d: DType): DType {
  if (op === "any" || op === "all") return "bool";
  if (op === "argmax" || op === "argmin") return "int32";
  return d;
}

/** Reduces over `axes`. Sum accumulates in float64 (for float32 inputs too). */
export function reduceKernel(op: string) {
  const reducer = reducers[op]!;
  return (inputs: readonly TensorData[], attrs: ReduceAttrs): TensorData[] => {
    const x = inputs[0]!;
    const axes = attrs.axes;
    const rank = x.shape.length;
    const kept: number[] = [];
    for (let i = 0; i < rank; i++) if (!axes.includes(i)) kept.push(i);
    const outer = axisOffsets(x.shape, kept);
    const inner = axisOffsets(x.shape, axes);
    const dtype = outDType(op, x.dtype);
    const out = allocate(dtype, outer.length);
    if (inner.length === 0 && (op === "argmax" || op === "argmin")) {
      throw new Error(`${op}: cannot reduce over an empty axis.`);
    }
    for (let o = 0; o < outer.length; o++) out[o] = reducer(x.values, outer[o]!, inner);
    const shape = attrs.keepdims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept.map((i) => x.shape[i]!);
    return [{ values: out, shape, dtype }];
  };
}
