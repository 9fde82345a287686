import { describe, expect, it, vi } from "vitest";
import { getBackend } from "../../src/backend/registry.js";
import * as keras from "../../src/index.js";
import { predictTraceStatus } from "../../src/trainers/compiledPredict.js";

const { ops, layers: L } = keras;
type T = keras.Tensor;

/** Deterministic data of a shape (values in [-1, 1)). */
function data(shape: number[], seed = 1): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sin((i + 1) * 0.731 * seed) * 0.9;
  return ops.reshape(ops.convertToTensor(v), shape) as T;
}

const values = (t: T | T[]): number[][] => (Array.isArray(t) ? t : [t]).map((u) => Array.from(u.values as Float32Array));

/** The eager reference: the model's own predictStep, layer by layer. */
function eager(model: keras.Model, x: T | T[]): number[][] {
  const outs = (model as unknown as { predictStep(b: T[]): T[] }).predictStep(Array.isArray(x) ? x : [x]);
  return values(outs);
}

function tiny(): keras.Sequential {
  keras.utils.setRandomSeed(3);
  return new keras.Sequential([keras.Input({ shape: [3, 2] }), new L.Dense(16, { activation: "relu" }), new L.Flatten(), new L.Dense(4)]);
}

describe("compiled predict", () => {
  it("replays a trace with outputs identical to eager predict, for new data on every call", () => {
    const m = tiny();
    for (let i = 1; i <= 5; i++) {
      const x = data([1, 3, 2], i);
      expect(values(m.predict(x))).toEqual(eager(m, x));
    }
    expect(predictTraceStatus(m)).toEqual({ "float32[1,3,2]": "replay" });
  });

  it("keeps one plan per input signature", () => {
    const m = tiny();
    for (const b of [1, 3, 1, 3, 7]) {
      const x = data([b, 3, 2], b);
      expect(values(m.predict(x))).toEqual(eager(m, x));
    }
    expect(predictTraceStatus(m)).toEqual({ "float32[1,3,2]": "replay", "float32[3,3,2]": "replay", "float32[7,3,2]": "replay" });
  });

  it("reads the weights live: setWeights and a fit step are seen", async () => {
    const m = tiny();
    const x = data([2, 3, 2]);
    m.predict(x);
    m.predict(x);
    m.setWeights(m.getWeights().map((w) => ops.multiply(w, 0.5)));
    expect(values(m.predict(x))).toEqual(eager(m, x));
    m.compile({ optimizer: "sgd", loss: "mse" });
    const before = values(m.predict(x));
    await m.fit(x, data([2, 4], 7), { epochs: 1, verbose: 0 });
    const after = values(m.predict(x));
    expect(after).not.toEqual(before);
    expect(after).toEqual(eager(m, x));
    expect(predictTraceStatus(m)["float32[2,3,2]"]).toBe("replay");
  });

  it("retraces when layers are added to a Sequential model", () => {
    const m = tiny();
    const x = data([1, 3, 2]);
    m.predict(x);
    m.add(new L.Dense(2));
    expect(m.predict(x).shape).toEqual([1, 2]);
    expect(values(m.predict(x))).toEqual(eager(m, x));
  });

  it("falls back to eager when a layer reads tensor values in JS", () => {
    class Reader extends keras.layers.Layer {
      override computeOutputShape(s: keras.layers.Shape): keras.layers.Shape {
        return s;
      }
      override call(x: T): T {
        const s = ops.sum(x).item(); // data-dependent JS branch
        return (s > 0 ? ops.multiply(x, 2) : ops.negative(x)) as T;
      }
    }
    const inp = keras.Input({ shape: [3] });
    const m = new keras.Model(inp, new L.Dense(2).apply(new Reader().apply(inp)));
    const pos = ops.convertToTensor([[1, 2, 3]]) as T;
    const neg = ops.convertToTensor([[-1, -2, -3]]) as T;
    for (const x of [pos, neg, pos, neg]) expect(values(m.predict(x))).toEqual(eager(m, x));
    expect(predictTraceStatus(m)).toEqual({ "float32[1,3]": "eager" });
  });

  it("falls back to eager when a layer draws random numbers", () => {
    class Noisy extends keras.layers.Layer {
      override call(x: T): T {
        return ops.add(x, keras.random.normal([2, 3])) as T;
      }
    }
    const inp = keras.Input({ shape: [3] });
    const m = new keras.Model(inp, new Noisy().apply(inp));
    const x = data([2, 3]);
    const a = values(m.predict(x));
    const b = values(m.predict(x));
    const c = values(m.predict(x));
    expect(b).not.toEqual(a);
    expect(c).not.toEqual(b);
    expect(predictTraceStatus(m)).toEqual({ "float32[2,3]": "eager" });
  });

  it("replays a layer's variable assignments (a counter) at every call", () => {
    class Counter extends keras.layers.Layer {
      count = this.addWeight({ name: "count", shape: [], initializer: "zeros", trainable: false });
      override call(x: T): T {
        this.count.assign(ops.add(this.count.value, 1) as T);
        return ops.multiply(x, this.count.value) as T;
      }
    }
    const inp = keras.Input({ shape: [2] });
    const m = new keras.Model(inp, new Counter().apply(inp));
    const x = ops.convertToTensor([[1, 1]]) as T;
    const outs = [0, 1, 2, 3, 4].map(() => values(m.predict(x))[0]![0]!);
    // one increment per call (building the model was stateless; the probe trace's was undone)
    expect(outs).toEqual([1, 2, 3, 4, 5]);
    expect(predictTraceStatus(m)).toEqual({ "float32[1,2]": "replay" });
  });

  it("falls back when float64 data is cast to float32 in JS (the cast depends on the values)", () => {
    const m = tiny();
    for (let i = 1; i <= 3; i++) {
      const x = ops.convertToTensor(new Float64Array(6).map((_, k) => Math.cos(k * i)), "float64") as T;
      const x3 = ops.reshape(x, [1, 3, 2]) as T;
      expect(values(m.predict(x3))).toEqual(eager(m, x3));
    }
    expect(predictTraceStatus(m)).toEqual({ "float64[1,3,2]": "eager" });
  });

  it("handles multi-input, multi-output functional models", () => {
    keras.utils.setRandomSeed(5);
    const a = keras.Input({ shape: [4], name: "a" });
    const b = keras.Input({ shape: [3], name: "b" });
    const h = new L.Concatenate().apply([new L.Dense(5, { activation: "tanh" }).apply(a), b]);
    const m = new keras.Model({ inputs: [a, b], outputs: [new L.Dense(2).apply(h), new L.Dense(1, { activation: "sigmoid" }).apply(h)] });
    for (let i = 1; i <= 4; i++) {
      const x = [data([3, 4], i), data([3, 3], i + 10)];
      const out = m.predict(x) as T[];
      expect(out.map((t) => t.shape)).toEqual([
        [3, 2],
        [3, 1],
      ]);
      expect(values(out)).toEqual(eager(m, x));
      // the dict form too
      expect(values(m.predict({ a: x[0], b: x[1] }) as T[])).toEqual(eager(m, x));
    }
    expect(Object.values(predictTraceStatus(m))).toEqual(["replay"]);
  });

  it("traces subclassed models once they are built", () => {
    class Net extends keras.Model {
      d1 = new L.Dense(8, { activation: "relu" });
      d2 = new L.Dense(3);
      override call(x: T | T[]): T {
        return this.d2.apply(this.d1.apply(x)) as T;
      }
    }
    keras.utils.setRandomSeed(9);
    const m = new Net();
    for (let i = 1; i <= 4; i++) {
      const x = data([2, 5], i);
      expect(values(m.predict(x))).toEqual(eager(m, x));
    }
    expect(predictTraceStatus(m)).toEqual({ "float32[2,5]": "replay" });
  });

  it("handles masks: Embedding(maskZero) → LSTM", () => {
    keras.utils.setRandomSeed(11);
    const m = new keras.Sequential([keras.Input({ shape: [6] }), new L.Embedding(10, 4, { maskZero: true }), new L.LSTM(5), new L.Dense(2)]);
    const batches = [
      [
        [1, 2, 3, 0, 0, 0],
        [4, 5, 6, 7, 8, 9],
      ],
      [
        [9, 0, 0, 0, 0, 0],
        [3, 3, 3, 3, 0, 0],
      ],
      [
        [1, 1, 0, 0, 0, 0],
        [2, 0, 0, 0, 0, 0],
      ],
    ];
    for (const b of batches) {
      const x = ops.convertToTensor(b) as T;
      expect(values(m.predict(x))).toEqual(eager(m, x));
    }
    expect(predictTraceStatus(m)).toEqual({ "float32[2,6]": "replay" });
  });

  it("runs eagerly when compiled with runEagerly: true", () => {
    const m = tiny();
    m.compile({ optimizer: "sgd", loss: "mse", runEagerly: true });
    const x = data([1, 3, 2]);
    m.predict(x);
    m.predict(x);
    expect(predictTraceStatus(m)).toEqual({});
    m.compile({ optimizer: "sgd", loss: "mse" });
    m.predict(x);
    expect(predictTraceStatus(m)).toEqual({ "float32[1,3,2]": "replay" });
  });

  it("predictOnBatch replays too", () => {
    const m = tiny();
    const x = data([4, 3, 2]);
    for (let i = 0; i < 3; i++) expect(values(m.predictOnBatch(x))).toEqual(eager(m, x));
    expect(predictTraceStatus(m)).toEqual({ "float32[4,3,2]": "replay" });
  });

  it("runs trace-time JS only while tracing (Keras's traced-function semantics)", () => {
    let calls = 0;
    class Spy extends keras.layers.Layer {
      override call(x: T): T {
        calls++;
        return ops.multiply(x, 3) as T;
      }
    }
    const inp = keras.Input({ shape: [2] });
    const m = new keras.Model(inp, new Spy().apply(inp));
    calls = 0;
    for (let i = 0; i < 5; i++) m.predict(data([1, 2], i + 1));
    expect(calls).toBe(2); // the trace and its verification on probe values
  });

  it.skipIf(!getBackend().compileProgram)("runs a tiny MLP (relu, linear, softmax, sigmoid) as one compiled function, and other plans kernel by kernel, with eager's values", () => {
    const backend = getBackend();
    const spy = vi.spyOn(backend, "compileProgram");
    try {
      const m = tiny();
      for (let i = 1; i <= 3; i++) {
        const x = data([1, 3, 2], i);
        expect(values(m.predict(x))).toEqual(eager(m, x));
      }
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.results[0]!.value).not.toBeNull();
      // after new weights the compiled function reads them
      m.setWeights(m.getWeights().map((w) => ops.multiply(w, 0.5)));
      const x = data([1, 3, 2], 9);
      expect(values(m.predict(x))).toEqual(eager(m, x));

      // softmax (max, where, exp, sum, divide) compiles too; tanh does not
      keras.utils.setRandomSeed(4);
      const soft = new keras.Sequential([keras.Input({ shape: [3] }), new L.Dense(8, { activation: "relu" }), new L.Dense(5, { activation: "softmax" })]);
      const sig = new keras.Sequential([keras.Input({ shape: [3] }), new L.Dense(5, { activation: "tanh" })]);
      const sigmoid = new keras.Sequential([keras.Input({ shape: [3] }), new L.Dense(5, { activation: "sigmoid" })]);
      for (const [i, model] of [soft, sigmoid, sig].entries()) {
        const y = data([2, 3], 2 + i);
        expect(values(model.predict(y))).toEqual(eager(model, y)); // traced
        expect(values(model.predict(y))).toEqual(eager(model, y)); // replayed
      }
      expect(spy).toHaveBeenCalledTimes(4);
      expect(spy.mock.results[1]!.value).not.toBeNull();
      expect(spy.mock.results[2]!.value).not.toBeNull();
      expect(spy.mock.results[3]!.value).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });
});
