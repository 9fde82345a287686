/** keras.utils.imageDatasetFromDirectory (Keras's `image_dataset_from_directory`). */
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { NumpyRandomState } from "../datasets/numpyShuffle.js";
import { makeTensor, type Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { checkOptions } from "../util/options.js";

export interface ImageDatasetOptions {
  /** "inferred" (default: one sub-folder per class), `null` (no labels), or a label per file in sorted path order. */
  labels?: "inferred" | null | number[];
  /** "int" (default, int32), "categorical" (one-hot float32), "binary" (float32 0/1, two classes), or null. */
  labelMode?: "int" | "categorical" | "binary" | null;
  /** The sub-folders to use, in label order (default: all, sorted). */
  classNames?: string[];
  /** "rgb" (default, 3 channels), "grayscale" (1) or "rgba" (4). */
  colorMode?: "rgb" | "grayscale" | "rgba";
  /** Images per batch (default 32; `null` yields single images). */
  batchSize?: number | null;
  /** [height, width] every image is resized to (default [256, 256]), bilinearly. */
  imageSize?: [number, number];
  /** Shuffle the files (default true); reshuffled at every pass. */
  shuffle?: boolean;
  /** Seed of the shuffle (needed with validationSplit, so both subsets agree). */
  seed?: number;
  /** Fraction of the files held out for validation. */
  validationSplit?: number;
  /** "training" or "validation" (with validationSplit). */
  subset?: "training" | "validation";
  /** Follow symbolic links to folders (default false). */
  followLinks?: boolean;
  /** Print "Found N files belonging to K classes." (default true). */
  verbose?: boolean;
}

/** Batches of `[images, labels]` (or `images` when labelMode is null), iterable any number of times. */
export class ImageDataset implements Iterable<[Tensor, Tensor] | Tensor> {
  private pass = 0;
  constructor(
    /** The class names, in label order. */
    readonly classNames: string[],
    /** The image files, in the order before shuffling. */
    readonly filePaths: string[],
    private readonly labelsOf: number[] | null,
    private readonly o: Required<Pick<ImageDatasetOptions, "labelMode" | "colorMode" | "imageSize" | "shuffle">> & { batchSize: number | null; seed: number },
  ) {}

  /** The number of batches. */
  get length(): number {
    return this.o.batchSize === null ? this.filePaths.length : Math.ceil(this.filePaths.length / this.o.batchSize);
  }

  *[Symbol.iterator](): Iterator<[Tensor, Tensor] | Tensor> {
    const n = this.filePaths.length;
    const order = this.o.shuffle ? new NumpyRandomState((this.o.seed + this.pass++) >>> 0).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    const b = this.o.batchSize ?? 1;
    const [h, w] = this.o.imageSize;
    const c = this.o.colorMode === "grayscale" ? 1 : this.o.colorMode === "rgba" ? 4 : 3;
    for (let s = 0; s < n; s += b) {
      const idx = order.subarray(s, s + b);
      const pixels = new Float32Array(idx.length * h * w * c);
      idx.forEach((k, i) => pixels.set(loadImage(this.filePaths[k]!, h, w, c), i * h * w * c));
      const images = makeTensor(pixels, this.o.batchSize === null ? [h, w, c] : [idx.length, h, w, c], "float32");
      if (!this.labelsOf || this.o.labelMode === null) {
        yield images;
        continue;
      }
      const labels = Array.from(idx, (k) => this.labelsOf![k]!);
      const lead = this.o.batchSize === null ? [] : [idx.length];
      let y: Tensor;
      if (this.o.labelMode === "int") y = makeTensor(Int32Array.from(labels), lead, "int32");
      else if (this.o.labelMode === "binary") y = makeTensor(Float32Array.from(labels), [...lead, 1], "float32");
      else {
        const k = this.classNames.length;
        const oh = new Float32Array(labels.length * k);
        labels.forEach((l, i) => (oh[i * k + l] = 1));
        y = makeTensor(oh, [...lead, k], "float32");
      }
      yield [images, y];
    }
  }
}

interface Decoded {
  width: number;
  height: number;
  data: Uint8Array; // RGBA
}

let decoders: { png: (b: Buffer) => Decoded; jpeg: (b: Buffer) => Decoded } | null = null;

function getDecoders() {
  if (decoders) return decoders;
  const require = createRequire(import.meta.url);
  const pngjs = require("pngjs") as { PNG: { sync: { read(b: Buffer): Decoded } } };
  const jpegjs = require("jpeg-js") as { decode(b: Buffer, o: { useTArray: true; formatAsRGBA: true }): Decoded };
  decoders = { png: (b) => pngjs.PNG.sync.read(b), jpeg: (b) => jpegjs.decode(b, { useTArray: true, formatAsRGBA: true }) };
  return decoders;
}

/** Decodes a PNG or JPEG file (by its magic bytes) to RGBA. */
export function decodeImage(file: string): Decoded {
  const bytes = readFileSync(file);
  const d = getDecoders();
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return d.png(bytes);
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return d.jpeg(bytes);
  } catch (e) {
    throw new ValueError(`Cannot decode the image ${file}: ${(e as Error).message}.`);
  }
  throw new ValueError(`Cannot decode the image ${file}: it is neither a PNG nor a JPEG file (unknown magic bytes).`);
}

