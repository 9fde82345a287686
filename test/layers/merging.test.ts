import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract } from "../../src/layers/index.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { randomTensor } from "../helpers/gradcheck.js";
import { fromFn, runLayerTest, view } from "../helpers/layerTest.js";

const a = randomTensor([2, 3, 4], 1);
const b = randomTensor([2, 3, 4], 2);
const c = randomTensor([2, 3, 4], 3);
const A = view(a);
const B = view(b);
const C = view(c);
const elementwise = (f: (...v: number[]) => number) => fromFn([2, 3, 4], ([i, j, k]) => f(A.at(i!, j!, k!), B.at(i!, j!, k!), C.at(i!, j!, k!)));

describe("elementwise merges", () => {
  it("harness and values", () => {
    const cases: [unknown, (...v: number[]) => number, number][] = [
      [Add, (x, y, z) => x + y + z, 3],
      [Multiply, (x, y, z) => x * y * z, 3],
      [Average, (x, y, z) => (x + y + z) / 3, 3],
      [Maximum, (x, y, z) => Math.max(x, y, z), 3],
      [Minimum, (x, y, z) => Math.min(x, y, z), 3],
      [Subtract, (x, y) => x - y, 2],
    ];
    for (const [cls, f, n] of cases) {
      const inputs = [a, b, c].slice(0, n);
      const { output } = runLayerTest({ cls: cls as typeof Add, inputShape: inputs.map(() => [2, 3, 4]), inputData: inputs, expectedOutputShape: [2, 3, 4] });
      expect(output).toBeAllclose(elementwise(f), { atol: 1e-6 });
    }
  });

  it("broadcasts (None, 3, 4) with (None, 1, 4) and inserts dims for lower-rank inputs", () => {
    const y = new Add().apply([new KerasTensor([null, 3, 4]), new KerasTensor([null, 1, 4])]);
    expect(y.shape).toEqual([null, 3, 4]);
    const low = randomTensor([2, 4], 5);
    const out = new Add().apply([a, low]) as Tensor;
    const L = view(low);
    expect(out).toBeAllclose(fromFn([2, 3, 4], ([i, j, k]) => A.at(i!, j!, k!) + L.at(i!, k!)), { atol: 1e-6 });
  });

  it("masked maximum: a masked-out position takes the other input", () => {
    const x = new Tensor(Float32Array.from([1, 9, 3, 4]), [1, 2, 2], "float32");
    const y = new Tensor(Float32Array.from([5, 6, 7, 8]), [1, 2, 2], "float32");
    const mx = new Tensor(Uint8Array.from([1, 0]), [1, 2], "bool");
    const my = new Tensor(Uint8Array.from([1, 1]), [1, 2], "bool");
    expect(new Maximum().apply([x, y], { mask: [mx, my] })).toBeAllclose([
      [
        [5, 9],
        [7, 8],
      ],
    ]);
  });

  it("errors name the layer", () => {
    expect(() => new Add({ name: "add_x" }).apply([new KerasTensor([null, 3]), new KerasTensor([null, 4])])).toThrow(/"add_x".*incompatible shapes.*\(None, 3\), \(None, 4\)/);
    expect(() => new Subtract({ name: "sub" }).apply([a, b, c])).toThrow(/"sub".*exactly 2 inputs.*Received 3/);
    expect(() => new Add().apply(a)).toThrow(/list of inputs/);
    expect(() => new Add().apply([new KerasTensor([2, 3]), new KerasTensor([3, 3])])).toThrow(/different batch sizes/);
  });
});

