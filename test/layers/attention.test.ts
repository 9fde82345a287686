import { beforeEach, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { valueAndGrad } from "../../src/autodiff/grad.js";
import { getMask, setMask } from "../../src/layers/masking.js";
import { AdditiveAttention, Attention, MultiHeadAttention } from "../../src/layers/recurrentIndex.js";
import { camelKey, mapKeys } from "../../src/serialization/keys.js";
import { convertToTensor } from "../../src/tensor/convert.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { resetNameCounters } from "../../src/util/names.js";
import { randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

beforeEach(() => resetNameCounters());

/** Deterministic values in [-0.8, 0.8). */
function rnd(shape: number[], seed: number): any {
  let s = seed * 7919 + 17;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 1.6 - 0.8;
  };
  const build = (dims: number[]): any => (dims.length === 0 ? next() : Array.from({ length: dims[0]! }, () => build(dims.slice(1))));
  return build(shape);
}

function softmaxRow(xs: number[], keep: boolean[]): number[] {
  const vals = xs.map((x, i) => (keep[i] ? x : -1e9));
  const m = Math.max(...vals);
  const e = vals.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v, i) => (keep[i] ? v / z : 0));
}

interface MhaWeights {
  Wq: number[][][];
  bq: number[][];
  Wk: number[][][];
  bk: number[][];
  Wv: number[][][];
  bv: number[][];
  Wo: number[][][];
  bo: number[];
}

/** Naive multi-head attention, one head and one position at a time. */
function naiveMHA(q: number[][][], v: number[][][], k: number[][][], w: MhaWeights, heads: number, keyDim: number, valueDim: number, keep?: (b: number, t: number, s: number) => boolean) {
  const proj = (x: number[], W: number[][][], bias: number[][], n: number, d: number) =>
    Array.from({ length: d }, (_, j) => bias[n]![j]! + x.reduce((acc, xi, i) => acc + xi * W[i]![n]![j]!, 0));
  const outDim = w.bo.length;
  const scores: number[][][][] = [];
  const out = q.map((qb, b) => {
    const perHead: number[][][] = [];
    const bScores: number[][][] = [];
    for (let n = 0; n < heads; n++) {
      const Q = qb.map((x) => proj(x, w.Wq, w.bq, n, keyDim));
      const K = k[b]!.map((x) => proj(x, w.Wk, w.bk, n, keyDim));
      const V = v[b]!.map((x) => proj(x, w.Wv, w.bv, n, valueDim));
      const probs = Q.map((qt, t) =>
        softmaxRow(
          K.map((ks) => qt.reduce((acc, qi, i) => acc + qi * ks[i]!, 0) / Math.sqrt(keyDim)),
          K.map((_, s) => (keep ? keep(b, t, s) : true)),
        ),
      );
      bScores.push(probs);
      perHead.push(probs.map((p) => Array.from({ length: valueDim }, (_, j) => p.reduce((acc, ps, s) => acc + ps * V[s]![j]!, 0))));
    }
    scores.push(bScores);
    return qb.map((_, t) =>
      Array.from({ length: outDim }, (_, o) => {
        let acc = w.bo[o]!;
        for (let n = 0; n < heads; n++) for (let j = 0; j < valueDim; j++) acc += perHead[n]![t]![j]! * w.Wo[n]![j]![o]!;
        return acc;
      }),
    );
  });
  return { out, scores };
}

const Bt = 2;
const Tq = 3;
const S = 4;
const D = 5;
const H = 2;
const KD = 3;
const VD = 2;

function mhaSetup(outDim = D) {
  const w: MhaWeights = {
    Wq: rnd([D, H, KD], 1),
    bq: rnd([H, KD], 2),
    Wk: rnd([D, H, KD], 3),
    bk: rnd([H, KD], 4),
    Wv: rnd([D, H, VD], 5),
    bv: rnd([H, VD], 6),
    Wo: rnd([H, VD, outDim], 7),
    bo: rnd([outDim], 8),
  };
  const list = [w.Wq, w.bq, w.Wk, w.bk, w.Wv, w.bv, w.Wo, w.bo];
  return { w, list };
}

const Q: number[][][] = rnd([Bt, Tq, D], 11);
const V: number[][][] = rnd([Bt, S, D], 12);
const K: number[][][] = rnd([Bt, S, D], 13);

