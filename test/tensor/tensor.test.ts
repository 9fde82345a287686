import { describe, expect, it } from "vitest";
import { convertToTensor } from "../../src/tensor/convert.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { Variable } from "../../src/tensor/variable.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";

describe("convertToTensor", () => {
  it("converts nested arrays to float32 with their shape", () => {
    const t = convertToTensor([[1, 2, 3], [4, 5, 6]]);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.size).toBe(6);
    expect(t.values).toBeInstanceOf(Float32Array);
    expect(Array.from(t.values)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(convertToTensor([[[1], [2]], [[3], [4]]]).shape).toEqual([2, 2, 1]);
  });

  it("handles empty arrays and empty inner dimensions", () => {
    expect(convertToTensor([]).shape).toEqual([0]);
    const e = convertToTensor([[], []]);
    expect(e.shape).toEqual([2, 0]);
    expect(e.arraySync()).toEqual([[], []]);
  });

  it("keeps the dtype of typed arrays (1-D) and copies them", () => {
    const f64 = new Float64Array([1.5, 2.5]);
    const t = convertToTensor(f64);
    expect(t.dtype).toBe("float64");
    expect(t.shape).toEqual([2]);
    f64[0] = 99;
    expect(t.arraySync()).toEqual([1.5, 2.5]);
    expect(convertToTensor(new Float32Array([1, 2])).dtype).toBe("float32");
    expect(convertToTensor(new Int32Array([1, 2])).dtype).toBe("int32");
    const u8 = convertToTensor(new Uint8Array([1, 255]));
    expect(u8.dtype).toBe("int32");
    expect(u8.arraySync()).toEqual([1, 255]);
    expect(convertToTensor(new Float32Array([1.7, -1.7]), "int32").arraySync()).toEqual([1, -1]);
    expect(convertToTensor(new Int32Array([0, 3]), "bool").arraySync()).toEqual([false, true]);
  });

  it("accepts typed arrays as rows of nested arrays", () => {
    const t = convertToTensor([new Float32Array([1, 2]), new Float32Array([3, 4])]);
    expect(t.shape).toEqual([2, 2]);
    expect(t.arraySync()).toEqual([[1, 2], [3, 4]]);
  });

  it("converts scalars and booleans", () => {
    const s = convertToTensor(3.5);
    expect(s.shape).toEqual([]);
    expect(s.dtype).toBe("float32");
    expect(s.item()).toBe(3.5);
    expect(convertToTensor(0.1).item()).toBe(Math.fround(0.1));
    expect(convertToTensor(0.1, "float64").item()).toBe(0.1);
    expect(convertToTensor(2.9, "int32").item()).toBe(2);
    expect(convertToTensor(-2.9, "int32").item()).toBe(-2);
    const b = convertToTensor(true);
    expect(b.dtype).toBe("bool");
    expect(b.shape).toEqual([]);
    expect(b.arraySync()).toBe(true);
    expect(convertToTensor(false, "float32").item()).toBe(0);
    expect(convertToTensor(2, "bool").arraySync()).toBe(true);
    expect(convertToTensor([true, false]).dtype).toBe("bool");
    expect(convertToTensor([true, 2]).dtype).toBe("float32");
    expect(convertToTensor([[true], [false]]).arraySync()).toEqual([[true], [false]]);
  });

  it("applies the dtype option (and its aliases)", () => {
    expect(convertToTensor([1.9, -1.9], "int32").arraySync()).toEqual([1, -1]);
    expect(convertToTensor([1, 2], "float64").values).toBeInstanceOf(Float64Array);
    expect(convertToTensor([0, 3], "bool").arraySync()).toEqual([false, true]);
    expect(convertToTensor([1], "int").dtype).toBe("int32");
    expect(convertToTensor([1], "float").dtype).toBe("float32");
    expect(() => convertToTensor([1], "float16")).toThrow("convertToTensor: unsupported dtype 'float16'. Expected one of 'float32', 'float64', 'int32', 'bool'.");
  });

  it("passes tensors through, casting when asked; reads variables", () => {
    const t = convertToTensor([1.5, 2.5]);
    expect(convertToTensor(t)).toBe(t);
    expect(convertToTensor(t, "float32")).toBe(t);
    const i = convertToTensor(t, "int32");
    expect(i.dtype).toBe("int32");
    expect(i.arraySync()).toEqual([1, 2]);
    expect(t.arraySync()).toEqual([1.5, 2.5]);
    const v = new Variable(convertToTensor([[1, 2]]));
    expect(convertToTensor(v).arraySync()).toEqual([[1, 2]]);
  });

  it("rejects ragged arrays, naming the offending index", () => {
    expect(() => convertToTensor([[1, 2], [3]])).toThrow(
      "convertToTensor: ragged nested array: expected length 2 at index [1] (depth 1), but received length 1. All rows must have the same length.",
    );
    expect(() => convertToTensor([[[1], [2]], [[3], [4, 5]]])).toThrow("expected length 1 at index [1][1]");
    expect(() => convertToTensor([1, [2]])).toThrow("the element at index [1] is an array, but elements at that depth are scalars");
    expect(() => convertToTensor([[1], 2])).toThrow("expected an array of length 1 at index [1], but received a scalar");
  });

  it("rejects strings, null, undefined and objects with a type error", () => {
    expect(() => convertToTensor([1, "2"])).toThrow("convertToTensor: expected numbers or booleans, but the element at index [1] is string ('2').");
    expect(() => convertToTensor([[1, null]])).toThrow("the element at index [0][1] is null");
    expect(() => convertToTensor("abc")).toThrow("cannot convert a value of type string to a tensor");
    expect(() => convertToTensor(null)).toThrow("convertToTensor: expected data (nested arrays, a number, a typed array or a Tensor), but received null.");
    expect(() => convertToTensor(undefined)).toThrow("but received undefined");
    expect(() => convertToTensor({ a: 1 })).toThrow("cannot convert a value of type Object");
    expect(() => convertToTensor(new Map())).toThrow("cannot convert a value of type Map");
    expect(() => convertToTensor(new KerasTensor([null, 3]))).toThrow("received a symbolic KerasTensor <KerasTensor shape=(None, 3), dtype=float32>");
    try {
      convertToTensor(["x"]);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).name).toBe("KerasTypeError");
    }
  });

  it("refuses NaN (and infinities) in int32, naming the element", () => {
    expect(() => convertToTensor([[1, 2], [NaN, 4]], "int32")).toThrow(
      "convertToTensor: NaN cannot be stored in an int32 tensor (the value at index [1][0]). Use a float dtype, or replace it first.",
    );
    expect(() => convertToTensor(NaN, "int32")).toThrow("NaN cannot be stored in an int32 tensor (the value)");
    expect(() => convertToTensor(Infinity, "int32")).toThrow("Infinity cannot be stored in an int32 tensor");
    expect(() => convertToTensor(new Float32Array([1, NaN]), "int32")).toThrow("the value at index [1]");
    expect(() => convertToTensor([NaN], "bool")).toThrow("NaN cannot be stored in a bool tensor");
    expect(convertToTensor([Infinity], "bool").arraySync()).toEqual([true]);
    expect(Number.isNaN(convertToTensor([NaN]).item())).toBe(true);
    expect(convertToTensor([-Infinity], "float64").item()).toBe(-Infinity);
  });
});

