import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { getFile } from "../../src/datasets/getFile.js";
import { encodeNpz } from "../../src/datasets/npz.js";

const FIX = path.resolve(import.meta.dirname, "fixtures");
let home: string;
let savedHome: string | undefined;

beforeEach(() => {
  savedHome = process.env.KERAS_HOME;
  home = mkdtempSync(path.join(os.tmpdir(), "keras-home-"));
  process.env.KERAS_HOME = home;
});
afterEach(() => {
  if (savedHome === undefined) delete process.env.KERAS_HOME;
  else process.env.KERAS_HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

/** Places a fixture in $KERAS_HOME/datasets as if it had been downloaded. */
function cache(name: string, from = name, sub = "datasets"): string {
  const dir = path.join(home, sub);
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(FIX, from), path.join(dir, name));
  return path.join(dir, name);
}

describe("keras.datasets.mnist", () => {
  it("reads the cached mnist.npz (NumPy's own compressed zip64 file) with Keras's shapes, uint8 → int32", async () => {
    cache("mnist.npz", "mnist_tiny.npz");
    const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.mnist.loadData();
    expect(xTrain.shape).toEqual([3, 28, 28]);
    expect(xTrain.dtype).toBe("int32");
    expect(yTrain.arraySync()).toEqual([5, 0, 4]);
    expect(xTest.shape).toEqual([2, 28, 28]);
    expect(yTest.arraySync()).toEqual([7, 2]);
    // values printed by NumPy from the same file
    expect((xTrain.arraySync() as number[][][])[0]![0]!.slice(0, 5)).toEqual([175, 196, 25, 246, 67]);
    expect((xTest.arraySync() as number[][][])[1]![27]!.slice(-3)).toEqual([55, 25, 23]);
    expect(Array.from(xTrain.dataSync()).reduce((a, b) => a + b, 0)).toBe(295360);
  });

  it("reads a file given by absolute path, and an npz written by keras-ts", async () => {
    const file = path.join(home, "mine.npz");
    const img = new Uint8Array(2 * 28 * 28).map((_, i) => i % 256);
    writeFileSync(file, encodeNpz({ x_train: { data: img, shape: [2, 28, 28] }, y_train: { data: new Uint8Array([1, 2]), shape: [2] }, x_test: { data: img, shape: [2, 28, 28] }, y_test: { data: new Uint8Array([3, 4]), shape: [2] } }));
    const [[x, y], [, yt]] = await keras.datasets.mnist.loadData({ path: file });
    expect(x.shape).toEqual([2, 28, 28]);
    expect(x.dataSync()[300]).toBe(300 % 256);
    expect(y.arraySync()).toEqual([1, 2]);
    expect(yt.arraySync()).toEqual([3, 4]);
  });

  it("names the file and the problem when the file is not an npz or lacks an array", async () => {
    const bad = path.join(home, "bad.npz");
    writeFileSync(bad, "hello");
    await expect(keras.datasets.mnist.loadData({ path: bad })).rejects.toThrow(`${bad} is not a valid .npz file`);
    const partial = path.join(home, "partial.npz");
    writeFileSync(partial, encodeNpz({ x_train: { data: new Uint8Array(784), shape: [1, 28, 28] } }));
    await expect(keras.datasets.mnist.loadData({ path: partial })).rejects.toThrow(/partial\.npz has no array named 'y_train'\. It contains: x_train/);
    const wrong = path.join(home, "wrong.npz");
    writeFileSync(wrong, encodeNpz({ x_train: { data: new Uint8Array(4), shape: [1, 2, 2] }, y_train: { data: new Uint8Array(1), shape: [1] }, x_test: { data: new Uint8Array(4), shape: [1, 2, 2] }, y_test: { data: new Uint8Array(1), shape: [1] } }));
    await expect(keras.datasets.mnist.loadData({ path: wrong })).rejects.toThrow(/x_train has shape \(1, 2, 2\), but \(None, 28, 28\) was expected/);
  });
});

describe("getFile", () => {
  it("never downloads a cached file, and fails offline-friendly when it cannot reach the origin", async () => {
    const p = cache("thing.bin", "boston_tiny.npz");
    expect(await getFile("thing.bin", "http://127.0.0.1:9/thing.bin")).toBe(p);
    const target = path.join(home, "datasets", "missing.bin");
    const err = await getFile("missing.bin", "http://127.0.0.1:9/missing.bin", { verbose: false }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^Cannot reach http:\/\/127\.0\.0\.1:9\/missing\.bin \(.+\); download it yourself/);
    expect((err as Error).message).toContain(`place the file at ${target}`);
  });

  it("respects KERAS_HOME and extracts a cached .tar.gz archive", async () => {
    cache("cifar-10-batches-py.tar.gz");
    const dir = await getFile("cifar-10-batches-py", "http://127.0.0.1:9/x.tar.gz", { untar: true });
    expect(dir).toBe(path.join(home, "datasets", "cifar-10-batches-py"));
    expect(readFileSync(path.join(dir, "test_batch")).length).toBeGreaterThan(6000);
  });
});

describe("keras.datasets.cifar10", () => {
  it("extracts the archive and reads the pickled batches channels-last, labels (N, 1)", async () => {
    cache("cifar-10-batches-py.tar.gz");
    const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.cifar10.loadData();
    expect(xTrain.shape).toEqual([5, 32, 32, 3]);
    expect(yTrain.shape).toEqual([5, 1]);
    expect(yTrain.arraySync()).toEqual([[1], [2], [3], [4], [5]]);
    expect(xTest.shape).toEqual([2, 32, 32, 3]);
    expect(yTest.arraySync()).toEqual([[9], [0]]);
    // batch 1 holds (arange(3072) + 1) % 251 laid out (3, 32, 32): pixel (0, 0) is [1, 1025 % 251, 2049 % 251]
    expect(Array.from(xTrain.dataSync().slice(0, 3))).toEqual([1, 21, 41]);
    // test image 1 starts at (3072 + 9) % 251
    expect(xTest.dataSync()[32 * 32 * 3]).toBe(69);
  });

  it("names the batch file that is missing", async () => {
    const dir = mkdtempSync(path.join(home, "c-"));
    await expect(keras.datasets.cifar10.loadData({ path: dir })).rejects.toThrow(`No such file: ${path.join(dir, "data_batch_1")}`);
  });
});

describe("keras.datasets.imdb", () => {
  it("gives Keras's sequences and labels (shuffle with seed 113, start/oov/index_from)", async () => {
    cache("imdb.npz", "imdb_tiny.npz");
    const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.imdb.loadData();
    // printed by Keras's load_data algorithm under NumPy on the same file
    expect(xTrain).toEqual([[1, 7, 8], [1, 4, 5, 6], [1, 13], [1, 9, 10, 11, 12], [1, 14, 15]]);
    expect(yTrain.arraySync()).toEqual([1, 0, 0, 1, 1]);
    expect(xTest).toEqual([[1, 2], [1, 6, 5, 4], [1, 8, 9, 10, 11]]);
    expect(yTest.arraySync()).toEqual([0, 1, 1]);
  });

  it("applies numWords, skipTop and maxlen like Keras", async () => {
    cache("imdb.npz", "imdb_tiny.npz");
    const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.imdb.loadData({ numWords: 10, skipTop: 4, maxlen: 5 });
    expect(xTrain).toEqual([[2, 7, 8], [2, 4, 5, 6], [2, 2], [2, 2, 2]]);
    expect(yTrain.arraySync()).toEqual([1, 0, 0, 1]);
    expect(xTest).toEqual([[2, 2], [2, 6, 5, 4]]);
    expect(yTest.arraySync()).toEqual([0, 1]);
    await expect(keras.datasets.imdb.loadData({ maxlen: 1 })).rejects.toThrow(/no sequence was kept\. Increase maxlen/);
  });
});

describe("keras.datasets.bostonHousing", () => {
  it("splits 80/20 after NumPy's RandomState(113) shuffle, float32", async () => {
    cache("boston_housing.npz", "boston_tiny.npz");
    const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.bostonHousing.loadData();
    expect(xTrain.shape).toEqual([8, 13]);
    expect(xTrain.dtype).toBe("float32");
    expect(yTrain.arraySync()).toEqual([9.5, 3.5, 6.5, 1.5, 0.5, 7.5, 4.5, 8.5]);
    expect(yTest.arraySync()).toEqual([2.5, 5.5]);
    expect(xTest).toBeAllclose([...Array(2)].map((_, r) => [...Array(13)].map((__, c) => ([2, 5][r]! * 13 + c) / 10)));
  });
});

describe("keras.datasets.fashionMnist", () => {
  it("reads the four gzipped IDX files of a folder", async () => {
    const dir = path.join(home, "fm");
    mkdirSync(dir);
    const idx = (dims: number[], values: number[]) => {
      const head = Buffer.alloc(4 + 4 * dims.length);
      head.writeUInt8(8, 2);
      head.writeUInt8(dims.length, 3);
      dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
      return gzipSync(Buffer.concat([head, Buffer.from(values)]));
    };
    const img = (n: number, v: number) => new Array(n * 784).fill(v);
    writeFileSync(path.join(dir, "train-images-idx3-ubyte.gz"), idx([2, 28, 28], img(2, 7)));
    writeFileSync(path.join(dir, "train-labels-idx1-ubyte.gz"), idx([2], [9, 0]));
    writeFileSync(path.join(dir, "t10k-images-idx3-ubyte.gz"), idx([1, 28, 28], img(1, 255)));
    writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte.gz"), idx([1], [3]));
    const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.fashionMnist.loadData({ path: dir });
    expect(xTrain.shape).toEqual([2, 28, 28]);
    expect(xTrain.dataSync()[100]).toBe(7);
    expect(yTrain.arraySync()).toEqual([9, 0]);
    expect(xTest.dataSync()[0]).toBe(255);
    expect(yTest.arraySync()).toEqual([3]);
    writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte.gz"), gzipSync(Buffer.from([1, 2, 3, 4, 5])));
    await expect(keras.datasets.fashionMnist.loadData({ path: dir })).rejects.toThrow(/t10k-labels-idx1-ubyte\.gz is not an IDX file/);
  });
});

describe("keras.datasets.digits", () => {
  it("loads the packaged UCI digits offline: 1797 samples of 8x8 pixels 0..16, seeded split", async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.digits.loadData();
    expect(xTrain.shape).toEqual([1437, 8, 8]);
    expect(yTrain.shape).toEqual([1437]);
    expect(xTest.shape).toEqual([360, 8, 8]);
    expect(yTest.shape).toEqual([360]);
    const px = [...xTrain.dataSync(), ...xTest.dataSync()];
    expect(Math.min(...px)).toBe(0);
    expect(Math.max(...px)).toBe(16);
    const labels = [...yTrain.dataSync(), ...yTest.dataSync()];
    const counts = new Array(10).fill(0);
    for (const l of labels) counts[l]++;
    // the class counts of the UCI test set (scikit-learn's load_digits)
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    const again = await keras.datasets.digits.loadData({ seed: 113 });
    expect(again[0][1].arraySync()).toEqual(yTrain.arraySync());
    const other = await keras.datasets.digits.loadData({ seed: 1, testSplit: 0.5 });
    expect(other[0][0].shape).toEqual([898, 8, 8]);
  });

  it("names the line of a malformed file", async () => {
    const f = path.join(home, "d.csv");
    writeFileSync(f, `${"0,".repeat(64)}3\n1,2,3\n`);
    await expect(keras.datasets.digits.loadData({ path: f })).rejects.toThrow(`${f}, line 2: expected 65 comma-separated values`);
  });
});
