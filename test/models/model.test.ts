import { beforeEach, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { resetNameCounters } from "../../src/util/names.js";

const { layers, ops } = keras;

function capture(model: { summary(o?: object): void }, options: object = {}): string[] {
  const lines: string[] = [];
  const saved = process.env.COLUMNS;
  process.env.COLUMNS = "80";
  try {
    model.summary({ ...options, printFn: (l: string) => lines.push(l) });
  } finally {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  }
  return lines;
}

beforeEach(() => resetNameCounters());

describe("auto-naming like Keras 3", () => {
  it("names layers dense, dense_1, … and models sequential / functional", () => {
    expect(new layers.Dense(2).name).toBe("dense");
    expect(new layers.Dense(2).name).toBe("dense_1");
    expect(new layers.Dense(2, { name: "custom" }).name).toBe("custom");
    expect(new layers.Dense(2).name).toBe("dense_2");
    expect(new layers.RepeatVector(2).name).toBe("repeat_vector");
    expect(new keras.Sequential().name).toBe("sequential");
    const inp = keras.Input([3]);
    expect((inp.kerasHistory as { operation: { name: string } }).operation.name).toBe("input_layer");
    expect(new keras.Model(inp, new layers.Dense(1).apply(inp)).name).toBe("functional");
  });
});

describe("functional models", () => {
  it("multiple inputs and outputs, shared layers, and predict on lists", () => {
    const a = keras.Input({ shape: [3], name: "a" });
    const b = keras.Input({ shape: [3], name: "b" });
    const shared = new layers.Dense(2, { kernelInitializer: "ones", name: "shared" });
    const ya = shared.apply(a);
    const yb = shared.apply(b);
    const model = new keras.Model({ inputs: [a, b], outputs: [ya, yb] });
    expect(model.layers.map((l) => l.name)).toEqual(["a", "b", "shared"]);
    expect(model.countParams()).toBe(8);
    const [oa, ob] = model.predict([[[1, 2, 3]], [[1, 1, 1]]]) as keras.Tensor[];
    expect(oa!.arraySync()).toEqual([[6, 6]]);
    expect(ob!.arraySync()).toEqual([[3, 3]]);
    const byName = model.predict({ a: [[0, 0, 1]], b: [[2, 0, 0]] }) as keras.Tensor[];
    expect(byName[1]!.arraySync()).toEqual([[2, 2]]);
  });

  it("building a functional model is stateless: a layer's state updates in call do not happen symbolically", () => {
    class Counter extends keras.layers.Layer {
      count = this.addWeight({ name: "count", shape: [], initializer: "zeros", trainable: false });
      override call(x: keras.Tensor): keras.Tensor {
        this.count.assign(ops.add(this.count.value, 1) as keras.Tensor);
        return ops.multiply(x, this.count.value) as keras.Tensor;
      }
    }
    const counter = new Counter();
    const inp = keras.Input({ shape: [2] });
    const m = new keras.Model(inp, counter.apply(inp) as keras.KerasTensor);
    expect(counter.count.value.item()).toBe(0);
    m.predict(ops.ones([1, 2]));
    expect(counter.count.value.item()).toBe(1);
    expect(m.outputShape).toEqual([null, 2]);
  });

  it("nested models are layers", () => {
    const inner = new keras.Sequential([new layers.Dense(4, { inputShape: [3], kernelInitializer: "ones" })], { name: "inner" });
    const inp = keras.Input([3]);
    const out = new layers.Dense(1, { kernelInitializer: "ones" }).apply(inner.apply(inp));
    const model = new keras.Model(inp, out);
    expect(out.shape).toEqual([null, 1]);
    expect(model.countParams()).toBe(16 + 5);
    expect(model.predict([[1, 1, 1]]).arraySync()).toEqual([[12]]);
    const lines = capture(model, { expandNested: true });
    expect(lines.some((l) => l.includes("└ dense (Dense)"))).toBe(true);
  });

  it("Graph disconnected is reported with the missing input", () => {
    const a = keras.Input([3]);
    const b = keras.Input([3]);
    const y = new layers.Dense(2).apply(b);
    expect(() => new keras.Model(a, y)).toThrow(/Graph disconnected/);
  });

  it("rich summary of a branching model has Keras 3's 'Connected to' column", () => {
    const x = keras.Input({ shape: [1], name: "x_ts_input" });
    const y = keras.Input({ shape: [4, 2], name: "x_input" });
    const d = new layers.Dense(256).apply(x);
    const e = new layers.Dense(64).apply(y);
    const model = new keras.Model([x, y], [d, e]);
    const lines = capture(model);
    // Keras 3 output for these layers (widths 21/19/12/19 at 76 columns)
    expect(lines.slice(1, 13)).toEqual([
      "┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩",
      "│ x_ts_input          │ (None, 1)         │          0 │ -                 │",
      "│ (InputLayer)        │                   │            │                   │",
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
      "│ x_input             │ (None, 4, 2)      │          0 │ -                 │",
      "│ (InputLayer)        │                   │            │                   │",
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
      "│ dense (Dense)       │ (None, 256)       │        512 │ x_ts_input[0][0]  │",
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
      "│ dense_1 (Dense)     │ (None, 4, 64)     │        192 │ x_input[0][0]     │",
    ]);
  });
});

describe("Sequential", () => {
  it("deferred build: summary shows ? and 0 (unbuilt) until called", () => {
    const model = new keras.Sequential([new layers.Dense(4), new layers.Dense(1)]);
    const lines = capture(model);
    expect(lines[4]).toBe("│ dense (Dense)                   │ ?                      │   0 (unbuilt) │");
    expect(lines.at(-3)).toBe(" Total params: 0 (0.00 B)");
    model.predict([[1, 2, 3]]);
    expect(model.layers[0]!.outputShape).toEqual([null, 4]);
    expect(capture(model)[4]).toBe("│ dense (Dense)                   │ (None, 4)              │            16 │");
  });

  it("add / pop / getLayer", () => {
    const model = new keras.Sequential({ name: "m" });
    model.add(keras.Input([5]));
    model.add(new layers.Dense(3, { name: "h" }));
    model.add(new layers.Dense(2, { name: "o" }));
    expect(model.outputs[0]!.shape).toEqual([null, 2]);
    expect(model.getLayer("h").countParams()).toBe(18);
    expect(() => model.getLayer("nope")).toThrow('No such layer: nope. Existing layers are: ["h","o"]');
    model.pop();
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    expect(model.layers.map((l) => l.name)).toEqual(["h"]);
  });

  it("an incompatible layer is reported when it is added", () => {
    const model = new keras.Sequential([new layers.Dense(4, { inputShape: [3] })]);
    const d = new layers.Dense(2);
    d.build([null, 7]);
    expect(() => model.add(d)).toThrow(/expected axis -1 of input shape to have value 7, but received input with shape \(None, 4\)/);
  });
});

describe("weights", () => {
  it("getWeights / setWeights with shape checks", () => {
    const d = new layers.Dense(2);
    d.build([null, 3]);
    expect(d.getWeights().map((w) => w.shape)).toEqual([[3, 2], [2]]);
    d.setWeights([[[1, 0], [0, 1], [1, 1]], [0.5, -0.5]]);
    expect(d.apply(ops.convertToTensor([[1, 2, 3]])).arraySync()).toEqual([[4.5, 4.5]]);
    expect(() => d.setWeights([[[1, 0]], [0, 0]])).toThrow(
      `Layer "${d.name}" weight shape mismatch for weight 0 ('kernel'): expected shape (3, 2), but received shape (1, 2).`,
    );
    expect(() => d.setWeights([[1, 2]])).toThrow(/expects 2 weight\(s\)/);
  });

  it("countParams before build is a clear error naming the layer", () => {
    const d = new layers.Dense(2, { name: "lonely" });
    expect(() => d.countParams()).toThrow(/layer "lonely", but the layer isn't built/);
    expect(() => d.outputShape).toThrow(/"lonely" has never been called/);
  });

  it("trainable=false moves weights to nonTrainableWeights", () => {
    const model = new keras.Sequential([new layers.Dense(2, { inputShape: [3] }), new layers.Dense(1)]);
    model.layers[0]!.trainable = false;
    expect(model.trainableWeights.length).toBe(2);
    expect(model.nonTrainableWeights.length).toBe(2);
    const lines = capture(model, { showTrainable: true });
    expect(lines.some((l) => l.includes("Non-trainable params: 8 (32.00 B)"))).toBe(true);
  });
});

describe("subclassed models", () => {
  class MyModel extends keras.Model {
    dense1 = new layers.Dense(8, { activation: "relu" });
    dense2 = new layers.Dense(2);
    override call(x: keras.Tensor) {
      return this.dense2.apply(this.dense1.apply(x));
    }
  }

  it("predict and summarize; layers are tracked from properties", () => {
    const m = new MyModel();
    expect(m.name).toBe("my_model");
    expect(m.predict([[1, 2, 3], [4, 5, 6]]).shape).toEqual([2, 2]);
    expect(m.layers.map((l) => l.name)).toEqual(["dense", "dense_1"]);
    expect(m.countParams()).toBe(3 * 8 + 8 + 8 * 2 + 2);
    const lines = capture(m);
    expect(lines[0]).toBe('Model: "my_model"');
    expect(lines[4]).toBe("│ dense (Dense)                   │ (None, 8)              │            32 │");
  });
});

describe("core layers", () => {
  it("Reshape with -1, Permute, RepeatVector, Identity, Lambda", () => {
    const x = keras.Input([6]);
    expect(new layers.Reshape([2, -1]).apply(x).shape).toEqual([null, 2, 3]);
    expect(new layers.Permute([2, 1]).apply(keras.Input([10, 64])).shape).toEqual([null, 64, 10]);
    expect(new layers.RepeatVector(3).apply(keras.Input([32])).shape).toEqual([null, 3, 32]);
    expect(new layers.Identity().apply(x).shape).toEqual([null, 6]);
    const sq = new layers.Lambda((t: keras.Tensor) => ops.square(t));
    expect(sq.apply(x).shape).toEqual([null, 6]);
    expect(sq.apply(ops.convertToTensor([[1, 2, 3]])).arraySync()).toEqual([[1, 4, 9]]);
    expect(new layers.Permute([2, 1]).apply(ops.convertToTensor([[[1, 2], [3, 4], [5, 6]]])).arraySync()).toEqual([[[1, 3, 5], [2, 4, 6]]]);
    expect(new layers.RepeatVector(2).apply(ops.convertToTensor([[1, 2]])).arraySync()).toEqual([[[1, 2], [1, 2]]]);
    expect(() => new layers.Reshape([4, -1]).apply(x)).toThrow(/not divisible/);
  });

  it("Dropout is the identity at inference and drops with training: true", () => {
    const d = new layers.Dropout(0.5, { seed: 1 });
    const x = ops.ones([1000]);
    expect(d.apply(x).arraySync()).toEqual(Array(1000).fill(1));
    const y = d.apply(x, { training: true }).dataSync();
    const kept = Array.from(y).filter((v) => v !== 0);
    expect(kept.every((v) => v === 2)).toBe(true);
    expect(kept.length).toBeGreaterThan(400);
    expect(kept.length).toBeLessThan(600);
  });

  it("Flatten with channels_first moves channels last before flattening", () => {
    const f = new layers.Flatten({ dataFormat: "channels_first" });
    const x = ops.convertToTensor([[[[1, 2]], [[3, 4]]]]); // (1, 2, 1, 2): channels=2
    expect(f.apply(x).arraySync()).toEqual([[1, 3, 2, 4]]);
  });

  it("Activation accepts every Keras 3 activation name", () => {
    const names = ["relu", "relu6", "sigmoid", "softmax", "softplus", "softsign", "tanh", "selu", "elu", "exponential", "leaky_relu", "silu", "swish", "gelu", "hard_sigmoid", "hard_silu", "hard_swish", "linear", "mish", "log_softmax", "log_sigmoid", "celu", "glu", "hard_tanh", "hard_shrink", "soft_shrink", "tanh_shrink", "squareplus", "sparse_plus"];
    for (const n of names) expect(new layers.Activation(n).apply(ops.convertToTensor([[0.5, -1]])).shape).toEqual(n === "glu" ? [1, 1] : [1, 2]);
    expect(() => new layers.Activation("rlu")).toThrow("Unknown activation function: 'rlu'. Did you mean 'relu'?");
  });

  it("Dense config uses Keras's snake_case keys and serialized initializers", () => {
    const d = new layers.Dense(3, { activation: "relu", name: "d" });
    expect(d.getConfig()).toEqual({
      name: "d",
      trainable: true,
      dtype: { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null },
      units: 3,
      activation: "relu",
      use_bias: true,
      kernel_initializer: { module: "keras.initializers", class_name: "GlorotUniform", config: { seed: null }, registered_name: null },
      bias_initializer: { module: "keras.initializers", class_name: "Zeros", config: {}, registered_name: null },
      kernel_regularizer: null,
      bias_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    });
  });

  it("Dense rejects bad units with Keras's message", () => {
    expect(() => new layers.Dense(-2)).toThrow("Dense: received an invalid value for `units`, expected a positive integer. Received: units=-2");
  });
});
