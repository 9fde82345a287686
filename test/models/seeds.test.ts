/**
 * The two seed Q&As (../shared/seeds/): every example runs as written, translated per API.md,
 * and prints what Keras prints. Expected tables are copied from the seed and from Keras 3's
 * documented output format, not produced by this code.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { resetNameCounters } from "../../src/util/names.js";

const { Sequential, layers } = keras;

function capture(model: { summary(o?: object): void }, options: object = {}): string[] {
  const lines: string[] = [];
  model.summary({ ...options, printFn: (l: string) => lines.push(l) });
  return lines;
}

describe("seed 1: the role of Flatten", () => {
  beforeEach(() => resetNameCounters());

  function seedModel(withFlatten: boolean) {
    const model = new Sequential();
    model.add(new layers.Dense(16, { inputShape: [3, 2], name: "D16" }));
    model.add(new layers.Activation("relu", { name: "A" }));
    if (withFlatten) model.add(new layers.Flatten({ name: "F" }));
    model.add(new layers.Dense(4, { name: "D4" }));
    model.compile({ loss: "mean_squared_error", optimizer: "SGD" });
    return model;
  }

  it("predicts shape (1, 4) with Flatten and (1, 3, 4) without", () => {
    const x = [[[1, 2], [3, 4], [5, 6]]];
    expect(seedModel(true).predict(x).shape).toEqual([1, 4]);
    expect(seedModel(false).predict(x).shape).toEqual([1, 3, 4]);
  });

  it("prints the seed's Keras 2 summary table, line for line (classic style)", () => {
    const lines = capture(seedModel(true), { style: "classic" });
    // the lines of the seed answer (trailing spaces included, as Keras 2 prints them)
    const seed = [
      "Layer (type)                 Output Shape              Param #   ",
      "=================================================================",
      "D16 (Dense)                  (None, 3, 16)             48        ",
      "_________________________________________________________________",
      "A (Activation)               (None, 3, 16)             0         ",
      "_________________________________________________________________",
      "F (Flatten)                  (None, 48)                0         ",
      "_________________________________________________________________",
      "D4 (Dense)                   (None, 4)                 196       ",
      "=================================================================",
      "Total params: 244",
      "Trainable params: 244",
      "Non-trainable params: 0",
    ];
    const start = lines.indexOf(seed[0]!);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(lines.slice(start, start + seed.length)).toEqual(seed);
    expect(lines[0]).toBe('Model: "sequential"');
  });

  it("prints Keras 3's rich table by default (76 columns without a terminal)", () => {
    const saved = process.env.COLUMNS;
    process.env.COLUMNS = "80";
    try {
      const lines = capture(seedModel(true));
      expect(lines).toEqual([
        'Model: "sequential"',
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
        "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
        "│ D16 (Dense)                     │ (None, 3, 16)          │            48 │",
        "├─────────────────────────────────┼────────────────────────┼───────────────┤",
        "│ A (Activation)                  │ (None, 3, 16)          │             0 │",
        "├─────────────────────────────────┼────────────────────────┼───────────────┤",
        "│ F (Flatten)                     │ (None, 48)             │             0 │",
        "├─────────────────────────────────┼────────────────────────┼───────────────┤",
        "│ D4 (Dense)                      │ (None, 4)              │           196 │",
        "└─────────────────────────────────┴────────────────────────┴───────────────┘",
        " Total params: 244 (976.00 B)",
        " Trainable params: 244 (976.00 B)",
        " Non-trainable params: 0 (0.00 B)",
      ]);
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });

  it("the answer's model: Flatten first, then Dense(16) sees all 6 values", () => {
    const model = new Sequential();
    model.add(new layers.Flatten({ inputShape: [3, 2] }));
    model.add(new layers.Dense(16));
    model.add(new layers.Activation("relu"));
    model.add(new layers.Dense(4));
    expect(model.layers.map((l) => l.outputShape)).toEqual([[null, 6], [null, 16], [null, 16], [null, 4]]);
    expect(model.countParams()).toBe(6 * 16 + 16 + 16 * 4 + 4);
    expect(model.predict([[[1, 2], [3, 4], [5, 6]]]).shape).toEqual([1, 4]);
  });

  it("Dense acts on the last axis: each of the 3 rows gets the same 2→16 map", () => {
    const dense = new layers.Dense(16, { inputShape: [5, 3] });
    const model = new Sequential([dense]);
    const x = keras.ops.convertToTensor(Array.from({ length: 2 }, (_, b) => Array.from({ length: 5 }, (_, t) => [b + t, 1, -t])));
    const y = model.predict(x) as keras.Tensor;
    expect(y.shape).toEqual([2, 5, 16]);
    const [kernel, bias] = dense.getWeights().map((w) => w.arraySync() as number[][] | number[]);
    // row (b=1, t=2) computed by hand from the kernel
    const row = [3, 1, -2];
    const expected = Array.from({ length: 16 }, (_, j) => row.reduce((s, v, i) => s + v * (kernel as number[][])[i]![j]!, 0) + (bias as number[])[j]!);
    expect((y.arraySync() as number[][][])[1]![2]).toBeAllclose(expected);
  });
});

describe("seed 2: input_shape, units, batch_size, input_dim and None", () => {
  beforeEach(() => resetNameCounters());

  it("Sequential: Dense(units=4, input_shape=(3,)) → Dense(4) → Dense(1)", () => {
    const model = new Sequential();
    model.add(new layers.Dense({ units: 4, inputShape: [3] }));
    model.add(new layers.Dense({ units: 4 }));
    model.add(new layers.Dense({ units: 1 }));
    expect(model.layers.map((l) => l.outputShape)).toEqual([[null, 4], [null, 4], [null, 1]]);
    expect(model.layers.map((l) => l.countParams())).toEqual([16, 20, 5]);
  });

  it("functional API: Input((3,)) and the tensors' shapes print with None", () => {
    const inpTensor = keras.Input([3]);
    const hidden1Out = new layers.Dense({ units: 4 }).apply(inpTensor);
    const hidden2Out = new layers.Dense({ units: 4 }).apply(hidden1Out);
    const finalOut = new layers.Dense({ units: 1 }).apply(hidden2Out);
    const model = new keras.Model(inpTensor, finalOut);
    expect(inpTensor.shape).toEqual([null, 3]);
    expect(hidden1Out.shape).toEqual([null, 4]);
    expect(hidden2Out.shape).toEqual([null, 4]);
    expect(finalOut.shape).toEqual([null, 1]);
    expect(model.name).toBe("functional");
    expect(String(inpTensor)).toContain("(None, 3)");
  });

  it("input_dim=3 is the same as input_shape=(3,)", () => {
    const a = new Sequential([new layers.Dense(4, { inputDim: 3 })]);
    const b = new Sequential([new layers.Dense(4, { inputShape: [3] })]);
    expect(a.inputs[0]!.shape).toEqual([null, 3]);
    expect(b.inputs[0]!.shape).toEqual([null, 3]);
  });

  it("batch_input_shape / batch_shape fix the batch size instead of None", () => {
    const a = new Sequential([new layers.Dense(4, { batchInputShape: [30, 50, 50, 3] })]);
    expect(a.layers[0]!.outputShape).toEqual([30, 50, 50, 4]);
    const b = new Sequential([new layers.Dense(4, { batchShape: [30, 3] })]);
    expect(b.outputs[0]!.shape).toEqual([30, 4]);
    const c = new Sequential([new layers.Dense(4, { inputShape: [3], batchSize: 8 })]);
    expect(c.outputs[0]!.shape).toEqual([8, 4]);
  });

  it("a (30, 50, 50, 3) batch flows through a model declared with input_shape (50, 50, 3)", () => {
    const model = new Sequential([new layers.Flatten({ inputShape: [50, 50, 3] }), new layers.Dense(2)]);
    const x = keras.ops.zeros([30, 50, 50, 3]);
    expect(model.predict(x, { batchSize: 7 }).shape).toEqual([30, 2]);
  });

  it("python-style option names are rejected with the TypeScript spelling", () => {
    expect(() => new layers.Dense(4, { input_shape: [3] } as never)).toThrow("Dense: unrecognized option 'input_shape'. Did you mean 'inputShape'?");
    expect(() => new layers.Dense(4, { batch_size: 3 } as never)).toThrow("Did you mean 'batchSize'?");
    expect(() => new layers.Dense(4, { activaton: "relu" } as never)).toThrow("Did you mean 'activation'?");
  });

  it("shape errors name the layer and print the shape the Keras way", () => {
    const model = new Sequential([new layers.Dense(16, { inputShape: [3, 2] }), new layers.Flatten()]);
    const d = new layers.Dense(4);
    d.build([null, 48]);
    const bad = keras.Input([3, 16]);
    expect(() => d.apply(bad)).toThrow(
      `Input 0 of layer "${d.name}" is incompatible with the layer: expected axis -1 of input shape to have value 48, but received input with shape (None, 3, 16)`,
    );
    expect(() => model.predict([[1, 2, 3]])).toThrow(/expected shape \(None, 3, 2\), but received input with shape \(1, 3\)/);
  });
});
