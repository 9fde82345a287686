import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

const { ops, optimizers } = keras;

const W0 = [1.0, -2.0, 0.5];
const GRADS = [
  [0.1, -0.2, 0.3],
  [-0.5, 0.4, 0.05],
  [0.2, 0.2, -0.7],
];

/** Runs 3 steps of `opt` from W0 with GRADS; returns the weights after each step. */
function run(opt: keras.optimizers.Optimizer, w0 = W0, grads = GRADS): number[][] {
  const v = new keras.Variable(ops.convertToTensor(w0), { name: "w", path: "dense/w" });
  const out: number[][] = [];
  for (const g of grads) {
    opt.applyGradients([[ops.convertToTensor(g), v]]);
    out.push(v.value.arraySync() as number[]);
  }
  return out;
}

/** Reference trajectory from a per-element update rule (float64). */
function reference(step: (w: number, g: number, t: number, state: Record<string, number>) => number): number[][] {
  const states = W0.map(() => ({}) as Record<string, number>);
  const w = [...W0];
  const out: number[][] = [];
  GRADS.forEach((gs, k) => {
    gs.forEach((g, i) => {
      w[i] = step(w[i]!, g, k + 1, states[i]!);
    });
    out.push([...w]);
  });
  return out;
}

const close = (a: number[][], b: number[][], rtol = 1e-5) => expect(a).toBeAllclose(b, { rtol, atol: 1e-6 });

