import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import type { Tensor } from "../../src/index.js";

describe("keras.utils.padSequences (Keras docstring examples)", () => {
  const sequence = [[1], [2, 3], [4, 5, 6]];
  it("pads and truncates like pad_sequences", () => {
    const p = keras.utils.padSequences(sequence);
    expect(p.dtype).toBe("int32");
    expect(p.arraySync()).toEqual([[0, 0, 1], [0, 2, 3], [4, 5, 6]]);
    expect(keras.utils.padSequences(sequence, { value: -1 }).arraySync()).toEqual([[-1, -1, 1], [-1, 2, 3], [4, 5, 6]]);
    expect(keras.utils.padSequences(sequence, { padding: "post" }).arraySync()).toEqual([[1, 0, 0], [2, 3, 0], [4, 5, 6]]);
    expect(keras.utils.padSequences(sequence, { maxlen: 2 }).arraySync()).toEqual([[0, 1], [2, 3], [5, 6]]);
    expect(keras.utils.padSequences(sequence, { maxlen: 2, truncating: "post" }).arraySync()).toEqual([[0, 1], [2, 3], [4, 5]]);
  });
  it("keeps the shape of array steps, casts, and rejects bad options", () => {
    const p = keras.utils.padSequences([[[1, 2]], [[3, 4], [5, 6]]], { dtype: "float32", value: 0.5 });
    expect(p.shape).toEqual([2, 2, 2]);
    expect(p.arraySync()).toEqual([[[0.5, 0.5], [1, 2]], [[3, 4], [5, 6]]]);
    expect(keras.utils.padSequences([[], [7]]).arraySync()).toEqual([[0], [7]]);
    expect(() => keras.utils.padSequences(sequence, { padding: "middle" as never })).toThrow(/padding type "middle" not understood/);
    expect(() => keras.utils.padSequences([[1], 5] as never)).toThrow(/Found non-iterable: 5 at index 1/);
  });
});

