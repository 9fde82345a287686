import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { H5Writer } from "../../src/saving/h5.js";
import { FileFormatError, loadModel, modelToKerasBytes, registerKerasSerializable, saveModel, sniffFormat, weightsToBytes } from "../../src/saving/index.js";
import { readKerasArchive, writeKerasArchive } from "../../src/saving/kerasZip.js";
import { fixtureBytes } from "./fixtures.js";

const L = keras.layers;

function smallModel(): keras.Sequential {
  return new keras.Sequential([new L.InputLayer({ shape: [3] }), new L.Dense(2, { name: "d1" }), new L.Dense(1, { name: "d2" })]);
}

/** A `.keras` archive for `smallModel` whose weights file is built by `fill`. */
async function archiveWithWeights(fill: (h5: H5Writer) => void): Promise<Uint8Array> {
  const model = smallModel();
  const good = readKerasArchive(await modelToKerasBytes(model), "m");
  const h5 = await H5Writer.create();
  fill(h5);
  return writeKerasArchive({ metadata: good.metadata, config: good.config, weights: h5.finish() });
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

describe("format sniffing uses magic bytes, not extensions", () => {
  it("recognizes zip, HDF5 and JSON", () => {
    expect(sniffFormat(fixtureBytes("diabetes_mlp_k3.1.keras"))).toBe("zip");
    expect(sniffFormat(fixtureBytes("conv1d_gru_k2.11_hdf5_named.keras"))).toBe("hdf5");
    expect(sniffFormat(strToU8(' {"class_name": "Sequential"}'))).toBe("json");
    expect(sniffFormat(new Uint8Array([1, 2, 3]))).toBe("unknown");
  });

  it("rejects what is not a model with a FileFormatError naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keras-ts-"));
    const path = join(dir, "notes.keras");
    writeFileSync(path, "hello");
    const e = await rejection(loadModel(path));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toContain(path);
    expect((await rejection(loadModel(new Uint8Array(0))))).toBeInstanceOf(FileFormatError);
    expect((await rejection(loadModel(join(dir, "missing.keras")))).message).toMatch(/File not found/);
  });
});

