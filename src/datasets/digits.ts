/**
 * The UCI optical handwritten digits (8x8 images, 1,797 samples), shipped with keras-ts in
 * `data/digits.csv.gz` (CC BY 4.0; E. Alpaydin and C. Kaynak, UCI Machine Learning Repository;
 * the copy scikit-learn distributes). Works offline: nothing is downloaded.
 */
import { fileURLToPath } from "node:url";
import { ValueError } from "../util/errors.js";
import { intTensor, readMaybeGzip, takeRows, type LoadedData } from "./common.js";
import { NumpyRandomState } from "./numpyShuffle.js";

export interface DigitsOptions {
  /** Fraction of the samples kept for the test set (default 0.2). */
  testSplit?: number;
  /** Seed of the shuffle before splitting (default 113, Keras's dataset seed). */
  seed?: number;
  /** Another copy of `digits.csv(.gz)`: rows of 64 pixel values (0–16) and the label. */
  path?: string;
}

/** Where the packaged copy lives (from `src/datasets/` and `dist/datasets/` alike). */
export function digitsPath(): string {
  return fileURLToPath(new URL("../../data/digits.csv.gz", import.meta.url));
}

/**
 * Loads the digits: `[[xTrain, yTrain], [xTest, yTest]]` with `xTrain` int32 `[1437, 8, 8]`
 * (pixel values 0–16) and `yTrain` int32 `[1437]` (0–9) for the default split; shuffled with
 * NumPy's `RandomState(seed)` before splitting, so a seed gives the same split every time.
 *
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.digits.loadData();
 * ```
 */
export async function loadData(options: DigitsOptions = {}): Promise<LoadedData> {
  const testSplit = options.testSplit ?? 0.2;
  if (!(testSplit >= 0 && testSplit < 1)) throw new ValueError(`testSplit must be between 0 and 1, but received ${testSplit}.`);
  const file = options.path ?? digitsPath();
  const text = new TextDecoder().decode(readMaybeGzip(file));
  const rows = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const n = rows.length;
  const pixels = new Int32Array(n * 64);
  const labels = new Int32Array(n);
  rows.forEach((row, r) => {
    const cells = row.split(",");
    if (cells.length !== 65) throw new ValueError(`${file}, line ${r + 1}: expected 65 comma-separated values (64 pixels and the label), found ${cells.length}.`);
    for (let k = 0; k < 65; k++) {
      const v = Number(cells[k]);
      if (!Number.isInteger(v)) throw new ValueError(`${file}, line ${r + 1}: value ${k + 1} ('${cells[k]}') is not an integer.`);
      if (k < 64) pixels[r * 64 + k] = v;
      else labels[r] = v;
    }
  });
  const idx = new NumpyRandomState(options.seed ?? 113).permutation(n);
  const xs = takeRows(pixels, 64, idx);
  const ys = takeRows(labels, 1, idx);
  const nTrain = Math.floor(n * (1 - testSplit));
  return [
    [intTensor(xs.subarray(0, nTrain * 64), [nTrain, 8, 8]), intTensor(ys.subarray(0, nTrain), [nTrain])],
    [intTensor(xs.subarray(nTrain * 64), [n - nTrain, 8, 8]), intTensor(ys.subarray(nTrain), [n - nTrain])],
  ];
}