describe("keras.utils.normalize and toCategorical", () => {
  it("normalizes to unit L2 (default) or L1 norm along an axis; zero rows stay zero", () => {
    expect(keras.utils.normalize([[3, 4], [0, 0]])).toBeAllclose([[0.6, 0.8], [0, 0]]);
    expect(keras.utils.normalize([[1, 3], [1, 1]], 0, 1)).toBeAllclose([[0.5, 0.75], [0.5, 0.25]]);
    expect(keras.utils.normalize([[1, -4]], -1, Infinity)).toBeAllclose([[0.25, -1]]);
    expect(() => keras.utils.normalize([1, 2], 3)).toThrow(/axis 3 is out of bounds for an array of rank 1/);
  });
  it("one-hot encodes labels like to_categorical", () => {
    const y = keras.utils.toCategorical([0, 2, 1]);
    expect(y.dtype).toBe("float32");
    expect(y.arraySync()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    expect(keras.utils.toCategorical([[1], [0]], 3).shape).toEqual([2, 3]);
    expect(() => keras.utils.toCategorical([3], 3)).toThrow(/label 3 is out of range for numClasses=3/);
  });
});

describe("keras.utils.splitDataset", () => {
  it("splits one array or [x, y] by fraction or count, optionally shuffled", () => {
    const x = keras.ops.reshape(keras.ops.convertToTensor(Array.from({ length: 20 }, (_, i) => i)), [10, 2]);
    const y = keras.ops.convertToTensor(Array.from({ length: 10 }, (_, i) => i * 10));
    const [left, right] = keras.utils.splitDataset([x, y], { leftSize: 0.8 }) as [Tensor[], Tensor[]];
    expect(left[0]!.shape).toEqual([8, 2]);
    expect(right[1]!.arraySync()).toEqual([80, 90]);
    const [a, b] = keras.utils.splitDataset(y, { rightSize: 3, shuffle: true, seed: 1 }) as [Tensor, Tensor];
    expect(a.shape).toEqual([7]);
    expect(b.shape).toEqual([3]);
    expect([...(a.arraySync() as number[]), ...(b.arraySync() as number[])].sort((p, q) => p - q)).toEqual(Array.from({ length: 10 }, (_, i) => i * 10));
    const [h1] = keras.utils.splitDataset(y) as [Tensor, Tensor];
    expect(h1.shape).toEqual([5]);
    expect(() => keras.utils.splitDataset([x, keras.ops.convertToTensor([1, 2])])).toThrow(/same number of samples, but received 10 and 2/);
    expect(() => keras.utils.splitDataset(y, { leftSize: 6, rightSize: 6 })).toThrow(/larger than the number of samples \(10\)/);
  });
});

describe("keras.utils.timeseriesDatasetFromArray (Keras docstring examples)", () => {
  it("example 1: sampling rate 2, stride 3 over indices 0..98", () => {
    const data = Array.from({ length: 99 }, (_, i) => i);
    const ds = keras.utils.timeseriesDatasetFromArray(data, null, 10, { samplingRate: 2, sequenceStride: 3, batchSize: 8 });
    const seqs: number[][] = [];
    for (const batch of ds) seqs.push(...((batch as Tensor).arraySync() as number[][]));
    expect(ds.length).toBe(4);
    expect(seqs[0]).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(seqs[1]).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19, 21]);
    expect(seqs[2]).toEqual([6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
    expect(seqs[seqs.length - 1]).toEqual([78, 80, 82, 84, 86, 88, 90, 92, 94, 96]);
  });
  it("example 2: windows of 10 steps and the value 10 steps later as target", () => {
    const data = Array.from({ length: 50 }, (_, i) => [i, -i]);
    const ds = keras.utils.timeseriesDatasetFromArray(data.slice(0, -10), data.slice(10), 10, { batchSize: 16 });
    const batches = [...ds] as [Tensor, Tensor][];
    expect(batches.map(([x]) => x.shape)).toEqual([[16, 10, 2], [15, 10, 2]]);
    const [x0, y0] = batches[0]!;
    expect((x0.arraySync() as number[][][])[0]).toEqual(data.slice(0, 10));
    expect((y0.arraySync() as number[][])[0]).toEqual(data[10]);
    expect((y0.arraySync() as number[][])[3]).toEqual(data[13]);
    expect(() => keras.utils.timeseriesDatasetFromArray(data, null, 0)).toThrow(/`sequenceLength` must be > 0/);
  });
});

describe("keras.utils.imageDatasetFromDirectory", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "images-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const png = (file: string, w: number, h: number, rgb: [number, number, number]) => {
    const img = new PNG({ width: w, height: h });
    for (let i = 0; i < w * h; i++) img.data.set([...rgb, 255], i * 4);
    writeFileSync(file, PNG.sync.write(img));
  };
  mkdirSync(path.join(root, "cats"));
  mkdirSync(path.join(root, "dogs"));
  png(path.join(root, "cats", "a.png"), 10, 6, [200, 10, 10]);
  png(path.join(root, "cats", "b.png"), 4, 4, [200, 10, 10]);
  png(path.join(root, "dogs", "c.png"), 8, 8, [10, 10, 200]);
  const raw = Buffer.alloc(16 * 16 * 4);
  for (let i = 0; i < 256; i++) raw.set([10, 200, 10, 255], i * 4);
  writeFileSync(path.join(root, "dogs", "d.jpg"), jpeg.encode({ data: raw, width: 16, height: 16 }, 95).data);
  writeFileSync(path.join(root, "dogs", "notes.txt"), "not an image");

  it("reads PNG and JPEG files per class folder into float32 batches with int labels", () => {
    const ds = keras.utils.imageDatasetFromDirectory(root, { imageSize: [5, 5], batchSize: 3, shuffle: false, verbose: false });
    expect(ds.classNames).toEqual(["cats", "dogs"]);
    expect(ds.length).toBe(2);
    const batches = [...ds] as [Tensor, Tensor][];
    expect(batches[0]![0].shape).toEqual([3, 5, 5, 3]);
    expect(batches[0]![0].dtype).toBe("float32");
    expect(batches[0]![1].arraySync()).toEqual([0, 0, 1]);
    expect(batches[1]![1].arraySync()).toEqual([1]);
    const first = batches[0]![0].dataSync();
    expect(Array.from(first.slice(0, 3))).toEqual([200, 10, 10]);
    const jpg = Array.from(batches[1]![0].dataSync().slice(0, 3));
    expect(jpg[1]!).toBeGreaterThan(180);
    expect(jpg[0]!).toBeLessThan(40);
  });

  it("supports grayscale, categorical labels and a seeded validation split without overlap", () => {
    const gray = keras.utils.imageDatasetFromDirectory(root, { imageSize: [2, 2], colorMode: "grayscale", labelMode: "categorical", batchSize: 4, shuffle: false, verbose: false });
    const [[img, lab]] = [...gray] as [Tensor, Tensor][];
    expect(img!.shape).toEqual([4, 2, 2, 1]);
    expect(img!.dataSync()[0]).toBeCloseTo(0.299 * 200 + 0.587 * 10 + 0.114 * 10, 3);
    expect(lab!.arraySync()).toEqual([[1, 0], [1, 0], [0, 1], [0, 1]]);
    const opts = { imageSize: [2, 2] as [number, number], validationSplit: 0.25, seed: 3, verbose: false };
    const train = keras.utils.imageDatasetFromDirectory(root, { ...opts, subset: "training" });
    const val = keras.utils.imageDatasetFromDirectory(root, { ...opts, subset: "validation" });
    expect(train.filePaths).toHaveLength(3);
    expect(val.filePaths).toHaveLength(1);
    expect(train.filePaths).not.toContain(val.filePaths[0]);
  });

  it("errors name the folder and the problem", () => {
    expect(() => keras.utils.imageDatasetFromDirectory(path.join(root, "nope"))).toThrow(/the directory .*nope does not exist/);
    expect(() => keras.utils.imageDatasetFromDirectory(root, { classNames: ["birds"], verbose: false })).toThrow(/has no such sub-folder\. Its sub-folders are: cats, dogs/);
    expect(() => keras.utils.imageDatasetFromDirectory(root, { validationSplit: 0.2, subset: "training", verbose: false })).toThrow(/give a seed/);
    const bad = path.join(root, "cats", "broken.png");
    writeFileSync(bad, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    const ds = keras.utils.imageDatasetFromDirectory(root, { imageSize: [2, 2], shuffle: false, verbose: false });
    expect(() => [...ds]).toThrow(`Cannot decode the image ${bad}`);
    rmSync(bad);
  });
});