describe("Concatenate", () => {
  it("harness, default axis -1 and explicit axis", () => {
    const x = randomTensor([2, 3, 2], 7);
    const { output } = runLayerTest({ cls: Concatenate, inputShape: [[2, 3, 4], [2, 3, 2]], inputData: [a, x], expectedOutputShape: [2, 3, 6] });
    const X = view(x);
    expect(output).toBeAllclose(fromFn([2, 3, 6], ([i, j, k]) => (k! < 4 ? A.at(i!, j!, k!) : X.at(i!, j!, k! - 4))));
    runLayerTest({ cls: Concatenate, args: [1], inputShape: [[2, 3, 4], [2, 1, 4]], expectedOutputShape: [2, 4, 4] });
    expect(new Concatenate().apply([new KerasTensor([null, null, 4]), new KerasTensor([null, 2, 3])]).shape).toEqual([null, 2, 7]);
    expect(new Concatenate(1).getConfig()).toMatchObject({ axis: 1 });
  });

  it("mismatched shapes and bad axis", () => {
    expect(() => new Concatenate({ name: "cat" }).apply([new KerasTensor([null, 3, 4]), new KerasTensor([null, 2, 4])])).toThrow(/"cat".*matching shapes except for the concatenation axis.*\(None, 3, 4\), \(None, 2, 4\)/);
    expect(() => new Concatenate(3).apply([new KerasTensor([null, 3]), new KerasTensor([null, 3])])).toThrow(/axis 3 is out of bounds/);
  });

  it("concatenates masks (missing masks count as all-true)", () => {
    const x = keras.ops.ones([1, 2, 3]);
    const m = new Tensor(Uint8Array.from([1, 0]), [1, 2], "bool");
    const layer = new Concatenate(1);
    const out = layer.computeMask([x, x], [m, null]);
    expect((out as Tensor).arraySync()).toEqual([[true, false, true, true]]);
  });
});

describe("Dot", () => {
  it("(None, d) · (None, d) → (None, 1)", () => {
    const x = randomTensor([3, 4], 8);
    const y = randomTensor([3, 4], 9);
    const { output } = runLayerTest({ cls: Dot, args: [1], inputShape: [[3, 4], [3, 4]], inputData: [x, y], expectedOutputShape: [3, 1] });
    const [X, Y] = [view(x), view(y)];
    expect(output).toBeAllclose(fromFn([3, 1], ([i]) => [0, 1, 2, 3].reduce((s, k) => s + X.at(i!, k) * Y.at(i!, k), 0)), { atol: 1e-6 });
  });

  it("batched matrix products with axes [2, 2] and [1, 2]", () => {
    const x = randomTensor([2, 3, 4], 10);
    const y = randomTensor([2, 5, 4], 11);
    const [X, Y] = [view(x), view(y)];
    const out = runLayerTest({ cls: Dot, args: [[2, 2]], inputShape: [[2, 3, 4], [2, 5, 4]], inputData: [x, y], expectedOutputShape: [2, 3, 5] }).output;
    expect(out).toBeAllclose(fromFn([2, 3, 5], ([n, i, j]) => [0, 1, 2, 3].reduce((s, k) => s + X.at(n!, i!, k) * Y.at(n!, j!, k), 0)), { atol: 1e-5 });
    const z = randomTensor([2, 4, 3], 12);
    const Z = view(z);
    const out2 = new Dot([1, 2]).apply([z, y]) as Tensor;
    expect(out2.shape).toEqual([2, 3, 5]);
    expect(out2).toBeAllclose(fromFn([2, 3, 5], ([n, i, j]) => [0, 1, 2, 3].reduce((s, k) => s + Z.at(n!, k, i!) * Y.at(n!, j!, k), 0)), { atol: 1e-5 });
  });

  it("normalize gives cosine similarity; config; errors", () => {
    const x = new Tensor(Float32Array.from([3, 4, 1, 0]), [2, 2], "float32");
    const y = new Tensor(Float32Array.from([4, 3, 0, 2]), [2, 2], "float32");
    expect(new Dot(1, { normalize: true }).apply([x, y])).toBeAllclose([[24 / 25], [0]], { atol: 1e-6 });
    expect(new Dot([1, 2], { normalize: true }).getConfig()).toMatchObject({ axes: [1, 2], normalize: true });
    expect(() => new Dot(1, { name: "dot_x" }).apply([new KerasTensor([null, 3]), new KerasTensor([null, 4])])).toThrow(/"dot_x".*axis values 3 \(at axis 1\) != 4 \(at axis 1\)/);
    expect(() => new Dot(0).apply([new KerasTensor([null, 3]), new KerasTensor([null, 3])])).toThrow(/axis 0, the batch/);
    expect(() => new Dot([1, 2, 3] as never)).toThrow(/Dot.*two integers/);
  });
});

describe("merge layers in a functional model", () => {
  it("builds and predicts", () => {
    const i1 = keras.Input({ shape: [4] });
    const i2 = keras.Input({ shape: [4] });
    const merged = new Concatenate().apply([new Add().apply([i1, i2]), new Multiply().apply([i1, i2])]);
    const model = new keras.Model({ inputs: [i1, i2], outputs: merged });
    const out = model.predict([randomTensor([2, 4], 1), randomTensor([2, 4], 2)]);
    expect(out.shape).toEqual([2, 8]);
  });
});
