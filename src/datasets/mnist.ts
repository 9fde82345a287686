/** MNIST handwritten digits (Keras's `keras.datasets.mnist`). */
import { getFile } from "./getFile.js";
import { expectShape, intTensor, readBytes, type LoadedData } from "./common.js";
import { parseNpz } from "./npz.js";

export interface MnistOptions {
  /** Where the file is cached, relative to `~/.keras/datasets` (default `"mnist.npz"`); an absolute path reads that file. */
  path?: string;
  /** Print download progress (default true). */
  verbose?: boolean;
}

const ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz";
const HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";

/**
 * Loads MNIST: 60,000 training and 10,000 test 28x28 grayscale digit images.
 * Returns `[[xTrain, yTrain], [xTest, yTest]]`: `xTrain` int32 `[60000, 28, 28]` (values 0–255;
 * Keras gives uint8, keras-ts has no uint8 dtype), `yTrain` int32 `[60000]` (0–9).
 * Downloaded once from Keras's URL into `~/.keras/datasets/mnist.npz`.
 *
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.mnist.loadData();
 * ```
 */
export async function loadData(options: MnistOptions = {}): Promise<LoadedData> {
  const file = await getFile(options.path ?? "mnist.npz", ORIGIN, { fileHash: HASH, verbose: options.verbose });
  const a = parseNpz(readBytes(file), file, ["x_train", "y_train", "x_test", "y_test"]);
  expectShape(a.x_train!, 3, [28, 28], `${file}: x_train`);
  expectShape(a.x_test!, 3, [28, 28], `${file}: x_test`);
  return [
    [intTensor(a.x_train!.data, a.x_train!.shape), intTensor(a.y_train!.data, a.y_train!.shape)],
    [intTensor(a.x_test!.data, a.x_test!.shape), intTensor(a.y_test!.data, a.y_test!.shape)],
  ];
}