describe("MultiHeadAttention", () => {
  it("matches a naive per-head computation; weights in Keras's layout and order", () => {
    const { w, list } = mhaSetup();
    const mha = new MultiHeadAttention(H, KD, { valueDim: VD });
    const y = mha.apply(keras.Input([Tq, D]), { value: keras.Input([S, D]), key: keras.Input([S, D]) });
    expect(y.shape).toEqual([null, Tq, D]);
    expect(mha.weights.map((x) => [x.path, x.shape])).toEqual([
      ["query/kernel", [D, H, KD]],
      ["query/bias", [H, KD]],
      ["key/kernel", [D, H, KD]],
      ["key/bias", [H, KD]],
      ["value/kernel", [D, H, VD]],
      ["value/bias", [H, VD]],
      ["attention_output/kernel", [H, VD, D]],
      ["attention_output/bias", [D]],
    ]);
    mha.setWeights(list);
    const ref = naiveMHA(Q, V, K, w, H, KD, VD);
    const q = convertToTensor(Q);
    const v = convertToTensor(V);
    const k = convertToTensor(K);
    expect(mha.apply([q, v, k])).toBeAllclose(ref.out, { atol: 1e-5 });
    expect(mha.apply(q, { value: v, key: k })).toBeAllclose(ref.out, { atol: 1e-5 });
    const [out, scores] = mha.apply(q, { value: v, key: k, returnAttentionScores: true }) as Tensor[];
    expect(out).toBeAllclose(ref.out, { atol: 1e-5 });
    expect(scores).toBeAllclose(ref.scores, { atol: 1e-6 });
    // key defaults to value
    expect(mha.apply([q, v])).toBeAllclose(naiveMHA(Q, V, V, w, H, KD, VD).out, { atol: 1e-5 });
  });

  it("applies attention masks, causal masks and the inputs' masks", () => {
    const { w, list } = mhaSetup();
    const mha = new MultiHeadAttention(H, KD, { valueDim: VD });
    mha.apply([convertToTensor(Q), convertToTensor(V)]);
    mha.setWeights(list);
    const am = [0, 1].map((b) => Array.from({ length: Tq }, (_, t) => Array.from({ length: S }, (_, s) => (b + t + s) % 3 !== 0)));
    const q = convertToTensor(Q);
    const v = convertToTensor(V);
    expect(mha.apply(q, { value: v, attentionMask: am })).toBeAllclose(naiveMHA(Q, V, V, w, H, KD, VD, (b, t, s) => am[b]![t]![s]!).out, { atol: 1e-5 });
    expect(mha.apply(q, { value: v, useCausalMask: true })).toBeAllclose(naiveMHA(Q, V, V, w, H, KD, VD, (_b, t, s) => s <= t).out, { atol: 1e-5 });
    // value mask (from Embedding/Masking) hides key positions; the output carries the query mask
    const vm = [
      [true, true, false, true],
      [true, false, false, false],
    ];
    const qm = [
      [true, true, false],
      [true, true, true],
    ];
    const vt = ops.add(v, 0);
    const qt = ops.add(q, 0);
    setMask(vt, convertToTensor(vm, "bool"));
    setMask(qt, convertToTensor(qm, "bool"));
    const y = mha.apply(qt, { value: vt });
    expect(y).toBeAllclose(naiveMHA(Q, V, V, w, H, KD, VD, (b, t, s) => vm[b]![s]! && qm[b]![t]!).out, { atol: 1e-5 });
    expect(getMask(y)).toBeAllclose(qm);
  });

  it("supports outputShape, rank-4 inputs and symbolic shapes equal to eager ones", () => {
    const mha = new MultiHeadAttention(2, 4, { outputShape: [3, 2] });
    const q = randomTensor([2, 3, 2, 5], 1);
    const v = randomTensor([2, 2, 2, 6], 2);
    const [y, s] = mha.apply(q, { value: v, returnAttentionScores: true }) as Tensor[];
    expect(y.shape).toEqual([2, 3, 2, 3, 2]);
    expect(s.shape).toEqual([2, 2, 3, 2, 2, 2]);
    expect(mha.weights.map((x) => x.shape)).toEqual([[5, 2, 4], [2, 4], [6, 2, 4], [2, 4], [6, 2, 4], [2, 4], [2, 4, 3, 2], [3, 2]]);
    const [ys, ss] = mha.apply(keras.Input([3, 2, 5]), { value: keras.Input([2, 2, 6]), returnAttentionScores: true }) as { shape: unknown[] }[];
    expect(ys!.shape.slice(1)).toEqual(y.shape.slice(1));
    expect(ss!.shape.slice(1)).toEqual(s.shape.slice(1));
    expect(() => new MultiHeadAttention(2, 4, { attentionAxes: [2] }).apply(q, { value: q })).toThrow(/attentionAxes/);
    expect(() => new MultiHeadAttention(0, 4)).toThrow(/num_heads/);
    expect(() => new MultiHeadAttention(2, 4).apply(q)).toThrow(/query and a value/);
  });

  it("config round trip, gradients by finite differences and a training step", () => {
    const mha = new MultiHeadAttention(2, 2, { valueDim: 3, dropout: 0.1, useBias: true, dtype: "float64", seed: 3 });
    const q = randomTensor([1, 2, 3], 4);
    const v = randomTensor([1, 3, 3], 5);
    mha.apply([q, v]);
    const config = JSON.parse(JSON.stringify(mha.getConfig()));
    const copy = new MultiHeadAttention(mapKeys(config, camelKey) as never);
    expect(copy.getConfig()).toEqual(mha.getConfig());
    copy.apply([q, v]);
    copy.setWeights(mha.getWeights());
    expect(copy.apply([q, v])).toBeAllclose(mha.apply([q, v]));
    // gradients w.r.t. every weight and the query
    const wsum = (y: Tensor) => ops.sum(ops.multiply(y, randomTensor([...y.shape], 9, 0.5, 1.5)));
    const grads = valueAndGrad(() => wsum(mha.apply([q, v]) as Tensor))(mha.trainableWeights)[1] as Tensor[];
    const eps = 1e-6;
    mha.trainableWeights.forEach((w, k) => {
      const base = w.value;
      const numeric = new Float64Array(base.size);
      for (let i = 0; i < base.size; i++) {
        const p = Float64Array.from(base.values as Float64Array);
        const m = Float64Array.from(base.values as Float64Array);
        p[i] += eps;
        m[i] -= eps;
        w.assign(new Tensor(p, base.shape, "float64"));
        const fp = wsum(mha.apply([q, v]) as Tensor).item();
        w.assign(new Tensor(m, base.shape, "float64"));
        const fm = wsum(mha.apply([q, v]) as Tensor).item();
        numeric[i] = (fp - fm) / (2 * eps);
      }
      w.assign(base);
      expect(grads[k], w.path).toBeAllclose(new Tensor(numeric, base.shape, "float64"), { rtol: 1e-5, atol: 1e-8 });
    });
    const before = mha.getWeights();
    const g2 = valueAndGrad(() => ops.mean(ops.square(mha.apply([q, v], { training: true }) as Tensor)))(mha.trainableWeights)[1] as Tensor[];
    mha.trainableWeights.forEach((w, i) => w.assign(ops.subtract(w.value, ops.multiply(g2[i]!, 0.1))));
    mha.getWeights().forEach((w, i) => expect(Array.from(w.values).some((x, j) => x !== before[i]!.values[j])).toBe(true));
    // dropout is active in training only
    expect(mha.apply([q, v], { training: false })).toBeAllclose(mha.apply([q, v]));
  });
});