/** Decodes, converts to `c` channels and resizes bilinearly (half-pixel centres, like tf.image.resize). */
function loadImage(file: string, h: number, w: number, c: number): Float32Array {
  const img = decodeImage(file);
  const out = new Float32Array(h * w * c);
  const sy = img.height / h;
  const sx = img.width / w;
  const px = (x: number, y: number, ch: number) => {
    const o = (y * img.width + x) * 4;
    if (c === 1) return 0.299 * img.data[o]! + 0.587 * img.data[o + 1]! + 0.114 * img.data[o + 2]!;
    return img.data[o + ch]!;
  };
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const dy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const dx = fx - x0;
      for (let ch = 0; ch < c; ch++) {
        const top = px(x0, y0, ch) * (1 - dx) + px(x1, y0, ch) * dx;
        const bottom = px(x0, y1, ch) * (1 - dx) + px(x1, y1, ch) * dx;
        out[(y * w + x) * c + ch] = top * (1 - dy) + bottom * dy;
      }
    }
  }
  return out;
}

const IMAGE_EXT = new Set([".png", ".jpg", ".jpeg"]);

function listImages(dir: string, followLinks: boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      if (followLinks || !lstatSync(full).isSymbolicLink()) out.push(...listImages(full, followLinks));
    } else if (IMAGE_EXT.has(path.extname(name).toLowerCase())) out.push(full);
  }
  return out;
}

/**
 * Image batches from a folder with one sub-folder per class (Keras's
 * `keras.utils.image_dataset_from_directory`): PNG and JPEG files, decoded when a batch is read,
 * resized to `imageSize`, as float32 `[batch, height, width, channels]` with values 0–255, and
 * labels by sub-folder (alphabetical order, see `classNames`).
 *
 * ```ts
 * const train = keras.utils.imageDatasetFromDirectory("photos/", { imageSize: [64, 64], validationSplit: 0.2, subset: "training", seed: 1 });
 * train.classNames; // ["cats", "dogs"]
 * for (const [images, labels] of train) { ... }
 * ```
 */
