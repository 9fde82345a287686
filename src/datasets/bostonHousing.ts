/** Boston housing prices (Keras's `keras.datasets.boston_housing`). */
import { ValueError } from "../util/errors.js";
import { floatTensor, readBytes, takeRows, type LoadedData } from "./common.js";
import { getFile } from "./getFile.js";
import { parseNpz } from "./npz.js";
import { NumpyRandomState } from "./numpyShuffle.js";

export interface BostonHousingOptions {
  /** Where the file is cached, relative to `~/.keras/datasets` (default `"boston_housing.npz"`); an absolute path reads that file. */
  path?: string;
  /** Fraction of the data kept for the test set (default 0.2). */
  testSplit?: number;
  /** Seed of the shuffle before splitting (default 113; the same order as Keras's). */
  seed?: number;
  /** Print download progress (default true). */
  verbose?: boolean;
}

const ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz";
const HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5";

/**
 * Loads the Boston housing regression data: 13 features per house, the median value in k$ as
 * target. Returns `[[xTrain, yTrain], [xTest, yTest]]`: `xTrain` float32 `[404, 13]`, `yTrain`
 * float32 `[404]` with the default split (Keras gives float64; keras-ts models compute in float32).
 * The rows are shuffled with NumPy's `RandomState(seed)`, so the split is Keras's.
 */
export async function loadData(options: BostonHousingOptions = {}): Promise<LoadedData> {
  const testSplit = options.testSplit ?? 0.2;
  if (!(testSplit >= 0 && testSplit < 1)) throw new ValueError(`testSplit must be between 0 and 1, but received ${testSplit}.`);
  const file = await getFile(options.path ?? "boston_housing.npz", ORIGIN, { fileHash: HASH, verbose: options.verbose });
  const { x, y } = parseNpz(readBytes(file), file, ["x", "y"]) as Record<"x" | "y", NonNullable<ReturnType<typeof parseNpz>[string]>>;
  const n = x.shape[0] ?? 0;
  if (x.shape.length !== 2 || y.shape[0] !== n) throw new ValueError(`${file}: x has shape (${x.shape.join(", ")}) and y (${y.shape.join(", ")}); expected (N, features) and (N,).`);
  const features = x.shape[1]!;
  const idx = new NumpyRandomState(options.seed ?? 113).permutation(n);
  const xs = takeRows(x.data, features, idx);
  const ys = takeRows(y.data, 1, idx);
  const nTrain = Math.floor(n * (1 - testSplit));
  return [
    [floatTensor(xs.subarray(0, nTrain * features), [nTrain, features]), floatTensor(ys.subarray(0, nTrain), [nTrain])],
    [floatTensor(xs.subarray(nTrain * features), [n - nTrain, features]), floatTensor(ys.subarray(nTrain), [n - nTrain])],
  ];
}