describe("Tensor readers", () => {
  it("arraySync / array give nested arrays; booleans for bool", async () => {
    const t = convertToTensor([[1, 2], [3, 4], [5, 6]]);
    expect(t.arraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(await t.array()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(convertToTensor([[[1, 2, 3]], [[4, 5, 6]]]).arraySync()).toEqual([[[1, 2, 3]], [[4, 5, 6]]]);
    expect(convertToTensor(7).arraySync()).toBe(7);
    expect(convertToTensor([[true, false]]).arraySync()).toEqual([[true, false]]);
  });

  it("dataSync / data give a flat typed-array copy", async () => {
    const t = convertToTensor([[1, 2], [3, 4]], "int32");
    const d = t.dataSync();
    expect(d).toBeInstanceOf(Int32Array);
    expect(Array.from(d)).toEqual([1, 2, 3, 4]);
    d[0] = 100;
    expect(t.arraySync()).toEqual([[1, 2], [3, 4]]);
    const a = await t.data();
    expect(Array.from(a)).toEqual([1, 2, 3, 4]);
    expect(convertToTensor([true]).dataSync()).toBeInstanceOf(Uint8Array);
  });

  it("item() reads a one-element tensor and refuses larger ones", () => {
    expect(convertToTensor([[2.5]]).item()).toBe(2.5);
    expect(convertToTensor(3, "int32").item()).toBe(3);
    expect(() => convertToTensor([1, 2]).item()).toThrow("item() needs a tensor with one element, but the tensor has shape (2,).");
  });

  it("prints shape and dtype Keras-style", () => {
    expect(convertToTensor([[1, 2]]).toString()).toBe("Tensor(shape=(1, 2), dtype=float32, values=[[1,2]])");
    expect(convertToTensor([1]).rank).toBe(1);
  });
});