describe("damaged and hostile files are rejected with a typed error", () => {
  it("a truncated .keras and a truncated .h5", async () => {
    for (const f of ["diabetes_mlp_k3.1.keras", "cnn_bn_k2.1.h5"]) {
      const b = fixtureBytes(f);
      expect(await rejection(loadModel(b.slice(0, Math.floor(b.length / 2))))).toBeInstanceOf(FileFormatError);
    }
  });

  it("a zip bomb: an entry declaring a huge inflated size is refused before inflating", async () => {
    const zip = zipSync({ "config.json": [strToU8("{}".padEnd(2000, " ")), { level: 9 }], "metadata.json": [strToU8("{}"), { level: 0 }] });
    // Patch the central directory's uncompressed size of config.json to 3 GiB.
    const view = new DataView(zip.buffer);
    for (let i = 0; i + 4 <= zip.length; i++) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 0xc0000000, true);
        break;
      }
    }
    const e = await rejection(loadModel(zip));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toMatch(/declares|zip bomb/);
  });

  it("a huge declared weight shape is refused before allocating", async () => {
    const b = await archiveWithWeights((h5) => {
      h5.dataset("/layers/dense/vars/0", new Float32Array(6), [3, 2]);
      h5.dataset("/layers/dense/vars/1", new Float32Array(2), [2]);
      h5.dataset("/layers/dense_1/vars/0", new Float32Array(2), [2, 1]);
      h5.dataset("/layers/dense_1/vars/1", new Float32Array(1), [1]);
    });
    // Rewrite the 4-byte dims of the first dataset's dataspace: find [3, 2] as two uint64 values.
    const view = new DataView(b.buffer, b.byteOffset);
    let patched = false;
    for (let i = 0; i + 16 <= b.length && !patched; i++) {
      if (view.getBigUint64(i, true) === 3n && view.getBigUint64(i + 8, true) === 2n) {
        view.setBigUint64(i, 1n << 40n, true);
        patched = true;
      }
    }
    expect(patched).toBe(true);
    const e = await rejection(loadModel(b));
    expect(e).toBeInstanceOf(FileFormatError);
  });

  it("missing weights name the layer", async () => {
    const b = await archiveWithWeights((h5) => {
      h5.dataset("/layers/dense/vars/0", new Float32Array(6), [3, 2]);
      h5.dataset("/layers/dense/vars/1", new Float32Array(2), [2]);
    });
    const e = await rejection(loadModel(b));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toMatch(/missing weights for layer "d2"/);
  });

  it("a weight count mismatch names the layer and both counts", async () => {
    const b = await archiveWithWeights((h5) => {
      h5.dataset("/layers/dense/vars/0", new Float32Array(6), [3, 2]);
      h5.dataset("/layers/dense/vars/1", new Float32Array(2), [2]);
      h5.dataset("/layers/dense/vars/2", new Float32Array(2), [2]);
      h5.dataset("/layers/dense_1/vars/0", new Float32Array(2), [2, 1]);
      h5.dataset("/layers/dense_1/vars/1", new Float32Array(1), [1]);
    });
    const e = await rejection(loadModel(b));
    expect(e.message).toMatch(/weight count mismatch for layer "d1" \(Dense\): the layer expects 2 weight\(s\).*holds 3/);
  });

  it("a weight shape mismatch names the layer, the expected and the received shape", async () => {
    const b = await archiveWithWeights((h5) => {
      h5.dataset("/layers/dense/vars/0", new Float32Array(8), [4, 2]);
      h5.dataset("/layers/dense/vars/1", new Float32Array(2), [2]);
      h5.dataset("/layers/dense_1/vars/0", new Float32Array(2), [2, 1]);
      h5.dataset("/layers/dense_1/vars/1", new Float32Array(1), [1]);
    });
    const e = await rejection(loadModel(b));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toContain('layer "d1"');
    expect(e.message).toContain("expected shape (3, 2), but the file holds shape (4, 2)");
  });

  it("a weight of the wrong dtype (strings) is refused", async () => {
    const b = await archiveWithWeights((h5) => {
      h5.dataset("/layers/dense/vars/0", new Float32Array(6), [3, 2]);
      h5.dataset("/layers/dense/vars/1", new Float32Array(2), [2]);
      h5.dataset("/layers/dense_1/vars/0", new Float32Array(2), [2, 1]);
      h5.attr("/layers/dense_1/vars", "name", "d2");
    });
    // Replace vars/1 of dense_1 by a string dataset through a second writer pass.
    const arch = readKerasArchive(b, "m");
    const h5 = await H5Writer.create();
    h5.dataset("/layers/dense/vars/0", new Float32Array(6), [3, 2]);
    h5.dataset("/layers/dense/vars/1", new Float32Array(2), [2]);
    h5.dataset("/layers/dense_1/vars/0", new Float32Array(2), [2, 1]);
    (h5 as unknown as { file: { get(p: string): { create_dataset(a: object): void } } }).file.get("/layers/dense_1/vars").create_dataset({ name: "1", data: ["x"] });
    const bad = writeKerasArchive({ metadata: arch.metadata, config: arch.config, weights: h5.finish() });
    const e = await rejection(loadModel(bad));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toMatch(/unsupported type/);
  });

  it("Lambda layers are refused: no code from a file is executed", async () => {
    const good = readKerasArchive(await modelToKerasBytes(smallModel()), "m");
    const config = JSON.parse(JSON.stringify(good.config)) as { config: { layers: unknown[] } };
    config.config.layers.splice(1, 0, { module: "keras.layers", class_name: "Lambda", config: { name: "lam", function: { class_name: "__lambda__", config: { code: "4wEAAAAAAAAA", defaults: null, closure: null } } }, registered_name: null });
    const bytes = writeKerasArchive({ metadata: good.metadata, config: config as unknown as Record<string, unknown>, weights: (await weightsToBytes(smallModel())) });
    const e = await rejection(loadModel(bytes));
    expect(e).toBeInstanceOf(keras.ValueError);
    expect(e.message).toMatch(/Lambda.*never executes code/);
  });

  it("an unknown class names the class and how to register it; registering it makes the file load", async () => {
    class Scale extends L.Layer {
      static override readonly className = "Scale";
      readonly factor: number;
      constructor(options: { factor?: number; name?: string; trainable?: boolean; dtype?: unknown } = {}) {
        const { factor, ...rest } = options;
        super(rest as never);
        this.factor = factor ?? 2;
      }
      override call(x: keras.Tensor): keras.Tensor {
        return keras.ops.multiply(x, this.factor);
      }
      override computeOutputShape(s: (number | null)[]): (number | null)[] {
        return s;
      }
      override getConfig(): Record<string, unknown> {
        return { ...super.getConfig(), factor: this.factor };
      }
    }
    const model = new keras.Sequential([new L.InputLayer({ shape: [2] }), new Scale({ factor: 3 }), new L.Dense(1)]);
    const bytes = await modelToKerasBytes(model);
    const e = await rejection(loadModel(bytes));
    expect(e.message).toMatch(/'Scale'.*registerKerasSerializable.*customObjects/s);
    const viaOption = await loadModel(bytes, { customObjects: { Scale } });
    const x = [[1, 2]];
    expect(viaOption.predict(x).arraySync()).toEqual(model.predict(x).arraySync());
    registerKerasSerializable(Scale, { package: "MyPkg" });
    const registered = await loadModel(bytes);
    expect(registered.predict(x).arraySync()).toEqual(model.predict(x).arraySync());
  });
});

describe("writes are atomic", () => {
  it("a save that fails after the temp file is written leaves the previous file intact", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keras-ts-"));
    const path = join(dir, "m.keras");
    const first = smallModel();
    await first.save(path);
    const before = readFileSync(path);
    const e = await rejection(
      saveModel(smallModel(), path, {
        beforeRename: (temp) => {
          expect(readFileSync(temp).length).toBeGreaterThan(0);
          throw new Error("simulated crash");
        },
      }),
    );
    expect(e.message).toBe("simulated crash");
    expect(Buffer.compare(readFileSync(path), before)).toBe(0);
    expect(readdirSync(dir)).toEqual(["m.keras"]);
    const reloaded = await loadModel(path);
    expect(reloaded.predict([[1, 2, 3]]).arraySync()).toEqual(first.predict([[1, 2, 3]]).arraySync());
  });

  it("overwrite: false refuses to replace a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keras-ts-"));
    const path = join(dir, "m.keras");
    await smallModel().save(path);
    expect((await rejection(smallModel().save(path, { overwrite: false }))).message).toMatch(/already exists/);
  });

  it("saveWeights needs .weights.h5, save needs .keras or .h5", async () => {
    const m = smallModel();
    expect((await rejection(m.saveWeights("/tmp/x.h5"))).message).toMatch(/\.weights\.h5/);
    expect((await rejection(m.save("/tmp/x.bin"))).message).toMatch(/\.keras/);
  });
});
