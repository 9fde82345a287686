import { expect } from "vitest";
import { valueAndGrad } from "../../src/autodiff/grad.js";
import type { Layer, Shape } from "../../src/layers/layer.js";
import { subtract, multiply } from "../../src/ops/numpy/arithmetic.js";
import { sum } from "../../src/ops/numpy/reductions.js";
import { camelKey, mapKeys } from "../../src/serialization/keys.js";
import { getBuiltin } from "../../src/serialization/registry.js";
import { KerasTensor } from "../../src/tensor/kerasTensor.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "./gradcheck.js";

/**
 * A Keras-style `run_layer_test`: one call checks the config round trip, symbolic vs eager output
 * shapes, weight names/shapes/order, weight reuse through `setWeights`, and a gradient step.
 */

type LayerClass<L extends Layer> = (new (...args: any[]) => L) & { className: string };

export interface LayerTestSpec<L extends Layer> {
  /** The class under test (must be registered under its `className`). */
  cls: LayerClass<L>;
  /** Constructor arguments, as a user writes them (positional values and/or an options object). */
  args?: unknown[];
  /** The concrete input shape(s), batch included. A list of shapes means a list of inputs. */
  inputShape: number[] | number[][];
  /** Concrete input data (default: uniform random in [-1, 1]). */
  inputData?: Tensor | Tensor[];
  /** The expected eager output shape. */
  expectedOutputShape?: number[];
  /** Expected weights in order: `[name, shape]`. */
  expectedWeights?: [string, number[]][];
  /** How many of the weights are trainable (default: all of `expectedWeights`). */
  expectedNumTrainable?: number;
  /** Run the gradient step (default: when there are trainable weights). */
  trainingStep?: boolean;
  /** The `training` flag during the gradient step (default false). */
  training?: boolean;
}

export interface LayerTestResult<L extends Layer> {
  layer: L;
  inputs: Tensor | Tensor[];
  output: Tensor;
}

const shapeList = (s: number[] | number[][]): s is number[][] => Array.isArray(s[0]);

