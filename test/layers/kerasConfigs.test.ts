import { readFileSync } from "node:fs";
import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { BatchNormalization, Concatenate, Conv1D, Conv2D, MaxPooling2D } from "../../src/layers/index.js";
import { camelKey, mapKeys } from "../../src/serialization/keys.js";

// Layer configs written by Python Keras (the shared fixtures): constructing our layer from one and
// serializing it again must give Keras's own config back.
const FIXTURES = "/work/shared/fixtures/keras";

type Config = Record<string, unknown>;

function layerConfigs(file: string): { className: string; config: Config }[] {
  const json = JSON.parse(strFromU8(unzipSync(readFileSync(`${FIXTURES}/${file}`), { filter: (f) => f.name === "config.json" })["config.json"]!)) as unknown;
  const out: { className: string; config: Config }[] = [];
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === "object") {
      const r = o as Record<string, unknown>;
      if (typeof r.class_name === "string" && r.module === "keras.layers" && r.config && typeof r.config === "object") out.push({ className: r.class_name, config: r.config as Config });
      Object.values(r).forEach(walk);
    }
  };
  walk(json);
  return out;
}

/** Drops Keras's in-memory `shared_object_id` bookkeeping from nested dtype policies. */
function clean(c: Config): Config {
  return JSON.parse(JSON.stringify(c, (k, v: unknown) => (k === "shared_object_id" ? undefined : v))) as Config;
}

const CLASSES: Record<string, new (o: Config) => { getConfig(): Config }> = {
  Conv2D: Conv2D as never,
  MaxPooling2D: MaxPooling2D as never,
  BatchNormalization: BatchNormalization as never,
};

describe("configs written by Python Keras 3 round-trip", () => {
  for (const file of ["mnist_cnn_k3.10.keras", "chd_functional_bn_dropout_k3.10.keras"]) {
    it(file, () => {
      const configs = layerConfigs(file).filter((l) => l.className in CLASSES);
      expect(configs.length).toBeGreaterThan(0);
      for (const { className, config } of configs) {
        const layer = new CLASSES[className]!(mapKeys(config, camelKey));
        expect(layer.getConfig()).toEqual(clean(config));
      }
    });
  }

  it("Keras 2 style configs (legacy .h5) construct the same layers", () => {
    const bn = new BatchNormalization({ name: "bn", axis: [2], momentum: 0.99, epsilon: 0.001, center: true, scale: true, dtype: "float32", trainable: true });
    expect(bn.axis).toBe(2);
    const conv = new Conv1D(mapKeys({ name: "conv1d", filters: 10, kernel_size: [2], strides: [1], padding: "valid", data_format: "channels_last", dilation_rate: [1], activation: "linear", use_bias: true, kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } } }, camelKey));
    expect(conv.getConfig()).toMatchObject({ kernel_size: [2], filters: 10, groups: 1 });
    const cat = new Concatenate(mapKeys({ name: "concatenate", trainable: false, dtype: "float32", axis: -1 }, camelKey));
    expect(cat.getConfig()).toMatchObject({ axis: -1, trainable: false });
  });
});
