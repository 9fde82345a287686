/** Fashion-MNIST (Keras's `keras.datasets.fashion_mnist`): 28x28 grayscale images of 10 kinds of clothing. */
import path from "node:path";
import { ValueError } from "../util/errors.js";
import { intTensor, readMaybeGzip, type LoadedData } from "./common.js";
import { getFile } from "./getFile.js";

export interface FashionMnistOptions {
  /** A folder holding the four `*-idx?-ubyte.gz` files (default: `~/.keras/datasets/fashion-mnist`, downloaded if missing). */
  path?: string;
  /** Print download progress (default true). */
  verbose?: boolean;
}

const BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";
const FILES = ["train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"] as const;

/** Parses an IDX file (the MNIST file format): magic `0x0000 08 rank`, big-endian dims, uint8 data. */
export function parseIdx(bytes: Uint8Array, source: string): { shape: number[]; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || view.getUint16(0) !== 0 || bytes[2] !== 0x08) {
    throw new ValueError(`${source} is not an IDX file of unsigned bytes (its magic number is wrong).`);
  }
  const rank = bytes[3]!;
  if (bytes.length < 4 + 4 * rank) throw new ValueError(`${source} is truncated: its header is incomplete.`);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i));
  const start = 4 + 4 * rank;
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - start < count) throw new ValueError(`${source} is truncated: it should hold ${count} values after the header, but holds ${bytes.length - start}.`);
  return { shape, data: bytes.subarray(start, start + count) };
}

/**
 * Loads Fashion-MNIST: 60,000 training and 10,000 test images. Returns
 * `[[xTrain, yTrain], [xTest, yTest]]` with `xTrain` int32 `[60000, 28, 28]` (0–255) and
 * `yTrain` int32 `[60000]` (0–9: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt,
 * Sneaker, Bag, Ankle boot).
 */
export async function loadData(options: FashionMnistOptions = {}): Promise<LoadedData> {
  const paths: string[] = [];
  for (const f of FILES) {
    if (options.path) paths.push(path.resolve(options.path, f));
    else paths.push(await getFile(f, BASE + f, { cacheSubdir: path.join("datasets", "fashion-mnist"), verbose: options.verbose }));
  }
  const [yTrain, xTrain, yTest, xTest] = paths.map((p) => parseIdx(readMaybeGzip(p), p)) as [ReturnType<typeof parseIdx>, ReturnType<typeof parseIdx>, ReturnType<typeof parseIdx>, ReturnType<typeof parseIdx>];
  for (const [x, y, p] of [[xTrain, yTrain, paths[1]], [xTest, yTest, paths[3]]] as const) {
    if (x.shape.length !== 3 || x.shape[0] !== y.shape[0]) throw new ValueError(`${p} holds ${x.shape.join("x")} images, which does not match its ${y.shape[0]} labels.`);
  }
  return [
    [intTensor(xTrain.data, xTrain.shape), intTensor(yTrain.data, yTrain.shape)],
    [intTensor(xTest.data, xTest.shape), intTensor(yTest.data, yTest.shape)],
  ];
}