export function runLayerTest<L extends Layer>(spec: LayerTestSpec<L>): LayerTestResult<L> {
  const args = spec.args ?? [];
  const make = (): L => new spec.cls(...args);
  const shapes = shapeList(spec.inputShape) ? spec.inputShape : [spec.inputShape];
  const isList = shapeList(spec.inputShape);
  const inputs: Tensor[] = spec.inputData ? (Array.isArray(spec.inputData) ? spec.inputData : [spec.inputData]) : shapes.map((s, i) => randomTensor(s, 11 + i));
  const arg = isList ? inputs : inputs[0]!;

  // symbolic: a fresh layer on KerasTensors with an unknown batch
  const symbolicLayer = make();
  const symbolicIn = shapes.map((s) => new KerasTensor([null, ...s.slice(1)]));
  const symbolicOut = symbolicLayer.apply(isList ? symbolicIn : symbolicIn[0]!) as KerasTensor;
  expect(symbolicOut).toBeInstanceOf(KerasTensor);

  // eager
  const layer = make();
  const output = layer.apply(arg) as Tensor;
  expect(output).toBeInstanceOf(Tensor);
  const batch = shapes[0]![0]!;
  expect([...output.shape]).toEqual(symbolicOut.shape.map((d, i) => (i === 0 && d === null ? batch : d)));
  expect(symbolicOut.shape[0]).toBeNull();
  if (spec.expectedOutputShape) expect([...output.shape]).toEqual(spec.expectedOutputShape);
  // computeOutputShape on the concrete shape agrees as well
  expect(layer.computeOutputShape((isList ? shapes : shapes[0]!) as Shape | Shape[])).toEqual([...output.shape]);

  // weights: names, shapes, order, trainable split
  const expected = spec.expectedWeights ?? [];
  expect(layer.weights.map((w) => [w.name, [...w.shape]])).toEqual(expected);
  expect(symbolicLayer.weights.map((w) => [w.name, [...w.shape]])).toEqual(expected);
  const numTrainable = spec.expectedNumTrainable ?? expected.length;
  expect(layer.trainableWeights.length).toBe(numTrainable);
  expect(layer.nonTrainableWeights.length).toBe(expected.length - numTrainable);

  // config: JSON-serializable, registered, and reconstructs the same layer
  const config = layer.getConfig();
  const json = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  expect(json).toEqual(config);
  expect(getBuiltin("layers", spec.cls.className)).toBe(spec.cls);
  const rebuilt = new spec.cls(mapKeys(json, camelKey));
  expect(rebuilt.getConfig()).toEqual(config);
  expect(rebuilt.className).toBe(spec.cls.className);

  // weight reuse: the rebuilt layer with the same weights computes the same outputs
  rebuilt.apply(arg);
  if (expected.length) rebuilt.setWeights(layer.getWeights());
  expect(rebuilt.apply(arg) as Tensor).toBeAllclose(layer.apply(arg) as Tensor, { atol: 1e-5 });

  // one gradient step on the trainable weights changes them
  if (spec.trainingStep ?? numTrainable > 0) {
    const ws = layer.trainableWeights;
    const before = ws.map((w) => w.value);
    const [loss, grads] = valueAndGrad((_: readonly Tensor[] | typeof ws) => sum(layer.apply(arg, { training: spec.training ?? false }) as Tensor))(ws) as [Tensor, Tensor[]];
    expect(Number.isFinite(loss.item())).toBe(true);
    expect(grads.length).toBe(ws.length);
    grads.forEach((g, i) => {
      expect([...g.shape]).toEqual([...ws[i]!.shape]);
      expect(Array.from(g.values).every((v) => Number.isFinite(Number(v)))).toBe(true);
      ws[i]!.assign(subtract(ws[i]!.value, multiply(g, 0.1)));
    });
    const changed = ws.some((w, i) => Array.from(w.value.values).some((v, k) => v !== before[i]!.values[k]));
    expect(changed).toBe(true);
  }
  return { layer, inputs: arg, output };
}

/** Row-major multi-indices of a shape. */
export function* indices(shape: readonly number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  for (let f = 0; f < n; f++) {
    const idx = new Array<number>(shape.length);
    let rem = f;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = rem % shape[i]!;
      rem = Math.floor(rem / shape[i]!);
    }
    yield idx;
  }
}

/** A flat-array view of a tensor with `at(...idx)` for reference implementations. */
export function view(t: Tensor): { at: (...idx: number[]) => number; shape: number[] } {
  const shape = [...t.shape];
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const values = Array.from(t.values, Number);
  return { shape, at: (...idx) => values[idx.reduce((o, v, i) => o + v * strides[i]!, 0)]! };
}

/** Builds a float32 tensor of `shape` from a function of the multi-index. */
export function fromFn(shape: number[], f: (idx: number[]) => number): Tensor {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let k = 0;
  for (const idx of indices(shape)) out[k++] = f(idx);
  return new Tensor(out, shape, "float32");
}

/**
 * Finite-difference check of a layer's gradients with respect to its inputs and its trainable
 * weights. Build the layer with `dtype: "float64"`; `inputs` are float64 tensors.
 */
export function checkLayerGradients(layer: Layer, inputs: Tensor | Tensor[], options: { training?: boolean; atol?: number; rtol?: number } = {}): void {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  layer.apply(Array.isArray(inputs) ? inputs : inputs);
  const ws = layer.trainableWeights;
  const fn = (...args: Tensor[]): Tensor => {
    const xs = args.slice(0, list.length);
    args.slice(list.length).forEach((w, i) => ws[i]!.assign(w));
    return layer.apply(Array.isArray(inputs) ? xs : xs[0]!, { training: options.training ?? false }) as Tensor;
  };
  checkGradients(fn, [...list, ...ws.map((w) => w.value)], { atol: options.atol ?? 1e-6, rtol: options.rtol ?? 1e-4 });
}
