/** Shared pieces of the dataset loaders: the return type, tensors from NumPy data, file reading. */
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import type { NpyArray, NpyData } from "../saving/npyFormat.js";

/** `[[xTrain, yTrain], [xTest, yTest]]`, Keras's `(x_train, y_train), (x_test, y_test)`. */
export type LoadedData<X = Tensor, Y = Tensor> = [[X, Y], [X, Y]];

/** Integer data as an int32 tensor (keras-ts has no uint8 dtype: NumPy's uint8 becomes int32). */
export function intTensor(data: NpyData | number[], shape: readonly number[]): Tensor {
  return makeTensor(data instanceof Int32Array ? data : Int32Array.from(data as ArrayLike<number>), [...shape], "int32");
}

/** Real data as a float32 tensor. */
export function floatTensor(data: NpyData | number[], shape: readonly number[]): Tensor {
  return makeTensor(data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>), [...shape], "float32");
}

/** Checks a NumPy array's rank and trailing dims; `what` names it in the error. */
export function expectShape(a: NpyArray, rank: number, trailing: readonly number[], what: string): void {
  const tail = a.shape.slice(1);
  if (a.shape.length !== rank || trailing.some((d, i) => tail[i] !== d)) {
    const want = formatShape([null, ...trailing]);
    throw new ValueError(`${what} has shape ${formatShape(a.shape)}, but ${want} was expected. The file is not the expected dataset.`);
  }
}

/** Reads a file, with an error that names it when it is missing. */
export function readBytes(file: string): Uint8Array {
  if (!existsSync(file)) throw new ValueError(`No such file: ${file}.`);
  return readFileSync(file);
}

/** Reads a (maybe gzipped) file; the error names the file when the gzip stream is corrupt. */
export function readMaybeGzip(file: string): Uint8Array {
  const bytes = readBytes(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (e) {
      throw new ValueError(`${file} is not a valid gzip file (${(e as Error).message}). Delete it so it is downloaded again.`);
    }
  }
  return bytes;
}

/** Rows `indices` of a row-major array with `rowSize` values per row. */
export function takeRows<T extends NpyData>(data: T, rowSize: number, indices: ArrayLike<number>): T {
  const Ctor = data.constructor as new (n: number) => T;
  const out = new Ctor(indices.length * rowSize);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out.set(data.subarray(r * rowSize, (r + 1) * rowSize) as never, i * rowSize);
  }
  return out;
}
