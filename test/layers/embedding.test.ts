import { beforeEach, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { valueAndGrad } from "../../src/autodiff/grad.js";
import { getMask } from "../../src/layers/masking.js";
import { Embedding, LSTM, Masking } from "../../src/layers/recurrentIndex.js";
import { camelKey, mapKeys } from "../../src/serialization/keys.js";
import { convertToTensor } from "../../src/tensor/convert.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { resetNameCounters } from "../../src/util/names.js";

const { ops } = keras;

beforeEach(() => resetNameCounters());

const TABLE = [
  [0.1, 0.2, 0.3],
  [1.0, 1.1, 1.2],
  [2.0, 2.1, 2.2],
  [3.0, 3.1, 3.2],
  [4.0, 4.1, 4.2],
];

describe("Embedding", () => {
  it("looks up rows of the (inputDim, outputDim) embeddings weight", () => {
    const emb = new Embedding(5, 3);
    emb.build([null, 2]);
    expect(emb.weights.map((w) => [w.name, w.shape])).toEqual([["embeddings", [5, 3]]]);
    emb.setWeights([TABLE]);
    const idx = [
      [4, 0],
      [2, 2],
    ];
    const expected = idx.map((r) => r.map((i) => TABLE[i]));
    expect(emb.apply(idx)).toBeAllclose(expected);
    expect(emb.apply(convertToTensor(new Int32Array([4, 0, 2, 2]))).shape).toEqual([4, 3]);
    expect(emb.apply(ops.reshape(convertToTensor(new Int32Array([4, 0, 2, 2])), [2, 2]))).toBeAllclose(expected);
    // float indices are cast to int32, like Keras
    expect(emb.apply(convertToTensor([[3, 1]], "float32"))).toBeAllclose([[TABLE[3], TABLE[1]]]);
  });

  it("defaults to uniform(-0.05, 0.05) and accepts the options of Keras 2 configs", () => {
    const emb = new Embedding(50, 4);
    emb.build([null, 3]);
    const v = Array.from(emb.weights[0]!.value.values, Number);
    expect(v.every((x) => x >= -0.05 && x <= 0.05)).toBe(true);
    expect(new Set(v).size).toBeGreaterThan(100);
    expect((emb.getConfig().embeddings_initializer as { class_name: string }).class_name).toBe("RandomUniform");
    const legacy = new Embedding({ inputDim: 10, outputDim: 2, inputLength: 7, batchInputShape: [null, 7], name: "e" } as never);
    expect(legacy.apply(keras.Input([7])).shape).toEqual([null, 7, 2]);
    expect(() => new Embedding(0, 3)).toThrow(/input_dim.*positive integer/);
    expect(() => new Embedding(3, 3, { mask_zero: true } as never)).toThrow(/mask_zero.*maskZero/);
  });

  it("with maskZero emits inputs != 0 as the mask, and LSTM skips those steps", () => {
    const emb = new Embedding(5, 3, { maskZero: true });
    const idx = [
      [1, 2, 0, 0],
      [3, 0, 4, 0],
    ];
    const y = emb.apply(idx);
    expect(getMask(y)).toBeAllclose([
      [true, true, false, false],
      [true, false, true, false],
    ]);
    expect(new Embedding(5, 3).apply(idx) && getMask(new Embedding(5, 3).apply(idx))).toBeNull();
    // Embedding → LSTM equals LSTM on the looked-up vectors with the explicit mask
    const lstm = new LSTM(2, { returnSequences: true });
    const model = new keras.Sequential([new Embedding(5, 3, { maskZero: true, inputShape: [4], name: "emb" }), lstm]);
    (model.getLayer("emb") as Embedding).setWeights([TABLE]);
    const expected = lstm.apply(
      convertToTensor(idx.map((r) => r.map((i) => TABLE[i]!))),
      { mask: convertToTensor(idx.map((r) => r.map((i) => i !== 0)), "bool") },
    );
    expect(model.predict(idx)).toBeAllclose(expected, { atol: 1e-6 });
  });

  it("config round trip, symbolic shape and the gradient (rows scatter-added)", () => {
    const emb = new Embedding(5, 3, { maskZero: true, embeddingsInitializer: "ones" });
    const copy = new Embedding(mapKeys(JSON.parse(JSON.stringify(emb.getConfig())), camelKey) as never);
    expect(copy.getConfig()).toEqual(emb.getConfig());
    expect(emb.apply(keras.Input([4])).shape).toEqual([null, 4, 3]);
    expect(emb.apply(keras.Input([2, 4])).shape).toEqual([null, 2, 4, 3]);
    const idx = convertToTensor(new Int32Array([1, 3, 1, 0]));
    const w = convertToTensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]);
    const g = valueAndGrad(() => ops.sum(ops.multiply(emb.apply(idx) as Tensor, w)))(emb.trainableWeights)[1] as Tensor[];
    expect(g[0]).toBeAllclose([
      [10, 11, 12],
      [8, 10, 12],
      [0, 0, 0],
      [4, 5, 6],
      [0, 0, 0],
    ]);
  });
});

describe("Masking", () => {
  it("zeroes timesteps whose features all equal maskValue and emits the mask", () => {
    const x = [
      [
        [1, 2],
        [-1, -1],
        [0, -1],
      ],
    ];
    const m = new Masking(-1);
    const y = m.apply(x);
    expect(y).toBeAllclose([
      [
        [1, 2],
        [0, 0],
        [0, -1],
      ],
    ]);
    expect(getMask(y)).toBeAllclose([[true, false, true]]);
    expect(m.getConfig().mask_value).toBe(-1);
    expect(new Masking().maskValue).toBe(0);
    expect(new Masking({ maskValue: 2 }).maskValue).toBe(2);
    const sym = m.apply(keras.Input([3, 2]));
    expect(sym.shape).toEqual([null, 3, 2]);
    expect(getMask(sym)?.shape).toEqual([null, 3]);
  });
});