export function imageDatasetFromDirectory(directory: string, options: ImageDatasetOptions = {}): ImageDataset {
  checkOptions("imageDatasetFromDirectory", options, ["labels", "labelMode", "classNames", "colorMode", "batchSize", "imageSize", "shuffle", "seed", "validationSplit", "subset", "followLinks", "verbose"]);
  const labelsArg = options.labels === undefined ? "inferred" : options.labels;
  let labelMode = options.labelMode === undefined ? "int" : options.labelMode;
  const colorMode = options.colorMode ?? "rgb";
  const imageSize = options.imageSize ?? [256, 256];
  const batchSize = options.batchSize === undefined ? 32 : options.batchSize;
  const shuffle = options.shuffle ?? true;
  const what = "imageDatasetFromDirectory";
  const st = statSync(directory, { throwIfNoEntry: false });
  if (!st || !st.isDirectory()) throw new ValueError(`${what}: the directory ${directory} does not exist or is not a folder.`);
  if (!["rgb", "grayscale", "rgba"].includes(colorMode)) throw new ValueError(`${what}: colorMode must be "rgb", "rgba" or "grayscale", but received "${colorMode}".`);
  if (labelMode !== null && !["int", "categorical", "binary"].includes(labelMode)) throw new ValueError(`${what}: labelMode must be "int", "categorical", "binary" or null, but received "${String(labelMode)}".`);
  if (!Array.isArray(imageSize) || imageSize.length !== 2 || imageSize.some((d) => !Number.isInteger(d) || d < 1)) throw new ValueError(`${what}: imageSize must be [height, width] of positive integers, but received ${JSON.stringify(imageSize)}.`);
  if (labelsArg === null) labelMode = null;
  const followLinks = options.followLinks ?? false;
  let classNames: string[] = [];
  let files: string[] = [];
  let labels: number[] | null = null;
  if (labelsArg === "inferred") {
    const subdirs = readdirSync(directory)
      .filter((d) => statSync(path.join(directory, d)).isDirectory())
      .sort();
    if (options.classNames) {
      for (const c of options.classNames) if (!subdirs.includes(c)) throw new ValueError(`${what}: classNames contains '${c}', but ${directory} has no such sub-folder. Its sub-folders are: ${subdirs.join(", ") || "none"}.`);
      classNames = [...options.classNames];
    } else classNames = subdirs;
    labels = [];
    classNames.forEach((c, k) => {
      for (const f of listImages(path.join(directory, c), followLinks)) {
        files.push(f);
        labels!.push(k);
      }
    });
  } else {
    files = listImages(directory, followLinks);
    if (Array.isArray(labelsArg)) {
      if (labelsArg.length !== files.length) throw new ValueError(`${what}: expected as many labels as image files in ${directory}, but received ${labelsArg.length} labels for ${files.length} files.`);
      labels = labelsArg.map(Number);
      classNames = [...new Set(labels)].sort((a, b) => a - b).map(String);
    }
  }
  if (labelMode === "binary" && classNames.length !== 2) throw new ValueError(`${what}: labelMode "binary" needs exactly 2 classes, but ${classNames.length} were found (${classNames.join(", ")}).`);
  if (files.length === 0) throw new ValueError(`${what}: no images found in ${directory}. Expected PNG or JPEG files${labelsArg === "inferred" ? " in one sub-folder per class" : ""}.`);
  const seed = options.seed ?? Math.floor(Math.random() * 1e6);
  const found = files.length;
  // Keras shuffles paths and labels with the same seed before splitting, so subsets never overlap.
  if (options.validationSplit) {
    const vs = options.validationSplit;
    if (!(vs > 0 && vs < 1)) throw new ValueError(`${what}: validationSplit must be between 0 and 1, but received ${vs}.`);
    if (options.subset !== "training" && options.subset !== "validation") throw new ValueError(`${what}: with validationSplit, subset must be "training" or "validation", but received ${String(options.subset)}.`);
    if (shuffle && options.seed === undefined) throw new ValueError(`${what}: when using validationSplit and shuffle, give a seed so the training and validation subsets do not overlap.`);
    const perm = new NumpyRandomState(seed >>> 0).permutation(files.length);
    files = Array.from(perm, (i) => files[i]!);
    if (labels) labels = Array.from(perm, (i) => labels![i]!);
    const numVal = Math.floor(vs * files.length);
    const cut = (a: string[] | number[]) => (options.subset === "training" ? a.slice(0, a.length - numVal) : a.slice(a.length - numVal));
    files = cut(files) as string[];
    if (labels) labels = cut(labels) as number[];
  } else if (options.subset) throw new ValueError(`${what}: subset="${options.subset}" needs a validationSplit.`);
  if (options.verbose ?? true) {
    console.log(`Found ${found} files${labels ? ` belonging to ${classNames.length} classes` : ""}.`);
    if (options.subset) console.log(`Using ${files.length} files for ${options.subset}.`);
  }
  return new ImageDataset(classNames, files, labels, { labelMode, colorMode, imageSize, shuffle, batchSize, seed });
}
