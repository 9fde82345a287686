import { beforeEach, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { valueAndGrad } from "../../src/autodiff/grad.js";
import { Layer } from "../../src/layers/layer.js";
import {
  Bidirectional,
  ConvLSTM1D,
  ConvLSTM2D,
  GRU,
  GRUCell,
  LSTM,
  LSTMCell,
  Masking,
  RNN,
  SimpleRNN,
  SimpleRNNCell,
  StackedRNNCells,
  TimeDistributed,
} from "../../src/layers/recurrentIndex.js";
import { camelKey, mapKeys } from "../../src/serialization/keys.js";
import { getBuiltin } from "../../src/serialization/registry.js";
import { convertToTensor } from "../../src/tensor/convert.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { resetNameCounters } from "../../src/util/names.js";
import { randomTensor } from "../helpers/gradcheck.js";

const { ops } = keras;

beforeEach(() => resetNameCounters());

// ------------------------------------------------------------------ plain-JS references

type Vec = number[];
type Mat = number[][];

/** Deterministic values in [-0.6, 0.6). */
function rnd(shape: number[], seed: number): any {
  let s = seed * 7919 + 17;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 1.2 - 0.6;
  };
  const build = (dims: number[]): any => (dims.length === 0 ? next() : Array.from({ length: dims[0]! }, () => build(dims.slice(1))));
  return build(shape);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const hardSigmoidK2 = (x: number) => Math.min(1, Math.max(0, 0.2 * x + 0.5));
const hardSigmoidK3 = (x: number) => Math.min(1, Math.max(0, x / 6 + 0.5));

/** v · W[:, from:to] */
function vecMat(v: Vec, W: Mat, from = 0, to = W[0]!.length): Vec {
  const out = new Array(to - from).fill(0);
  for (let j = from; j < to; j++) for (let i = 0; i < v.length; i++) out[j - from] += v[i]! * W[i]![j]!;
  return out;
}
const addV = (a: Vec, b: Vec) => a.map((x, i) => x + b[i]!);
const part = (v: Vec, g: number, u: number) => v.slice(g * u, (g + 1) * u);

type Step = (x: Vec, states: Vec[]) => Vec[];

function lstmStep(K: Mat, R: Mat, b: Vec | null, u: number, ra: (x: number) => number = sigmoid): Step {
  return (x, [h, c]) => {
    let z = addV(vecMat(x, K), vecMat(h!, R));
    if (b) z = addV(z, b);
    const i = part(z, 0, u).map(ra);
    const f = part(z, 1, u).map(ra);
    const cc = part(z, 2, u).map(Math.tanh);
    const o = part(z, 3, u).map(ra);
    const c2 = c!.map((cv, k) => f[k]! * cv + i[k]! * cc[k]!);
    const h2 = c2.map((cv, k) => o[k]! * Math.tanh(cv));
    return [h2, c2];
  };
}

function gruStep(K: Mat, R: Mat, b: Vec | Mat | null, u: number, resetAfter: boolean): Step {
  return (x, [h]) => {
    const inBias = b ? (resetAfter ? (b as Mat)[0]! : (b as Vec)) : new Array(3 * u).fill(0);
    const recBias = b && resetAfter ? (b as Mat)[1]! : new Array(3 * u).fill(0);
    const xz = addV(vecMat(x, K), inBias);
    let z: Vec;
    let hh: Vec;
    if (resetAfter) {
      const inner = addV(vecMat(h!, R), recBias);
      z = addV(part(xz, 0, u), part(inner, 0, u)).map(sigmoid);
      const r = addV(part(xz, 1, u), part(inner, 1, u)).map(sigmoid);
      hh = part(xz, 2, u).map((v, k) => Math.tanh(v + r[k]! * part(inner, 2, u)[k]!));
    } else {
      z = addV(part(xz, 0, u), vecMat(h!, R, 0, u)).map(sigmoid);
      const r = addV(part(xz, 1, u), vecMat(h!, R, u, 2 * u)).map(sigmoid);
      const rh = h!.map((v, k) => v * r[k]!);
      hh = addV(part(xz, 2, u), vecMat(rh, R, 2 * u, 3 * u)).map(Math.tanh);
    }
    return [h!.map((hv, k) => z[k]! * hv + (1 - z[k]!) * hh[k]!)];
  };
}

function simpleStep(K: Mat, R: Mat, b: Vec | null): Step {
  return (x, [h]) => {
    let z = addV(vecMat(x, K), vecMat(h!, R));
    if (b) z = addV(z, b);
    return [z.map(Math.tanh)];
  };
}

interface RunOptions {
  goBackwards?: boolean;
  mask?: boolean[][];
  init?: Vec[][];
  zeroOutputForMask?: boolean;
}

/** Runs a step over (batch, time, features): outputs in processing order and final states. */
function runRef(step: Step, x: number[][][], stateSizes: number[], o: RunOptions = {}): { seq: number[][][]; last: Mat; states: Mat[] } {
  const seq: number[][][] = [];
  const finals: Vec[][] = [];
  x.forEach((sample, b) => {
    let states = o.init ? o.init.map((s) => [...s[b]!]) : stateSizes.map((d) => new Array(d).fill(0));
    let prev = states[0]!;
    const outs: Vec[] = [];
    const T = sample.length;
    for (let s = 0; s < T; s++) {
      const t = o.goBackwards ? T - 1 - s : s;
      const next = step(sample[t]!, states);
      if (o.mask && !o.mask[b]![t]) {
        outs.push(o.zeroOutputForMask ? prev.map(() => 0) : prev);
      } else {
        states = next;
        prev = next[0]!;
        outs.push(prev);
      }
    }
    seq.push(outs);
    finals.push(states);
  });
  return { seq, last: seq.map((s) => s[s.length - 1]!), states: stateSizes.map((_, i) => finals.map((f) => f[i]!)) };
}

const B = 2;
const T = 4;
const F = 3;
const U = 2;
const X: number[][][] = rnd([B, T, F], 1);

function lstmWeights(seed = 2): [Mat, Mat, Vec] {
  return [rnd([F, 4 * U], seed), rnd([U, 4 * U], seed + 1), rnd([4 * U], seed + 2)];
}

/** A scalar loss for gradient checks: sum(y * w) with fixed weights. */
function weightedSum(y: Tensor): Tensor {
  const w = randomTensor([...y.shape], 5, 0.5, 1.5);
  return ops.sum(ops.multiply(y, ops.cast(w, y.dtype)));
}

/** Gradients of weightedSum(layer(x)) w.r.t. the layer's weights, against central differences. */
function checkWeightGradients(layer: Layer, x: Tensor, out: (y: unknown) => Tensor = (y) => y as Tensor, eps = 1e-6): void {
  const weights = layer.trainableWeights;
  const f = () => weightedSum(out(layer.apply(x))).item();
  const grads = valueAndGrad(() => weightedSum(out(layer.apply(x))))(weights)[1] as Tensor[];
  weights.forEach((w, k) => {
    const base = w.value;
    const numeric = new Float64Array(base.size);
    for (let i = 0; i < base.size; i++) {
      const plus = Float64Array.from(base.values as Float64Array);
      const minus = Float64Array.from(base.values as Float64Array);
      plus[i] += eps;
      minus[i] -= eps;
      w.assign(new Tensor(plus, base.shape, "float64"));
      const fp = f();
      w.assign(new Tensor(minus, base.shape, "float64"));
      const fm = f();
      numeric[i] = (fp - fm) / (2 * eps);
    }
    w.assign(base);
    expect(grads[k], `gradient of ${w.path}`).toBeAllclose(new Tensor(numeric, base.shape, "float64"), { rtol: 1e-5, atol: 1e-7 });
  });
}

// ------------------------------------------------------------------ cells and layers vs references

describe("LSTM", () => {
  it("matches a step-by-step reference (Keras gate order i, f, c, o) for outputs and states", () => {
    const [K, R, b] = lstmWeights();
    const layer = new LSTM(U, { returnSequences: true, returnState: true });
    layer.build([null, T, F]);
    layer.setWeights([K, R, b]);
    const [seq, h, c] = layer.apply(X) as Tensor[];
    const ref = runRef(lstmStep(K, R, b, U), X, [U, U]);
    expect(seq).toBeAllclose(ref.seq, { atol: 1e-6 });
    expect(h).toBeAllclose(ref.states[0], { atol: 1e-6 });
    expect(c).toBeAllclose(ref.states[1], { atol: 1e-6 });
    const last = new LSTM(U);
    last.build([null, T, F]);
    last.setWeights([K, R, b]);
    expect(last.apply(X)).toBeAllclose(ref.last, { atol: 1e-6 });
  });

  it("has Keras's weights: cell kernel, recurrent_kernel, bias with the forget slice at 1", () => {
    const layer = new LSTM(3);
    layer.build([null, 5, 4]);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([
      ["kernel", [4, 12]],
      ["recurrent_kernel", [3, 12]],
      ["bias", [12]],
    ]);
    expect(layer.weights[0]!.path).toBe("lstm_cell/kernel");
    expect(layer.cell.name).toBe("lstm_cell");
    expect(layer.weights[2]!.value).toBeAllclose([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(layer.countParams()).toBe(4 * 12 + 3 * 12 + 12);
    const noForget = new LSTM(2, { unitForgetBias: false, useBias: true });
    noForget.build([null, 5, 4]);
    expect(noForget.weights[2]!.value).toBeAllclose(new Array(8).fill(0));
    const noBias = new LSTM(2, { useBias: false });
    noBias.build([null, 5, 4]);
    expect(noBias.weights.map((w) => w.name)).toEqual(["kernel", "recurrent_kernel"]);
  });

  it("goBackwards processes the sequence from the end and returns the reversed sequence", () => {
    const [K, R, b] = lstmWeights(7);
    const layer = new LSTM(U, { returnSequences: true, goBackwards: true });
    layer.build([null, T, F]);
    layer.setWeights([K, R, b]);
    expect(layer.apply(X)).toBeAllclose(runRef(lstmStep(K, R, b, U), X, [U, U], { goBackwards: true }).seq, { atol: 1e-6 });
  });

  it("skips masked timesteps (states and output carried) and honours zeroOutputForMask", () => {
    const [K, R, b] = lstmWeights(11);
    const mask = [
      [true, false, true, false],
      [false, true, true, true],
    ];
    for (const zero of [false, true]) {
      const layer = new LSTM(U, { returnSequences: true, returnState: true, zeroOutputForMask: zero });
      layer.build([null, T, F]);
      layer.setWeights([K, R, b]);
      const [seq, h, c] = layer.apply(X, { mask: convertToTensor(mask, "bool") }) as Tensor[];
      const ref = runRef(lstmStep(K, R, b, U), X, [U, U], { mask, zeroOutputForMask: zero });
      expect(seq).toBeAllclose(ref.seq, { atol: 1e-6 });
      expect(h).toBeAllclose(ref.states[0], { atol: 1e-6 });
      expect(c).toBeAllclose(ref.states[1], { atol: 1e-6 });
    }
  });

  it("takes initial states through apply(x, { initialState })", () => {
    const [K, R, b] = lstmWeights(13);
    const h0 = rnd([B, U], 21);
    const c0 = rnd([B, U], 22);
    const layer = new LSTM(U, { returnState: true });
    layer.build([null, T, F]);
    layer.setWeights([K, R, b]);
    const [out, h, c] = layer.apply(X, { initialState: [h0, c0] }) as Tensor[];
    const ref = runRef(lstmStep(K, R, b, U), X, [U, U], { init: [h0, c0] });
    expect(out).toBeAllclose(ref.last, { atol: 1e-6 });
    expect(h).toBeAllclose(ref.states[0], { atol: 1e-6 });
    expect(c).toBeAllclose(ref.states[1], { atol: 1e-6 });
    expect(() => layer.apply(X, { initialState: [h0] })).toThrow(/expects 2 initial state/);
  });

  it("initial states can be symbolic inputs of a functional model", () => {
    const [K, R, b] = lstmWeights(13);
    const h0 = rnd([B, U], 21);
    const c0 = rnd([B, U], 22);
    const xi = keras.Input([T, F]);
    const hi = keras.Input([U]);
    const ci = keras.Input([U]);
    const layer = new LSTM(U);
    const y = layer.apply(xi, { initialState: [hi, ci] });
    expect(y.shape).toEqual([null, U]);
    layer.setWeights([K, R, b]);
    const model = new keras.Model([xi, hi, ci], y);
    const out = model.predict([convertToTensor(X), convertToTensor(h0), convertToTensor(c0)]);
    expect(out).toBeAllclose(runRef(lstmStep(K, R, b, U), X, [U, U], { init: [h0, c0] }).last, { atol: 1e-6 });
  });

  it("stateful layers carry states between calls until resetStates()", () => {
    const [K, R, b] = lstmWeights(17);
    const layer = new LSTM(U, { stateful: true, returnSequences: true });
    layer.build([B, 2, F]);
    layer.setWeights([K, R, b]);
    const first = X.map((s) => s.slice(0, 2));
    const second = X.map((s) => s.slice(2));
    layer.apply(first);
    const ref = runRef(lstmStep(K, R, b, U), X, [U, U]);
    expect(layer.apply(second)).toBeAllclose(ref.seq.map((s) => s.slice(2)), { atol: 1e-6 });
    layer.resetStates();
    expect(layer.apply(second)).toBeAllclose(runRef(lstmStep(K, R, b, U), second, [U, U]).seq, { atol: 1e-6 });
    expect(() => layer.apply(rnd([3, 2, F], 3))).toThrow(/batch size/);
    expect(() => new LSTM(U, { stateful: true }).apply(keras.Input([2, F]))).toThrow(/batch size must be static/);
  });

  it("Keras 2 hard_sigmoid: legacyActivations selects clip(0.2x + 0.5, 0, 1)", () => {
    const [K, R, b] = lstmWeights(19);
    const scaled = K.map((row) => row.map((v) => v * 8));
    for (const [legacy, fn] of [
      [true, hardSigmoidK2],
      [false, hardSigmoidK3],
    ] as const) {
      const layer = new LSTM(U, { recurrentActivation: "hard_sigmoid", legacyActivations: legacy });
      layer.build([null, T, F]);
      layer.setWeights([scaled, R, b]);
      expect(layer.apply(X)).toBeAllclose(runRef(lstmStep(scaled, R, b, U, fn), X, [U, U]).last, { atol: 1e-6 });
      expect(layer.getConfig().recurrent_activation).toBe("hard_sigmoid");
      expect("legacy_activations" in layer.getConfig()).toBe(false);
    }
  });

  it("dropout acts in training only, with one mask per sequence", () => {
    const [K, R, b] = lstmWeights(23);
    const layer = new LSTM(U, { dropout: 0.5, recurrentDropout: 0.5, seed: 1 });
    layer.build([null, T, F]);
    layer.setWeights([K, R, b]);
    const ref = runRef(lstmStep(K, R, b, U), X, [U, U]).last;
    expect(layer.apply(X)).toBeAllclose(ref, { atol: 1e-6 });
    expect(layer.apply(X, { training: false })).toBeAllclose(ref, { atol: 1e-6 });
    const trained = layer.apply(X, { training: true }) as Tensor;
    expect(trained.shape).toEqual([B, U]);
    expect(allClose(trained, ref)).toBe(false);
  });

  it("rejects a 2-D input naming the layer and the shape", () => {
    const layer = new LSTM(4, { name: "my_lstm" });
    expect(() => layer.apply(keras.Input([3]))).toThrow(/layer "my_lstm".*expected ndim=3, found ndim=2\. Full shape received: \(None, 3\)/);
    expect(() => new LSTM(0)).toThrow(/LSTM.*units.*positive integer/);
    expect(() => new LSTM(4, { return_sequences: true } as never)).toThrow(/return_sequences.*returnSequences/);
  });
});

function allClose(a: Tensor, b: unknown): boolean {
  const av = Array.from(a.values, Number);
  const bv = (b as any[]).flat(3) as number[];
  return av.every((v, i) => Math.abs(v - bv[i]!) < 1e-6);
}

describe("GRU", () => {
  for (const resetAfter of [true, false]) {
    it(`matches a step-by-step reference with resetAfter=${resetAfter} (gates z, r, h)`, () => {
      const K: Mat = rnd([F, 3 * U], 31);
      const R: Mat = rnd([U, 3 * U], 32);
      const b = resetAfter ? rnd([2, 3 * U], 33) : rnd([3 * U], 33);
      const layer = new GRU(U, { returnSequences: true, returnState: true, resetAfter });
      layer.build([null, T, F]);
      expect(layer.weights.map((w) => w.shape)).toEqual([[F, 3 * U], [U, 3 * U], resetAfter ? [2, 3 * U] : [3 * U]]);
      layer.setWeights([K, R, b]);
      const [seq, h] = layer.apply(X) as Tensor[];
      const ref = runRef(gruStep(K, R, b, U, resetAfter), X, [U]);
      expect(seq).toBeAllclose(ref.seq, { atol: 1e-6 });
      expect(h).toBeAllclose(ref.states[0], { atol: 1e-6 });
      const mask = [
        [true, true, false, true],
        [true, false, false, true],
      ];
      const back = new GRU(U, { returnSequences: true, goBackwards: true, resetAfter });
      back.build([null, T, F]);
      back.setWeights([K, R, b]);
      expect(back.apply(X, { mask: convertToTensor(mask, "bool") })).toBeAllclose(
        runRef(gruStep(K, R, b, U, resetAfter), X, [U], { goBackwards: true, mask }).seq,
        { atol: 1e-6 },
      );
    });
  }

  it("defaults to resetAfter=true and names its cell gru_cell", () => {
    const layer = new GRU(3);
    expect(layer.resetAfter).toBe(true);
    expect(layer.cell.name).toBe("gru_cell");
    expect(layer.getConfig().reset_after).toBe(true);
  });
});

describe("SimpleRNN", () => {
  it("matches h_t = tanh(x·K + b + h·R)", () => {
    const K: Mat = rnd([F, U], 41);
    const R: Mat = rnd([U, U], 42);
    const b: Vec = rnd([U], 43);
    const layer = new SimpleRNN(U, { returnSequences: true, returnState: true });
    layer.build([null, T, F]);
    layer.setWeights([K, R, b]);
    const [seq, h] = layer.apply(X) as Tensor[];
    const ref = runRef(simpleStep(K, R, b), X, [U]);
    expect(seq).toBeAllclose(ref.seq, { atol: 1e-6 });
    expect(h).toBeAllclose(ref.states[0], { atol: 1e-6 });
  });
});

describe("RNN with cells", () => {
  it("RNN(LSTMCell) equals LSTM; cells work on their own", () => {
    const [K, R, b] = lstmWeights(51);
    const layer = new RNN(new LSTMCell(U), { returnSequences: true });
    layer.build([null, T, F]);
    layer.setWeights([K, R, b]);
    expect(layer.apply(X)).toBeAllclose(runRef(lstmStep(K, R, b, U), X, [U, U]).seq, { atol: 1e-6 });
    const cell = new LSTMCell(U);
    cell.build([null, F]);
    cell.setWeights([K, R, b]);
    const x0 = X.map((s) => s[0]!);
    const [h, , c] = cell.apply([convertToTensor(x0), ops.zeros([B, U]), ops.zeros([B, U])]) as Tensor[];
    const [rh, rc] = ([0, 1] as const).map((i) => x0.map((x) => lstmStep(K, R, b, U)(x, [[0, 0], [0, 0]])[i]!));
    expect(h).toBeAllclose(rh, { atol: 1e-6 });
    expect(c).toBeAllclose(rc, { atol: 1e-6 });
  });

  it("stacks cells (RNN([cellA, cellB])) with the states of each cell in order", () => {
    const K1: Mat = rnd([F, U], 61);
    const R1: Mat = rnd([U, U], 62);
    const b1: Vec = rnd([U], 63);
    const K2: Mat = rnd([U, 3 * U], 64);
    const R2: Mat = rnd([U, 3 * U], 65);
    const b2: Mat = rnd([2, 3 * U], 66);
    const layer = new RNN([new SimpleRNNCell(U), new GRUCell(U)], { returnSequences: true, returnState: true });
    layer.build([null, T, F]);
    expect(layer.cell).toBeInstanceOf(StackedRNNCells);
    layer.setWeights([K1, R1, b1, K2, R2, b2]);
    const s1 = simpleStep(K1, R1, b1);
    const s2 = gruStep(K2, R2, b2, U, true);
    const stacked: Step = (x, [h1, h2]) => {
      const [n1] = s1(x, [h1!]);
      const [n2] = s2(n1!, [h2!]);
      return [n2!, n1!, n2!];
    };
    // the reference's first state is the output; map it back to the layer's state order
    const ref = runRef((x, st) => stacked(x, [st[1]!, st[2]!]), X, [U, U, U]);
    const [seq, h1, h2] = layer.apply(X) as Tensor[];
    expect(seq).toBeAllclose(ref.seq, { atol: 1e-6 });
    expect(h1).toBeAllclose(ref.states[1], { atol: 1e-6 });
    expect(h2).toBeAllclose(ref.states[2], { atol: 1e-6 });
  });

  it("rejects a cell that is not an RNNCell", () => {
    expect(() => new RNN(new keras.layers.Dense(2) as never)).toThrow(/the cell must be an RNNCell/);
  });
});

describe("masking from Masking and Embedding layers", () => {
  it("Masking(0) → LSTM skips all-zero timesteps", () => {
    const [K, R, b] = lstmWeights(71);
    const x = X.map((s, i) => s.map((v, t) => ((i + t) % 3 === 1 ? v.map(() => 0) : v)));
    const mask = x.map((s) => s.map((v) => v.some((e) => e !== 0)));
    const lstm = new LSTM(U, { returnSequences: true });
    const model = new keras.Sequential([new Masking(0, { inputShape: [T, F] }), lstm]);
    lstm.setWeights([K, R, b]);
    expect(model.predict(x)).toBeAllclose(runRef(lstmStep(K, R, b, U), x, [U, U], { mask }).seq, { atol: 1e-6 });
  });
});

describe("Bidirectional", () => {
  const [Kf, Rf, bf] = lstmWeights(81);
  const [Kb, Rb, bb] = lstmWeights(91);
  const fwd = runRef(lstmStep(Kf, Rf, bf, U), X, [U, U]);
  const bwd = runRef(lstmStep(Kb, Rb, bb, U), X, [U, U], { goBackwards: true });
  const bwdAligned = bwd.seq.map((s) => [...s].reverse());
  const merge: Record<string, (a: number, b: number) => number> = { sum: (a, b) => a + b, mul: (a, b) => a * b, ave: (a, b) => (a + b) / 2 };

  it("merges forward and re-reversed backward sequences (concat, sum, mul, ave, null)", () => {
    for (const mode of ["concat", "sum", "mul", "ave", null] as const) {
      const bi = new Bidirectional(new LSTM(U, { returnSequences: true }), { mergeMode: mode });
      bi.build([null, T, F]);
      bi.setWeights([Kf, Rf, bf, Kb, Rb, bb]);
      const y = bi.apply(X);
      if (mode === null) {
        expect((y as Tensor[])[0]).toBeAllclose(fwd.seq, { atol: 1e-6 });
        expect((y as Tensor[])[1]).toBeAllclose(bwdAligned, { atol: 1e-6 });
      } else if (mode === "concat") {
        expect(y).toBeAllclose(fwd.seq.map((s, i) => s.map((v, t) => [...v, ...bwdAligned[i]![t]!])), { atol: 1e-6 });
      } else {
        expect(y).toBeAllclose(fwd.seq.map((s, i) => s.map((v, t) => v.map((e, k) => merge[mode]!(e, bwdAligned[i]![t]![k]!)))), { atol: 1e-6 });
      }
    }
  });

  it("keeps Keras's weight order and names, last outputs and returnState", () => {
    const bi = new Bidirectional(new LSTM(U, { returnState: true }));
    bi.build([null, T, F]);
    expect(bi.forwardLayer.name).toBe("forward_lstm");
    expect(bi.backwardLayer.name).toBe("backward_lstm");
    expect(bi.backwardLayer.goBackwards).toBe(true);
    expect(bi.weights.map((w) => w.shape)).toEqual([[F, 4 * U], [U, 4 * U], [4 * U], [F, 4 * U], [U, 4 * U], [4 * U]]);
    bi.setWeights([Kf, Rf, bf, Kb, Rb, bb]);
    const [y, hf, cf, hb, cb] = bi.apply(X) as Tensor[];
    expect(y).toBeAllclose(fwd.last.map((v, i) => [...v, ...bwd.last[i]!]), { atol: 1e-6 });
    expect(hf).toBeAllclose(fwd.states[0], { atol: 1e-6 });
    expect(cf).toBeAllclose(fwd.states[1], { atol: 1e-6 });
    expect(hb).toBeAllclose(bwd.states[0], { atol: 1e-6 });
    expect(cb).toBeAllclose(bwd.states[1], { atol: 1e-6 });
    const sym = bi.apply(keras.Input([T, F])) as { shape: unknown }[];
    expect(sym.map((t) => t.shape)).toEqual([[null, 2 * U], [null, U], [null, U], [null, U], [null, U]]);
  });

  it("masks both directions (zero outputs at masked steps when returning sequences)", () => {
    const mask = [
      [true, true, false, false],
      [true, true, true, false],
    ];
    const bi = new Bidirectional(new LSTM(U, { returnSequences: true }), { mergeMode: null });
    bi.build([null, T, F]);
    bi.setWeights([Kf, Rf, bf, Kb, Rb, bb]);
    const [a, b] = bi.apply(X, { mask: convertToTensor(mask, "bool") }) as Tensor[];
    const f = runRef(lstmStep(Kf, Rf, bf, U), X, [U, U], { mask, zeroOutputForMask: true });
    const r = runRef(lstmStep(Kb, Rb, bb, U), X, [U, U], { mask, zeroOutputForMask: true, goBackwards: true });
    expect(a).toBeAllclose(f.seq, { atol: 1e-6 });
    expect(b).toBeAllclose(r.seq.map((s) => [...s].reverse()), { atol: 1e-6 });
  });

  it("validates its arguments", () => {
    expect(() => new Bidirectional(new LSTM(2), { mergeMode: "max" as never })).toThrow(/merge mode/);
    expect(() => new Bidirectional(new keras.layers.Dense(2) as never)).toThrow(/recurrent layer/);
    expect(() => new Bidirectional(new LSTM(2), { backwardLayer: new LSTM(2) })).toThrow(/goBackwards/);
  });
});

describe("TimeDistributed", () => {
  it("applies Dense to every timestep with shared weights", () => {
    const W: Mat = rnd([F, 5], 101);
    const bias: Vec = rnd([5], 102);
    const td = new TimeDistributed(new keras.layers.Dense(5));
    td.build([null, T, F]);
    expect(td.weights.map((w) => w.shape)).toEqual([[F, 5], [5]]);
    td.setWeights([W, bias]);
    expect(td.apply(X)).toBeAllclose(X.map((s) => s.map((v) => addV(vecMat(v, W), bias))), { atol: 1e-6 });
    expect(td.apply(keras.Input([T, F])).shape).toEqual([null, T, 5]);
    expect(() => td.apply(keras.Input([F]))).toThrow(/min_ndim=3.*\(None, 3\)/);
  });
});

// ------------------------------------------------------------------ harness-style checks

const CASES: [string, () => Layer, number[]][] = [
  ["LSTM", () => new LSTM(U, { returnSequences: true }), [B, T, F]],
  ["LSTM state", () => new LSTM(U, { returnState: true, goBackwards: true }), [B, T, F]],
  ["GRU", () => new GRU(U, { returnSequences: true }), [B, T, F]],
  ["GRU v1", () => new GRU(U, { resetAfter: false, returnState: true }), [B, T, F]],
  ["SimpleRNN", () => new SimpleRNN(U), [B, T, F]],
  ["RNN(cells)", () => new RNN([new LSTMCell(U), new SimpleRNNCell(3)], { returnSequences: true }), [B, T, F]],
  ["Bidirectional", () => new Bidirectional(new GRU(U, { returnSequences: true }), { mergeMode: "sum" }), [B, T, F]],
  ["Bidirectional none", () => new Bidirectional(new SimpleRNN(U), { mergeMode: null }), [B, T, F]],
  ["TimeDistributed", () => new TimeDistributed(new keras.layers.Dense(3)), [B, T, F]],
  ["ConvLSTM2D", () => new ConvLSTM2D(2, 2, { padding: "same", returnSequences: true }), [B, 3, 3, 2, 2]],
  ["ConvLSTM1D", () => new ConvLSTM1D(2, 2, { returnState: true }), [B, 3, 4, 2]],
];

function rebuild(layer: Layer): Layer {
  const cls = getBuiltin("layers", layer.className) as any;
  const config = JSON.parse(JSON.stringify(layer.getConfig()));
  return cls.fromConfig ? cls.fromConfig(config) : new cls(mapKeys(config, camelKey));
}

describe.each(CASES)("%s: layer harness", (_name, make, shape) => {
  it("config round trip gives the same config and outputs", () => {
    const layer = make();
    const x = randomTensor(shape, 3);
    const y = layer.apply(x);
    const copy = rebuild(layer);
    copy.build([null, ...shape.slice(1)]);
    expect(copy.getConfig()).toEqual(layer.getConfig());
    copy.setWeights(layer.getWeights());
    const y2 = copy.apply(x);
    const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
    list(y2).forEach((t, i) => expect(t).toBeAllclose(list(y)[i], { atol: 1e-6 }));
  });

  it("symbolic output shapes equal eager shapes", () => {
    const layer = make();
    const sym = layer.apply(keras.Input(shape.slice(1)));
    const eager = layer.apply(randomTensor(shape, 4));
    const shapes = (v: unknown) => (Array.isArray(v) ? v : [v]).map((t: { shape: readonly (number | null)[] }) => [...t.shape]);
    expect(shapes(sym).map((s) => s.slice(1))).toEqual(shapes(eager).map((s) => s.slice(1)));
    expect(shapes(sym).every((s) => s[0] === null)).toBe(true);
  });

  it("gradients w.r.t. weights and inputs match central differences (float64)", () => {
    const layer = make();
    const small = [1, 3, ...shape.slice(2)];
    const x = randomTensor(small, 6);
    const l64 = rebuild(layer);
    const cls = l64.constructor as any;
    const config = { ...JSON.parse(JSON.stringify(l64.getConfig())), dtype: "float64" };
    const set64 = (c: Record<string, unknown>): Record<string, unknown> => {
      for (const [k, v] of Object.entries(c)) {
        if (k === "dtype") c[k] = "float64";
        else if (v && typeof v === "object" && !Array.isArray(v)) set64(v as Record<string, unknown>);
        else if (Array.isArray(v)) v.forEach((e) => e && typeof e === "object" && set64(e));
      }
      return c;
    };
    const layer64: Layer = cls.fromConfig ? cls.fromConfig(set64(config)) : new cls(mapKeys(set64(config), camelKey));
    layer64.build([null, ...small.slice(1)]);
    expect(layer64.weights.every((w) => w.dtype === "float64")).toBe(true);
    const out = (v: unknown) => (Array.isArray(v) ? ops.concatenate(v.map((t: Tensor) => ops.reshape(t, [t.shape[0]!, -1])), -1) : (v as Tensor));
    checkWeightGradients(layer64, x, out);
    const [, gx] = valueAndGrad((t: Tensor) => weightedSum(out(layer64.apply(t))))(x);
    const eps = 1e-6;
    const numeric = new Float64Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const p = Float64Array.from(x.values as Float64Array);
      const m = Float64Array.from(x.values as Float64Array);
      p[i] += eps;
      m[i] -= eps;
      numeric[i] = (weightedSum(out(layer64.apply(new Tensor(p, x.shape, "float64")))).item() - weightedSum(out(layer64.apply(new Tensor(m, x.shape, "float64")))).item()) / (2 * eps);
    }
    expect(gx).toBeAllclose(new Tensor(numeric, x.shape, "float64"), { rtol: 1e-5, atol: 1e-7 });
  });

  it("one training step changes every weight", () => {
    const layer = make();
    const x = randomTensor(shape, 8);
    const loss = () => {
      const y = layer.apply(x);
      const list = Array.isArray(y) ? y : [y];
      return list.reduce((acc: Tensor, t: Tensor) => ops.add(acc, ops.mean(ops.square(ops.subtract(t, 0.3)))), ops.convertToTensor(0));
    };
    loss();
    const before = layer.getWeights();
    const [l0, gs] = valueAndGrad(() => loss())(layer.trainableWeights);
    const grads = gs as Tensor[];
    layer.trainableWeights.forEach((w, i) => w.assign(ops.subtract(w.value, ops.multiply(grads[i]!, 0.01))));
    layer.getWeights().forEach((w, i) => expect(allClose(w, before[i]!.arraySync() as any)).toBe(false));
    expect(loss().item()).toBeLessThan(l0.item());
  });
});

describe("Bidirectional initial states", () => {
  it("splits initialState into forward then backward states", () => {
    const [Kf, Rf, bf] = lstmWeights(111);
    const [Kb, Rb, bb] = lstmWeights(121);
    const init = [rnd([B, U], 1), rnd([B, U], 2), rnd([B, U], 3), rnd([B, U], 4)];
    const bi = new Bidirectional(new LSTM(U), { mergeMode: "sum" });
    bi.build([null, T, F]);
    bi.setWeights([Kf, Rf, bf, Kb, Rb, bb]);
    const f = runRef(lstmStep(Kf, Rf, bf, U), X, [U, U], { init: [init[0]!, init[1]!] }).last;
    const r = runRef(lstmStep(Kb, Rb, bb, U), X, [U, U], { init: [init[2]!, init[3]!], goBackwards: true }).last;
    expect(bi.apply(X, { initialState: init })).toBeAllclose(f.map((v, i) => v.map((e, k) => e + r[i]![k]!)), { atol: 1e-6 });
    expect(() => bi.apply(X, { initialState: init.slice(0, 2) })).toThrow(/expects 4 initial state/);
  });
});

/** NHWC 2-D convolution with stride 1 and TF-style "same" or "valid" padding, plain loops. */
function conv2dRef(x: number[][][], k: number[][][][], padding: "same" | "valid"): number[][][] {
  const [H, W] = [x.length, x[0]!.length];
  const [kh, kw] = [k.length, k[0]!.length];
  const outC = k[0]![0]![0]!.length;
  const [oh, ow] = padding === "same" ? [H, W] : [H - kh + 1, W - kw + 1];
  const [pt, pl] = padding === "same" ? [Math.floor((kh - 1) / 2), Math.floor((kw - 1) / 2)] : [0, 0];
  return Array.from({ length: oh }, (_, i) =>
    Array.from({ length: ow }, (_, j) =>
      Array.from({ length: outC }, (_, o) => {
        let acc = 0;
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++) {
            const r = i + a - pt;
            const c = j + b - pl;
            if (r < 0 || c < 0 || r >= H || c >= W) continue;
            x[r]![c]!.forEach((v, ci) => (acc += v * k[a]![b]![ci]![o]!));
          }
        return acc;
      }),
    ),
  );
}

describe("ConvLSTM2D", () => {
  for (const padding of ["same", "valid"] as const) {
    it(`matches a conv-LSTM reference (${padding} padding), Keras weight shapes, masks the state shapes`, () => {
      const [Bc, Tc, Hc, Wc, Cc, Fc] = [2, 3, 4, 3, 2, 2];
      const x: number[][][][][] = rnd([Bc, Tc, Hc, Wc, Cc], 131);
      const K: number[][][][] = rnd([2, 2, Cc, 4 * Fc], 132);
      const R: number[][][][] = rnd([2, 2, Fc, 4 * Fc], 133);
      const b: Vec = rnd([4 * Fc], 134);
      const layer = new ConvLSTM2D(Fc, [2, 2], { padding, returnSequences: true, returnState: true });
      layer.build([null, Tc, Hc, Wc, Cc]);
      expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([
        ["kernel", [2, 2, Cc, 4 * Fc]],
        ["recurrent_kernel", [2, 2, Fc, 4 * Fc]],
        ["bias", [4 * Fc]],
      ]);
      layer.setWeights([K, R, b]);
      const [seq, h, c] = layer.apply(x) as Tensor[];
      const [oh, ow] = padding === "same" ? [Hc, Wc] : [Hc - 1, Wc - 1];
      const refSeq: number[][][][][] = [];
      const refH: number[][][][] = [];
      const refC: number[][][][] = [];
      for (let n = 0; n < Bc; n++) {
        let hs: number[][][] = Array.from({ length: oh }, () => Array.from({ length: ow }, () => new Array(Fc).fill(0)));
        let cs = hs.map((r) => r.map((v) => [...v]));
        const outs: number[][][][] = [];
        for (let t = 0; t < Tc; t++) {
          const zx = conv2dRef(x[n]![t]!, K, padding);
          const zh = conv2dRef(hs, R, "same");
          const nh = hs.map((r) => r.map((v) => [...v]));
          const nc = cs.map((r) => r.map((v) => [...v]));
          for (let i = 0; i < oh; i++)
            for (let j = 0; j < ow; j++)
              for (let f = 0; f < Fc; f++) {
                const z = (g: number) => zx[i]![j]![g * Fc + f]! + zh[i]![j]![g * Fc + f]! + b[g * Fc + f]!;
                const cc = sigmoid(z(1)) * cs[i]![j]![f]! + sigmoid(z(0)) * Math.tanh(z(2));
                nc[i]![j]![f] = cc;
                nh[i]![j]![f] = sigmoid(z(3)) * Math.tanh(cc);
              }
          hs = nh;
          cs = nc;
          outs.push(hs);
        }
        refSeq.push(outs);
        refH.push(hs);
        refC.push(cs);
      }
      expect(seq).toBeAllclose(refSeq, { atol: 1e-5 });
      expect(h).toBeAllclose(refH, { atol: 1e-5 });
      expect(c).toBeAllclose(refC, { atol: 1e-5 });
      const sym = layer.apply(keras.Input([Tc, Hc, Wc, Cc])) as { shape: unknown }[];
      expect(sym.map((t) => t.shape)).toEqual([[null, Tc, oh, ow, Fc], [null, oh, ow, Fc], [null, oh, ow, Fc]]);
      // a masked last timestep keeps the previous state
      const mask = convertToTensor([[true, true, false], [true, true, true]], "bool");
      const [, hm] = layer.apply(x, { mask }) as Tensor[];
      expect((hm.arraySync() as number[][][][])[0]).toBeAllclose(refSeq[0]![1]!, { atol: 1e-5 });
      expect((hm.arraySync() as number[][][][])[1]).toBeAllclose(refH[1]!, { atol: 1e-5 });
    });
  }

  it("strides, channels_first and clear errors", () => {
    const l = new ConvLSTM2D(3, 3, { strides: 2 });
    expect(l.apply(keras.Input([5, 9, 7, 2])).shape).toEqual([null, 4, 3, 3]);
    expect((l.apply(randomTensor([1, 2, 9, 7, 2], 1)) as Tensor).shape).toEqual([1, 4, 3, 3]);
    const cf = new ConvLSTM2D(3, 3, { dataFormat: "channels_first", padding: "same", returnSequences: true });
    expect(cf.apply(keras.Input([5, 2, 6, 7])).shape).toEqual([null, 5, 3, 6, 7]);
    expect((cf.apply(randomTensor([1, 2, 2, 6, 7], 1)) as Tensor).shape).toEqual([1, 2, 3, 6, 7]);
    expect(() => new ConvLSTM2D(2, 3, { name: "cl" }).apply(keras.Input([5, 4, 2]))).toThrow(/layer "cl".*expected ndim=5.*\(None, 5, 4, 2\)/);
    expect(() => new ConvLSTM2D(2, 5).apply(keras.Input([5, 4, 4, 2]))).toThrow(/larger than the input/);
    expect(() => new ConvLSTM2D(0, 3)).toThrow(/filters/);
    expect(new ConvLSTM2D(2, 3).getConfig()).toMatchObject({ filters: 2, kernel_size: [3, 3], strides: [1, 1], padding: "valid", data_format: "channels_last", unit_forget_bias: true });
  });
});
