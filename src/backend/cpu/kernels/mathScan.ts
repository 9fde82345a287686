import { allocate } from "../../dtypes.js";
import type { TensorData } from "../../types.js";

/** Attributes of the scan kernels: the (normalized) axis, and whether to scan from the end. */
export interface ScanAttrs {
  axis: number;
  reverse?: boolean;
}

/** Splits `shape` around `axis` into [outer, length, inner] (row-major). */
export function splitAxis(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}

function scanKernel(identity: number, combine: (acc: number, v: number) => number) {
  return (inputs: readonly TensorData[], attrs: ScanAttrs): TensorData[] => {
    const x = inputs[0]!;
    const [outer, n, inner] = splitAxis(x.shape, attrs.axis);
    const out = allocate(x.dtype, x.values.length);
    const xv = x.values;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let acc = identity;
        for (let k = 0; k < n; k++) {
          const j = attrs.reverse ? n - 1 - k : k;
          acc = combine(acc, xv[base + j * inner]!);
          out[base + j * inner] = acc;
        }
      }
    }
    return [{ values: out, shape: x.shape, dtype: x.dtype }];
  };
}

/** Running sum along `axis` (accumulated in float64). */
export const cumsumKernel = scanKernel(0, (a, v) => a + v);
/** Running product along `axis`. */
export const cumprodKernel = scanKernel(1, (a, v) => a * v);
