/** CIFAR-10 (Keras's `keras.datasets.cifar10`): 32x32 colour images in 10 classes. */
import path from "node:path";
import { ValueError } from "../util/errors.js";
import { intTensor, readBytes, type LoadedData } from "./common.js";
import { getFile } from "./getFile.js";
import { pickledNdarray, unpickle } from "../saving/pickle.js";

export interface Cifar10Options {
  /** The extracted `cifar-10-batches-py` folder (default: in `~/.keras/datasets`, downloaded and extracted if missing). */
  path?: string;
  /** Print download progress (default true). */
  verbose?: boolean;
}

const ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz";
const HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce";

/** Reads one CIFAR batch file (a pickled dict with `data` (N, 3072) uint8 and `labels`), channels first. */
export function loadBatch(file: string): { data: Uint8Array; labels: number[]; count: number } {
  const d = unpickle(readBytes(file), file);
  if (!(d instanceof Map)) throw new ValueError(`${file} is not a CIFAR batch: it does not hold a dict.`);
  const arr = pickledNdarray(d.get("data"), `${file}['data']`);
  const labels = d.get("labels") ?? d.get("fine_labels");
  if (!Array.isArray(labels)) throw new ValueError(`${file} is not a CIFAR batch: it has no 'labels' list.`);
  const count = arr.shape[0] ?? 0;
  if (arr.shape.length !== 2 || arr.shape[1] !== 3072 || labels.length !== count) {
    throw new ValueError(`${file} is not a CIFAR batch: 'data' has shape (${arr.shape.join(", ")}) and there are ${labels.length} labels; expected (N, 3072) and N labels.`);
  }
  return { data: Uint8Array.from(arr.data), labels: labels.map(Number), count };
}

/** (N, 3, 32, 32) → (N, 32, 32, 3), Keras's channels_last layout. */
function channelsLast(src: Uint8Array, n: number): Int32Array {
  const out = new Int32Array(src.length);
  const plane = 32 * 32;
  for (let i = 0; i < n; i++) {
    const base = i * 3 * plane;
    for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) out[base + p * 3 + c] = src[base + c * plane + p]!;
  }
  return out;
}

/**
 * Loads CIFAR-10: 50,000 training and 10,000 test images. Returns `[[xTrain, yTrain], [xTest, yTest]]`
 * with `xTrain` int32 `[50000, 32, 32, 3]` (0–255, channels last) and `yTrain` int32 `[50000, 1]`
 * (0–9: airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck).
 */
export async function loadData(options: Cifar10Options = {}): Promise<LoadedData> {
  const dir = options.path ? path.resolve(options.path) : await getFile("cifar-10-batches-py", ORIGIN, { untar: true, fileHash: HASH, verbose: options.verbose });
  const train = [1, 2, 3, 4, 5].map((i) => loadBatch(path.join(dir, `data_batch_${i}`)));
  const test = loadBatch(path.join(dir, "test_batch"));
  const nTrain = train.reduce((a, b) => a + b.count, 0);
  const xTrain = new Uint8Array(nTrain * 3072);
  const yTrain: number[] = [];
  let off = 0;
  for (const b of train) {
    xTrain.set(b.data, off);
    off += b.data.length;
    yTrain.push(...b.labels);
  }
  return [
    [intTensor(channelsLast(xTrain, nTrain), [nTrain, 32, 32, 3]), intTensor(yTrain, [nTrain, 1])],
    [intTensor(channelsLast(test.data, test.count), [test.count, 32, 32, 3]), intTensor(test.labels, [test.count, 1])],
  ];
}