describe("Attention and AdditiveAttention", () => {
  const q: number[][][] = rnd([2, 3, 4], 21);
  const v: number[][][] = rnd([2, 5, 4], 22);
  const k: number[][][] = rnd([2, 5, 4], 23);

  function reference(score: (qt: number[], ks: number[]) => number, keep?: (b: number, t: number, s: number) => boolean, qMask?: boolean[][]) {
    return q.map((qb, b) =>
      qb.map((qt, t) => {
        const p = softmaxRow(
          k[b]!.map((ks) => score(qt, ks)),
          k[b]!.map((_, s) => (keep ? keep(b, t, s) : true)),
        );
        if (qMask && !qMask[b]![t]) return v[b]![0]!.map(() => 0);
        return v[b]![0]!.map((_, j) => p.reduce((acc, ps, s) => acc + ps * v[b]![s]![j]!, 0));
      }),
    );
  }
  const dot = (a: number[], b: number[]) => a.reduce((acc, x, i) => acc + x * b[i]!, 0);

  it("Attention: dot scores (with a learned scale), value masks, causal masks, query masks", () => {
    const att = new Attention({ useScale: true });
    const qt = convertToTensor(q);
    const vt = convertToTensor(v);
    const kt = convertToTensor(k);
    att.apply([qt, vt, kt]);
    expect(att.weights.map((w) => [w.name, w.shape])).toEqual([["scale", []]]);
    att.setWeights([1.7]);
    expect(att.apply([qt, vt, kt])).toBeAllclose(reference((a, b) => 1.7 * dot(a, b)), { atol: 1e-5 });
    const vm = [
      [true, false, true, true, false],
      [false, true, true, true, true],
    ];
    const qm = [
      [true, false, true],
      [true, true, true],
    ];
    expect(att.apply([qt, vt, kt], { mask: [convertToTensor(qm, "bool"), convertToTensor(vm, "bool")] })).toBeAllclose(
      reference((a, b) => 1.7 * dot(a, b), (bb, _t, s) => vm[bb]![s]!, qm),
      { atol: 1e-5 },
    );
    const [out, w] = att.apply([qt, vt, kt], { useCausalMask: true, returnAttentionScores: true }) as Tensor[];
    expect(out).toBeAllclose(reference((a, b) => 1.7 * dot(a, b), (_b, t, s) => s <= t), { atol: 1e-5 });
    expect(ops.sum(w, -1)).toBeAllclose(new Array(6).fill(1), { ignoreShape: true, atol: 1e-6 });
  });

  it("Attention concat scores and AdditiveAttention match their formulas", () => {
    const qt = convertToTensor(q);
    const vt = convertToTensor(v);
    const kt = convertToTensor(k);
    const concat = new Attention({ scoreMode: "concat", useScale: true });
    concat.apply([qt, vt, kt]);
    expect(concat.weights.map((w) => w.name)).toEqual(["scale", "concat_score_weight"]);
    concat.setWeights([0.8, 1.3]);
    const tanhSum = (a: number[], b: number[], scale: (i: number) => number) => a.reduce((acc, x, i) => acc + Math.tanh(scale(i) * (x + b[i]!)), 0);
    expect(concat.apply([qt, vt, kt])).toBeAllclose(reference((a, b) => 1.3 * tanhSum(a, b, () => 0.8)), { atol: 1e-5 });
    const add = new AdditiveAttention();
    add.apply([qt, vt, kt]);
    expect(add.weights.map((w) => [w.name, w.shape])).toEqual([["scale", [4]]]);
    const scale = [0.5, -1, 2, 0.25];
    add.setWeights([scale]);
    const addScore = (a: number[], b: number[]) => a.reduce((acc, x, i) => acc + scale[i]! * Math.tanh(x + b[i]!), 0);
    expect(add.apply([qt, vt, kt])).toBeAllclose(reference(addScore), { atol: 1e-5 });
    expect(add.getConfig()).not.toHaveProperty("score_mode");
    expect(new AdditiveAttention(mapKeys(JSON.parse(JSON.stringify(add.getConfig())), camelKey) as never).getConfig()).toEqual(add.getConfig());
    expect(new Attention(mapKeys(JSON.parse(JSON.stringify(concat.getConfig())), camelKey) as never).getConfig()).toEqual(concat.getConfig());
    expect(() => new Attention({ scoreMode: "max" as never })).toThrow(/score_mode/);
  });

  it("symbolic shapes equal eager shapes; gradients by finite differences", () => {
    for (const layer of [new Attention({ useScale: true, scoreMode: "concat", dtype: "float64" }), new AdditiveAttention({ dtype: "float64" })]) {
      const [ys, ss] = layer.apply([keras.Input([3, 4]), keras.Input([5, 4])], { returnAttentionScores: true }) as { shape: unknown[] }[];
      const qt = randomTensor([1, 3, 4], 1);
      const vt = randomTensor([1, 5, 4], 2);
      const [y, s] = layer.apply([qt, vt], { returnAttentionScores: true }) as Tensor[];
      expect(ys!.shape.slice(1)).toEqual(y.shape.slice(1));
      expect(ss!.shape.slice(1)).toEqual(s.shape.slice(1));
      const f = (x: Tensor) => ops.sum(ops.multiply(layer.apply([x, vt]) as Tensor, randomTensor([1, 3, 4], 7)));
      const [, g] = valueAndGrad(f)(qt);
      const eps = 1e-6;
      const numeric = new Float64Array(qt.size);
      for (let i = 0; i < qt.size; i++) {
        const p = Float64Array.from(qt.values as Float64Array);
        const m = Float64Array.from(qt.values as Float64Array);
        p[i] += eps;
        m[i] -= eps;
        numeric[i] = (f(new Tensor(p, qt.shape, "float64")).item() - f(new Tensor(m, qt.shape, "float64")).item()) / (2 * eps);
      }
      expect(g).toBeAllclose(new Tensor(numeric, qt.shape, "float64"), { rtol: 1e-5, atol: 1e-8 });
    }
  });

  it("needs a list of inputs", () => {
    expect(() => new Attention().apply(keras.Input([3, 4]))).toThrow(/list of 2 or 3 inputs/);
  });
});