describe("optimizers follow Keras's update rules", () => {
  it("SGD plain, momentum, nesterov", () => {
    close(run(new optimizers.SGD({ learningRate: 0.1 })), reference((w, g) => w - 0.1 * g));
    close(
      run(new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 })),
      reference((w, g, _t, s) => {
        s.m = 0.9 * (s.m ?? 0) - 0.1 * g;
        return w + s.m;
      }),
    );
    close(
      run(new optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })),
      reference((w, g, _t, s) => {
        s.m = 0.9 * (s.m ?? 0) - 0.1 * g;
        return w + 0.9 * s.m - 0.1 * g;
      }),
    );
  });

  it("Adam (bias correction in alpha, epsilon outside sqrt) and amsgrad", () => {
    const adam = (amsgrad: boolean) =>
      reference((w, g, t, s) => {
        const lr = 0.01;
        const alpha = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
        s.m = (s.m ?? 0) + (g - (s.m ?? 0)) * (1 - 0.9);
        s.v = (s.v ?? 0) + (g * g - (s.v ?? 0)) * (1 - 0.999);
        let v = s.v;
        if (amsgrad) {
          s.vh = Math.max(s.vh ?? 0, s.v);
          v = s.vh;
        }
        return w - (s.m * alpha) / (Math.sqrt(v) + 1e-7);
      });
    close(run(new optimizers.Adam({ learningRate: 0.01 })), adam(false));
    close(run(new optimizers.Adam({ learningRate: 0.01, amsgrad: true })), adam(true));
  });

  it("AdamW decays weights by lr * weightDecay before the Adam step", () => {
    const ref = reference((w, g, t, s) => {
      const lr = 0.01;
      w = w - w * 0.1 * lr;
      const alpha = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      s.m = (s.m ?? 0) + (g - (s.m ?? 0)) * 0.1;
      s.v = (s.v ?? 0) + (g * g - (s.v ?? 0)) * 0.001;
      return w - (s.m * alpha) / (Math.sqrt(s.v) + 1e-7);
    });
    close(run(new optimizers.AdamW({ learningRate: 0.01, weightDecay: 0.1 })), ref);
  });

  it("RMSprop plain, centered with momentum", () => {
    close(
      run(new optimizers.RMSprop({ learningRate: 0.01 })),
      reference((w, g, _t, s) => {
        s.v = 0.9 * (s.v ?? 0) + 0.1 * g * g;
        return w - (0.01 * g) / Math.sqrt(s.v + 1e-7);
      }),
    );
    close(
      run(new optimizers.RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })),
      reference((w, g, _t, s) => {
        s.v = 0.9 * (s.v ?? 0) + 0.1 * g * g;
        s.a = 0.9 * (s.a ?? 0) + 0.1 * g;
        const inc = (0.01 * g) / Math.sqrt(s.v - s.a * s.a + 1e-7);
        s.mom = 0.5 * (s.mom ?? 0) + inc;
        return w - s.mom;
      }),
    );
  });

  it("Adagrad, Adadelta, Adamax", () => {
    close(
      run(new optimizers.Adagrad({ learningRate: 0.1 })),
      reference((w, g, _t, s) => {
        s.acc = (s.acc ?? 0.1) + g * g;
        return w - (0.1 * g) / Math.sqrt(s.acc + 1e-7);
      }),
    );
    close(
      run(new optimizers.Adadelta({ learningRate: 1.0 })),
      reference((w, g, _t, s) => {
        s.eg = 0.95 * (s.eg ?? 0) + 0.05 * g * g;
        const d = -(Math.sqrt((s.ed ?? 0) + 1e-7) * g) / Math.sqrt(s.eg + 1e-7);
        s.ed = 0.95 * (s.ed ?? 0) + 0.05 * d * d;
        return w + 1.0 * d;
      }),
      1e-4,
    );
    close(
      run(new optimizers.Adamax({ learningRate: 0.01 })),
      reference((w, g, t, s) => {
        s.m = (s.m ?? 0) + (g - (s.m ?? 0)) * 0.1;
        s.u = Math.max(0.999 * (s.u ?? 0), Math.abs(g));
        return w - (0.01 * s.m) / ((1 - 0.9 ** t) * (s.u + 1e-7));
      }),
    );
  });

  it("Nadam with the 0.96 momentum schedule", () => {
    let uProduct = 1;
    const states = W0.map(() => ({ m: 0, v: 0 }));
    const w = [...W0];
    const ref: number[][] = [];
    GRADS.forEach((gs, k) => {
      const t = k + 1;
      uProduct = uProduct * 0.9 * (1 - 0.5 * 0.96 ** t);
      const uT = 0.9 * (1 - 0.5 * 0.96 ** t);
      const uT1 = 0.9 * (1 - 0.5 * 0.96 ** (t + 1));
      const uProductT1 = uProduct * uT1;
      gs.forEach((g, i) => {
        const s = states[i]!;
        s.m += (g - s.m) * (1 - 0.9);
        s.v += (g * g - s.v) * (1 - 0.999);
        const mHat = (uT1 * s.m) / (1 - uProductT1) + ((1 - uT) * g) / (1 - uProduct);
        const vHat = s.v / (1 - 0.999 ** t);
        w[i] = w[i]! - (mHat * 0.01) / (Math.sqrt(vHat) + 1e-7);
      });
      ref.push([...w]);
    });
    close(run(new optimizers.Nadam({ learningRate: 0.01 })), ref);
  });

  it("Lion and Ftrl", () => {
    close(
      run(new optimizers.Lion({ learningRate: 0.01 })),
      reference((w, g, _t, s) => {
        const m = s.m ?? 0;
        const next = w - 0.01 * Math.sign(m * 0.9 + g * 0.1);
        s.m = m * 0.99 + g * 0.01;
        return next;
      }),
    );
    close(
      run(new optimizers.Ftrl({ learningRate: 0.1, l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.1 })),
      reference((w, g, _t, s) => {
        const acc = s.acc ?? 0.1;
        const lin = s.lin ?? 0;
        const newAcc = acc + g * g;
        const linear = lin + g - ((Math.sqrt(newAcc) - Math.sqrt(acc)) / 0.1) * w;
        const quadratic = Math.sqrt(newAcc) / 0.1 + 2 * 0.1;
        const clipped = Math.min(Math.max(linear, -0.01), 0.01);
        s.acc = newAcc;
        s.lin = linear;
        return (clipped - linear) / quadratic;
      }),
    );
  });

  it("clipnorm, clipvalue and globalClipnorm clip the gradients first", () => {
    const g = [[3, 4, 0]];
    const clipped = run(new optimizers.SGD({ learningRate: 1, clipnorm: 1 }), W0, g);
    close(clipped, [[1 - 0.6, -2 - 0.8, 0.5]]);
    const cv = run(new optimizers.SGD({ learningRate: 1, clipvalue: 0.5 }), W0, g);
    close(cv, [[0.5, -2.5, 0.5]]);
    const gc = run(new optimizers.SGD({ learningRate: 1, globalClipnorm: 2.5 }), W0, g);
    close(gc, [[1 - 1.5, -2 - 2, 0.5]]);
    expect(() => new optimizers.SGD({ clipnorm: 1, clipvalue: 1 })).toThrow(/Only one of/);
  });

  it("EMA keeps a moving average and finalizes the variables to it", () => {
    const opt = new optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.5 });
    const v = new keras.Variable(ops.convertToTensor([1.0]), { name: "w" });
    opt.applyGradients([[ops.convertToTensor([1.0]), v]]); // w = 0.9, avg = 0.9 (first step copies)
    opt.applyGradients([[ops.convertToTensor([1.0]), v]]); // w = 0.8, avg = 0.5*0.9 + 0.5*0.8
    expect(v.value.arraySync()).toBeAllclose([0.8]);
    opt.finalizeVariableValues([v]);
    expect(v.value.arraySync()).toBeAllclose([0.85]);
  });

  it("variables are saved in Keras's order and the config has snake_case keys", () => {
    const opt = new optimizers.Adam({ learningRate: 0.01 });
    const a = new keras.Variable(ops.convertToTensor([1, 2]), { name: "kernel", path: "dense/kernel" });
    const b = new keras.Variable(ops.convertToTensor([3]), { name: "bias", path: "dense/bias" });
    opt.applyGradients([
      [ops.convertToTensor([1, 1]), a],
      [ops.convertToTensor([1]), b],
    ]);
    expect(opt.variables.map((v) => v.name)).toEqual(["iteration", "learning_rate", "dense_kernel_momentum", "dense_kernel_velocity", "dense_bias_momentum", "dense_bias_velocity"]);
    expect(opt.iterations.value.item()).toBe(1);
    const config = opt.getConfig();
    expect(config.beta_1).toBe(0.9);
    expect(config.learning_rate).toBeCloseTo(0.01, 6);
    expect(Object.keys(config)).toContain("global_clipnorm");
    const clone = optimizers.deserialize(optimizers.serialize(opt) as never) as keras.optimizers.Adam;
    expect(clone).toBeInstanceOf(optimizers.Adam);
    expect(clone.beta2).toBe(0.999);
  });

  it("constraints are applied after the update", () => {
    const v = new keras.Variable(ops.convertToTensor([1.0, -1.0])) as keras.Variable & { constraint?: unknown };
    v.constraint = keras.constraints.get("non_neg");
    new optimizers.SGD({ learningRate: 1 }).applyGradients([[ops.convertToTensor([0.5, 0.5]), v as never]]);
    expect(v.value.arraySync()).toBeAllclose([0.5, 0]);
  });

  it("get() resolves Keras names, case-insensitively, with did-you-mean errors", () => {
    expect(optimizers.get("adam")).toBeInstanceOf(optimizers.Adam);
    expect(optimizers.get("SGD")).toBeInstanceOf(optimizers.SGD);
    expect(optimizers.get("rmsprop")).toBeInstanceOf(optimizers.RMSprop);
    expect((optimizers.get("sgd") as keras.optimizers.SGD).learningRate).toBeCloseTo(0.01, 7);
    expect(() => optimizers.get("adamm")).toThrow(/Did you mean 'adam'/);
    expect(() => new optimizers.Adam({ beta_1: 0.9 } as never)).toThrow(/beta1/);
  });
});

