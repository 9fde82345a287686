import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { loadModel, modelFromJSON, modelToKerasBytes } from "../../src/saving/index.js";

const L = keras.layers;

describe("getConfig / toJSON round trips of models", () => {
  it("Sequential config has Keras 3's keys and rebuilds through Sequential.fromConfig", () => {
    const m = new keras.Sequential([new L.InputLayer({ shape: [4] }), new L.Dense(3), new L.Dropout(0.1)], { name: "seq" });
    const c = m.getConfig();
    expect(Object.keys(c)).toEqual(["name", "trainable", "dtype", "layers", "build_input_shape"]);
    expect((c.layers as { class_name: string }[]).map((l) => l.class_name)).toEqual(["InputLayer", "Dense", "Dropout"]);
    expect(c.build_input_shape).toEqual([null, 4]);
    const back = keras.models.Sequential.fromConfig(c);
    expect(back.getConfig()).toEqual(c);
  });

  it("a functional model with a shared layer, two inputs, two outputs and a nested Sequential", async () => {
    const a = keras.Input({ shape: [4], name: "a" });
    const b = keras.Input({ shape: [4], name: "b" });
    const shared = new L.Dense(3, { name: "shared" });
    const inner = new keras.Sequential([new L.InputLayer({ shape: [6] }), new L.Dense(2, { name: "inner_dense" })], { name: "inner" });
    const joined = new L.Concatenate({ name: "cat" }).apply([shared.apply(a), shared.apply(b)]);
    const out1 = inner.apply(joined);
    const out2 = new L.Dense(1, { name: "head" }).apply(joined);
    const model = new keras.Model({ inputs: [a, b], outputs: [out1, out2], name: "multi" });
    const config = model.getConfig() as { layers: { name: string; inbound_nodes: { args: unknown[] }[] }[]; input_layers: unknown; output_layers: unknown };
    expect(config.input_layers).toEqual([["a", 0, 0], ["b", 0, 0]]);
    expect(config.output_layers).toEqual([["inner", 0, 0], ["head", 0, 0]]);
    const sharedEntry = config.layers.find((l) => l.name === "shared")!;
    expect(sharedEntry.inbound_nodes).toHaveLength(2);
    const cat = config.layers.find((l) => l.name === "cat")!;
    const histories = (cat.inbound_nodes[0]!.args[0] as { config: { keras_history: unknown } }[]).map((t) => t.config.keras_history);
    expect(histories).toEqual([["shared", 0, 0], ["shared", 1, 0]]);
    const xa = keras.random.uniform([2, 4], 0, 1, "float32", 1);
    const xb = keras.random.uniform([2, 4], 0, 1, "float32", 2);
    const want = model.predict([xa, xb]) as keras.Tensor[];
    const json = modelFromJSON(model.toJSON());
    expect(json.getConfig()).toEqual(JSON.parse(JSON.stringify(config)));
    const loaded = await loadModel(await modelToKerasBytes(model));
    const got = loaded.predict([xa, xb]) as keras.Tensor[];
    expect(got).toHaveLength(2);
    got.forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(Array.from(want[i]!.dataSync())));
  });

  it("a compiled, trained model saves its optimizer state and compile config; loading restores both", async () => {
    const model = new keras.Sequential([new L.InputLayer({ shape: [3] }), new L.Dense(2)]);
    model.compile({ optimizer: "adam", loss: "mean_squared_error" });
    const x = keras.random.uniform([8, 3], 0, 1, "float32", 3);
    const y = keras.random.uniform([8, 2], 0, 1, "float32", 4);
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
    const bytes = await modelToKerasBytes(model);
    const loaded = await loadModel(bytes);
    const opt = (loaded as unknown as { optimizer: { variables: keras.Variable[] } }).optimizer;
    const orig = (model as unknown as { optimizer: { variables: keras.Variable[] } }).optimizer;
    expect(opt.variables.map((v) => v.value.dataSync()[0])).toEqual(orig.variables.map((v) => v.value.dataSync()[0]));
    expect(opt.variables[0]!.value.dataSync()[0]).toBe(4);
    const uncompiled = await loadModel(bytes, { compile: false });
    expect((uncompiled as unknown as { optimizer: unknown }).optimizer ?? null).toBeNull();
  });
});
