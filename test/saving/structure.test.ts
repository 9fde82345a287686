import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { H5Reader } from "../../src/saving/h5.js";
import { inspectBytes, modelToKerasBytes } from "../../src/saving/index.js";
import { readKerasArchive } from "../../src/saving/kerasZip.js";
import { fixtureBytes, fixturePath, SHARED_MISSING } from "./fixtures.js";

const L = keras.layers;

/** Every group and dataset path of an h5 file, with dataset shapes/dtypes and `name` attributes. */
async function layout(bytes: Uint8Array): Promise<{ datasets: Record<string, string>; names: Record<string, string | null> }> {
  const h5 = await H5Reader.open(bytes, "w");
  const datasets: Record<string, string> = {};
  const names: Record<string, string | null> = {};
  const walk = (p: string): void => {
    for (const k of h5.keys(p)) {
      const c = p === "/" ? `/${k}` : `${p}/${k}`;
      if (h5.isGroup(c)) {
        if (k === "vars") names[c] = h5.stringAttr(c, "name");
        walk(c);
      } else {
        const i = h5.datasetInfo(c);
        datasets[c] = `${JSON.stringify(i.shape)} ${i.dtype}`;
      }
    }
  };
  walk("/");
  h5.close();
  return { datasets, names };
}

function compileAndBuild(model: keras.Model): void {
  model.compile({ optimizer: "adam", loss: "mean_squared_error" });
  model.optimizer!.build(model.trainableWeights);
}

describe("files written by keras-ts have Keras 3's structure", () => {
  it.skipIf(!fixturePath("emg_reshape_lstm_named_k3.9.keras"))("Sequential: same entries, config keys and weight paths as emg_reshape_lstm_named_k3.9.keras", async () => {
    const model = new keras.Sequential([new L.InputLayer({ shape: [12], name: "input" }), new L.Reshape([3, 4]), new L.LSTM(16), new L.Dense(32, { activation: "tanh", name: "dense1" }), new L.Dense(4, { activation: "softmax", name: "output" })]);
    compileAndBuild(model);
    const ours = await modelToKerasBytes(model);
    const theirs = fixtureBytes("emg_reshape_lstm_named_k3.9.keras");
    expect(Object.keys(unzipSync(ours))).toEqual(Object.keys(unzipSync(theirs)));
    const a = readKerasArchive(ours, "ours");
    const b = readKerasArchive(theirs, "theirs");
    expect(Object.keys(a.metadata).sort()).toEqual(Object.keys(b.metadata).sort());
    expect(a.metadata.date_saved).toMatch(/^\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d$/);
    expect(Object.keys(a.config).sort()).toEqual(Object.keys(b.config).sort());
    expect(Object.keys(a.config.config as object).sort()).toEqual(Object.keys(b.config.config as object).sort());
    expect(a.config.module).toBe(b.config.module);
    const layersA = (a.config.config as { layers: Record<string, unknown>[] }).layers;
    const layersB = (b.config.config as { layers: Record<string, unknown>[] }).layers;
    expect(layersA.map((l) => [l.class_name, l.module, (l.config as { name: string }).name])).toEqual(layersB.map((l) => [l.class_name, l.module, (l.config as { name: string }).name]));
    // build_config presence follows each layer's own build() (Keras omits it for some weightless layers).
    const keys = (l: Record<string, unknown>) => Object.keys(l).filter((k) => k !== "build_config").sort();
    layersA.forEach((l, i) => expect(keys(l)).toEqual(keys(layersB[i]!)));
    expect(layersA.filter((l) => l.class_name !== "Reshape").map((l) => l.build_config)).toEqual(layersB.filter((l) => l.class_name !== "Reshape").map((l) => l.build_config));
    const la = await layout(a.weights!);
    const lb = await layout(b.weights!);
    expect(la.datasets).toEqual(lb.datasets);
    // The model's own name and the optimizer's auto-generated name depend on the session.
    const stable = (n: Record<string, string | null>) => ({ ...n, "/vars": null, "/optimizer/vars": n["/optimizer/vars"]?.replace(/_\d+$/, "") ?? null });
    expect(stable(la.names)).toEqual(stable(lb.names));
  });

  it.skipIf(!fixturePath("chd_functional_bn_dropout_k3.10.keras"))(`Functional: same config keys, node format and weight paths as chd_functional_bn_dropout_k3.10.keras${fixturePath("chd_functional_bn_dropout_k3.10.keras") ? "" : ` (skipped: ${SHARED_MISSING})`}`, async () => {
    const inp = keras.Input({ shape: [11], name: "input_layer_7" });
    let x = new L.Dense(128, { activation: "relu", name: "dense_21" }).apply(inp);
    x = new L.BatchNormalization({ name: "batch_normalization_7" }).apply(x);
    x = new L.Dropout(0.4, { name: "dropout_7" }).apply(x);
    x = new L.Dense(64, { activation: "relu", name: "dense_22" }).apply(x);
    const out = new L.Dense(1, { activation: "sigmoid", name: "dense_23" }).apply(x);
    const model = new keras.Model({ inputs: inp, outputs: out, name: "functional_7" });
    compileAndBuild(model);
    const a = readKerasArchive(await modelToKerasBytes(model), "ours");
    const b = readKerasArchive(fixtureBytes("chd_functional_bn_dropout_k3.10.keras"), "theirs");
    for (const k of ["module", "class_name", "registered_name", "build_config"]) expect(a.config[k]).toEqual(b.config[k]);
    const ca = a.config.config as Record<string, unknown>;
    const cb = b.config.config as Record<string, unknown>;
    expect(Object.keys(ca).sort()).toEqual(Object.keys(cb).sort());
    expect(ca.input_layers).toEqual(cb.input_layers);
    expect(ca.output_layers).toEqual(cb.output_layers);
    const nodes = (c: Record<string, unknown>) => (c.layers as Record<string, unknown>[]).map((l) => [l.name, JSON.stringify((l.inbound_nodes as { args: unknown }[]).map((n) => n.args))]);
    expect(nodes(ca)).toEqual(nodes(cb));
    const la = await layout(a.weights!);
    const lb = await layout(b.weights!);
    expect(la.datasets).toEqual(lb.datasets);
    expect({ ...la.names, "/optimizer/vars": la.names["/optimizer/vars"]?.replace(/_\d+$/, "") }).toEqual(lb.names);
  });

  it("inspect lists the weights of a written file with shapes", async () => {
    const model = new keras.Sequential([new L.InputLayer({ shape: [3] }), new L.Dense(2)]);
    const report = await inspectBytes(await modelToKerasBytes(model), "m.keras");
    expect(report.format).toBe(".keras zip (Keras 3)");
    expect(report.weights.map((w) => [w.path, w.shape])).toEqual([
      ["layers/dense/vars/0", [3, 2]],
      ["layers/dense/vars/1", [2]],
    ]);
    expect(report.summary?.join("\n")).toContain("Total params: 8");
  });
});