describe("learning-rate schedules", () => {
  const { schedules } = optimizers;
  it("match Keras's formulas", () => {
    const e = new schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(e.call(5)).toBeCloseTo(0.1 * 0.5 ** 0.5, 6);
    const es = new schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expect(es.call(15)).toBeCloseTo(0.05, 7);
    const p = new schedules.PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
    expect([p.call(0), p.call(10), p.call(11), p.call(20), p.call(21)]).toEqual([1, 1, 0.5, 0.5, Math.fround(0.1)]);
    const c = new schedules.CosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
    expect(c.call(50)).toBeCloseTo(0.9 * 0.5 + 0.1, 6);
    expect(c.call(500)).toBeCloseTo(0.1, 6);
    const w = new schedules.CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 10 });
    expect(w.call(5)).toBeCloseTo(0.5, 6);
    expect(w.call(15)).toBeCloseTo(0.5, 6);
    const i = new schedules.InverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 });
    expect(i.call(2)).toBeCloseTo(0.5, 7);
    const pd = new schedules.PolynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0, power: 2 });
    expect(pd.call(5)).toBeCloseTo(0.25, 7);
    expect(pd.call(50)).toBeCloseTo(0, 7);
  });

  it("drive the optimizer's learning rate by its iterations", () => {
    const opt = new optimizers.SGD({ learningRate: new schedules.PiecewiseConstantDecay({ boundaries: [0], values: [1, 0.1] }) });
    const v = new keras.Variable(ops.convertToTensor([0.0]));
    opt.applyGradients([[ops.convertToTensor([1.0]), v]]);
    opt.applyGradients([[ops.convertToTensor([1.0]), v]]);
    expect(v.value.arraySync()).toBeAllclose([-1.1]);
    expect(opt.variables.map((x) => x.name)).toEqual(["iteration"]);
    expect(() => {
      opt.learningRate = 0.5;
    }).toThrow(/not settable/);
    expect((opt.getConfig().learning_rate as { class_name: string }).class_name).toBe("PiecewiseConstantDecay");
  });
});
