import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { FileFormatError, loadModel, loadModelWithInfo } from "../../src/saving/index.js";
import { fixtureBytes, fixturePath, SHARED_MISSING } from "./fixtures.js";

/** Deterministic inputs: values in [0, 1), or integer ids in [0, vocab). */
function inputs(shape: number[], vocab?: number): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  let s = 12345;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const u = s / 2 ** 31;
    return vocab ? Math.floor(u * vocab) : u;
  });
}

interface Case {
  file: string;
  /** The input batch shape fed to predict. */
  input: number[];
  /** Integer ids for embedding inputs. */
  vocab?: number;
  output: number[];
  format: "keras" | "keras-tf2.13" | "h5";
  className: string;
}

// Every fixture that must load and predict (data-driven: one row per file).
const CASES: Case[] = [
  { file: "diabetes_mlp_k3.1.keras", input: [2, 10], output: [2, 1], format: "keras", className: "Sequential" },
  { file: "sales_lstm_dropout_k3.3.keras", input: [2, 12, 24], output: [2, 2], format: "keras", className: "Sequential" },
  { file: "emg_gru_k3.9.keras", input: [2, 4, 1], output: [2, 3], format: "keras", className: "Sequential" },
  { file: "emg_reshape_lstm_named_k3.9.keras", input: [2, 12], output: [2, 4], format: "keras", className: "Sequential" },
  { file: "mnist_cnn_k3.10.keras", input: [2, 28, 28, 1], output: [2, 10], format: "keras", className: "Sequential" },
  { file: "chd_functional_bn_dropout_k3.10.keras", input: [2, 11], output: [2, 1], format: "keras", className: "Functional" },
  { file: "chd_sequential_bn_dropout_k3.10.keras", input: [2, 11], output: [2, 1], format: "keras", className: "Sequential" },
  { file: "spam_embedding_simplernn_k3.15.keras", input: [2, 50], vocab: 5000, output: [2, 1], format: "keras", className: "Sequential" },
  { file: "churn_functional_concat_tfkeras2.13_zip.keras", input: [2, 30], output: [2, 1], format: "keras-tf2.13", className: "Functional" },
  { file: "cnn_bn_k2.1.h5", input: [2, 10, 10, 3], output: [2, 1], format: "h5", className: "Sequential" },
  { file: "lstm_k2.0.h5", input: [25, 1, 1], output: [25, 1], format: "h5", className: "Sequential" },
  { file: "simplernn_k2.1.h5", input: [25, 1, 1], output: [25, 1], format: "h5", className: "Sequential" },
  { file: "embedding_lstm_k2.1.h5", input: [2, 10], vocab: 4, output: [2, 10, 6], format: "h5", className: "Sequential" },
  { file: "conv1d_bn_functional_tfkeras2.2.4.h5", input: [2, 25, 25], output: [2, 24, 10], format: "h5", className: "Functional" },
  { file: "cifar10_resnet8_k2.4.h5", input: [2, 32, 32, 3], output: [2, 10], format: "h5", className: "Functional" },
  { file: "conv1d_gru_k2.11_hdf5_named.keras", input: [2, 32, 3], output: [2, 16], format: "h5", className: "Sequential" },
  { file: "mnist_cnn_k3.10_legacy.h5", input: [2, 28, 28, 1], output: [2, 10], format: "h5", className: "Sequential" },
];

// Fixtures that must fail with the named-class error.
const NEGATIVE: { file: string; className: string }[] = [
  { file: "qkeras_custom_layers_k3.14.keras", className: "QDense" },
  { file: "cifar10_subclassed_k3.10.keras", className: "CIFAR10Model" },
];

describe("every Keras fixture loads and predicts", () => {
  for (const c of CASES) {
    it.skipIf(!fixturePath(c.file))(`${c.file}${fixturePath(c.file) ? "" : ` (skipped: ${SHARED_MISSING})`}`, async () => {
      const info = await loadModelWithInfo(fixtureBytes(c.file));
      expect(info.format).toBe(c.format);
      const model = info.model;
      expect(model.getConfig()).toBeTypeOf("object");
      expect(model.className === c.className || (c.className === "Functional" && model instanceof keras.models.Functional)).toBe(true);
      const x = keras.ops.reshape(keras.ops.convertToTensor(inputs(c.input, c.vocab)), c.input);
      const y = model.predict(x, { batchSize: c.input[0] });
      expect(y.shape).toEqual(c.output);
      for (const v of y.dataSync() as Float32Array) expect(Number.isFinite(v)).toBe(true);
    });
  }
});

describe("fixtures that cannot be rebuilt fail with the named-class error", () => {
  for (const c of NEGATIVE) {
    it.skipIf(!fixturePath(c.file))(`${c.file}${fixturePath(c.file) ? "" : ` (skipped: ${SHARED_MISSING})`}`, async () => {
      const err = await loadModel(fixtureBytes(c.file)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(keras.ValueError);
      expect((err as Error).message).toContain(`'${c.className}'`);
      expect((err as Error).message).toMatch(/registerKerasSerializable/);
      expect((err as Error).message).toMatch(/customObjects/);
      expect(err).not.toBeInstanceOf(FileFormatError);
    });
  }
});
