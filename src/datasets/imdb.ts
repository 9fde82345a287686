/** IMDB movie-review sentiment (Keras's `keras.datasets.imdb`). */
import { readFileSync } from "node:fs";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { intTensor, readBytes, type LoadedData } from "./common.js";
import { getFile } from "./getFile.js";
import { parseNpz } from "./npz.js";
import { NumpyRandomState } from "./numpyShuffle.js";

export interface ImdbOptions {
  /** Where the file is cached, relative to `~/.keras/datasets` (default `"imdb.npz"`); an absolute path reads that file. */
  path?: string;
  /** Keep only the `numWords` most frequent words; rarer ones become `oovChar`. Default: all. */
  numWords?: number | null;
  /** Replace the `skipTop` most frequent words by `oovChar` (default 0). */
  skipTop?: number;
  /** Drop sequences of `maxlen` words or more (default: keep all). */
  maxlen?: number | null;
  /** Seed of the shuffle (default 113; the same order as Keras's). */
  seed?: number;
  /** Marks the start of every sequence (default 1; `null` for none). */
  startChar?: number | null;
  /** Stands for dropped words (default 2; `null` removes them instead). */
  oovChar?: number | null;
  /** Word indices are shifted up by this much (default 3). */
  indexFrom?: number;
  /** Print download progress (default true). */
  verbose?: boolean;
}

const BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

function sequences(objects: unknown[] | undefined, file: string, what: string): number[][] {
  if (!objects) throw new ValueError(`${file}: ${what} should be an object array of word-index lists.`);
  return objects.map((o, i) => {
    if (!Array.isArray(o)) throw new ValueError(`${file}: ${what}[${i}] is not a list of word indices.`);
    return o.map(Number);
  });
}

/**
 * Loads the IMDB reviews: 25,000 training and 25,000 test reviews as lists of word indices
 * (ragged, so plain `number[][]`; pad them with `keras.utils.padSequences`), labels int32
 * tensors of 0/1. Same options and same order as Keras's `imdb.load_data`.
 *
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.imdb.loadData({ numWords: 10000 });
 * const x = keras.utils.padSequences(xTrain, { maxlen: 200 });
 * ```
 */
export async function loadData(options: ImdbOptions = {}): Promise<LoadedData<number[][], Tensor>> {
  const { numWords = null, skipTop = 0, maxlen = null, seed = 113, indexFrom = 3 } = options;
  const startChar = options.startChar === undefined ? 1 : options.startChar;
  const oovChar = options.oovChar === undefined ? 2 : options.oovChar;
  const file = await getFile(options.path ?? "imdb.npz", `${BASE}imdb.npz`, {
    fileHash: "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
    verbose: options.verbose,
  });
  const a = parseNpz(readBytes(file), file, ["x_train", "y_train", "x_test", "y_test"]);
  let xTrain = sequences(a.x_train!.objects, file, "x_train");
  let xTest = sequences(a.x_test!.objects, file, "x_test");
  let yTrain = Array.from(a.y_train!.data);
  let yTest = Array.from(a.y_test!.data);
  if (xTrain.length !== yTrain.length || xTest.length !== yTest.length) throw new ValueError(`${file}: the numbers of sequences and labels differ.`);

  const rng = new NumpyRandomState(seed);
  let idx = rng.permutation(xTrain.length);
  xTrain = Array.from(idx, (i) => xTrain[i]!);
  yTrain = Array.from(idx, (i) => yTrain[i]!);
  idx = rng.permutation(xTest.length);
  xTest = Array.from(idx, (i) => xTest[i]!);
  yTest = Array.from(idx, (i) => yTest[i]!);

  const shift = (x: number[][]) => x.map((s) => (startChar !== null ? [startChar, ...s.map((w) => w + indexFrom)] : s.map((w) => w + indexFrom)));
  xTrain = shift(xTrain);
  xTest = shift(xTest);
  if (maxlen) {
    const keep = (x: number[][], y: number[]) => {
      const kx: number[][] = [];
      const ky: number[] = [];
      x.forEach((s, i) => {
        if (s.length < maxlen) {
          kx.push(s);
          ky.push(y[i]!);
        }
      });
      return [kx, ky] as const;
    };
    [xTrain, yTrain] = keep(xTrain, yTrain) as [number[][], number[]];
    [xTest, yTest] = keep(xTest, yTest) as [number[][], number[]];
    if (!xTrain.length || !xTest.length) throw new ValueError(`After filtering for sequences shorter than maxlen=${maxlen}, no sequence was kept. Increase maxlen.`);
  }
  let limit = numWords;
  if (!limit) {
    limit = 0;
    for (const s of [...xTrain, ...xTest]) for (const w of s) if (w > limit) limit = w;
  }
  const top = limit;
  const filter = (x: number[][]) => x.map((s) => (oovChar !== null ? s.map((w) => (skipTop <= w && w < top ? w : oovChar)) : s.filter((w) => skipTop <= w && w < top)));
  return [
    [filter(xTrain), intTensor(yTrain, [yTrain.length])],
    [filter(xTest), intTensor(yTest, [yTest.length])],
  ];
}

/** The word → index dictionary of the IMDB data (Keras's `imdb.get_word_index`). */
export async function getWordIndex(options: { path?: string; verbose?: boolean } = {}): Promise<Record<string, number>> {
  const file = await getFile(options.path ?? "imdb_word_index.json", `${BASE}imdb_word_index.json`, { fileHash: "bfafd718b763782e994055a2d397834f", verbose: options.verbose });
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
  } catch (e) {
    throw new ValueError(`${file} is not valid JSON (${(e as Error).message}). Delete it so it is downloaded again.`);
  }
}
