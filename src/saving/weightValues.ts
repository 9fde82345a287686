/** Moving weight values between h5 arrays and variables, with Keras-style mismatch errors. */
import { allocate } from "../backend/dtypes.js";
import type { Layer } from "../layers/layer.js";
import { makeTensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { formatShape } from "../util/format.js";
import { FileFormatError } from "./errors.js";
import type { H5Array, H5WritableArray } from "./h5.js";

/** Assigns a value read from `file` to a variable, checking its shape (names the layer). */
export function assignFromArray(v: Variable, arr: H5Array, layer: Layer | string, index: number, file: string): void {
  const layerName = typeof layer === "string" ? layer : layer.name;
  const want = v.shape;
  const got = arr.shape;
  const sameSize = want.reduce((a, b) => a * b, 1) === got.reduce((a, b) => a * b, 1);
  const scalarLike = sameSize && (want.length === 0 || got.length === 0) && want.reduce((a, b) => a * b, 1) === 1;
  if (!scalarLike && (want.length !== got.length || want.some((d, i) => d !== got[i]))) {
    throw new FileFormatError(
      file,
      `weight shape mismatch for layer "${layerName}", weight ${index} ('${v.name}'): expected shape ${formatShape(want)}, but the file holds shape ${formatShape(got)}.`,
    );
  }
  const out = allocate(v.dtype, arr.data.length);
  if (v.dtype === "bool") for (let i = 0; i < out.length; i++) out[i] = arr.data[i] ? 1 : 0;
  else out.set(arr.data as ArrayLike<number>);
  v.assign(makeTensor(out, [...want], v.dtype));
}

/** A variable's value as an array h5 can store (int32 counters of optimizers as int64, like Keras). */
export function variableToArray(v: Variable, asInt64 = false): { data: H5WritableArray; shape: number[] } {
  const values = v.value.dataSync() as ArrayLike<number>;
  const shape = [...v.shape];
  if (asInt64) return { data: BigInt64Array.from(Array.from(values), (x) => BigInt(Math.round(x))), shape };
  if (v.dtype === "float64") return { data: Float64Array.from(values), shape };
  if (v.dtype === "int32") return { data: Int32Array.from(values), shape };
  if (v.dtype === "bool") return { data: Uint8Array.from(values), shape };
  return { data: Float32Array.from(values), shape };
}
