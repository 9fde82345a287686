import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { loadModel } from "../../src/saving/index.js";
import { fixtureBytes } from "./fixtures.js";

/** mulberry32: a small seeded PRNG, so every run mutates the same bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Small redistributable fixtures of each container (zip and HDF5), so that thousands of cases fit.
const FILES = ["diabetes_mlp_k3.1.keras", "emg_reshape_lstm_named_k3.9.keras", "cnn_bn_k2.1.h5", "simplernn_k2.1.h5", "embedding_lstm_k2.1.h5", "conv1d_bn_functional_tfkeras2.2.4.h5", "conv1d_gru_k2.11_hdf5_named.keras"];

function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rand() * n);
  const kind = int(5);
  if (kind === 0) return src.slice(0, int(src.length)); // truncation
  const out = src.slice();
  if (kind === 1) {
    // a few random bytes
    for (let i = 0, n = 1 + int(8); i < n; i++) out[int(out.length)] = int(256);
  } else if (kind === 2) {
    // a random run of bytes
    const start = int(out.length);
    for (let i = start; i < Math.min(out.length, start + 1 + int(64)); i++) out[i] = int(256);
  } else if (kind === 3) {
    // bytes near the start (headers, superblock) and the end (zip central directory)
    const region = rand() < 0.5 ? int(Math.min(out.length, 512)) : out.length - 1 - int(Math.min(out.length, 512));
    out[region] = int(256);
    out[Math.max(0, region - 1)] ^= 1 << int(8);
  } else {
    // large values where sizes and offsets are stored (0xff runs)
    const start = int(out.length);
    for (let i = start; i < Math.min(out.length, start + 4 + int(8)); i++) out[i] = 0xff;
  }
  return out;
}

describe("fuzzing: mutated fixture bytes load or throw the library's typed error", () => {
  it("2,000 seeded mutations, each a load or a ValueError/FileFormatError, within time and memory bounds", async () => {
    const rand = prng(20240601);
    const sources = FILES.map((f) => fixtureBytes(f));
    const started = Date.now();
    const heapBefore = process.memoryUsage().rss;
    let loaded = 0;
    let rejected = 0;
    const CASES = 2000;
    for (let i = 0; i < CASES; i++) {
      const bytes = mutate(sources[i % sources.length]!, rand);
      try {
        const model = await loadModel(bytes, { compile: false });
        expect(model).toBeInstanceOf(keras.Model);
        loaded++;
      } catch (e) {
        if (!(e instanceof keras.ValueError)) throw new Error(`case ${i} (${FILES[i % FILES.length]}): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        rejected++;
      }
    }
    const elapsed = Date.now() - started;
    expect(loaded + rejected).toBe(CASES);
    expect(rejected).toBeGreaterThan(CASES / 4);
    expect(elapsed).toBeLessThan(60_000);
    // h5wasm's WebAssembly heap is capped at 2 GiB by its build: a hostile HDF5 header can make
    // the HDF5 library reserve up to that (the load then fails), but never more.
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(2.5 * 2 ** 30);
  }, 120_000);
});
