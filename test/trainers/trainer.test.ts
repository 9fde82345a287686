import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

const { ops } = keras;

function dense(units: number, opts: Record<string, unknown> = {}) {
  return new keras.layers.Dense(units, opts);
}

describe("input validation before any training step", () => {
  const x = [
    [1, 2],
    [3, 4],
    [5, 6],
  ];
  const make = (loss = "mse", units = 1) => {
    const m = new keras.Sequential([dense(units, { inputShape: [2] })]);
    m.compile({ optimizer: "sgd", loss });
    return m;
  };

  it("x/y length mismatch", async () => {
    await expect(make().fit(x, [[1], [2]], { verbose: 0 })).rejects.toThrow(/Data cardinality is ambiguous.*x \(3, 2\), y \(2, 1\)/);
  });

  it("batchSize <= 0", async () => {
    await expect(make().fit(x, [[1], [2], [3]], { batchSize: 0, verbose: 0 })).rejects.toThrow(/batchSize.*positive integer.*batchSize=0/);
  });

  it("unknown names and options", () => {
    const m = new keras.Sequential([dense(1, { inputShape: [2] })]);
    expect(() => m.compile({ optimizer: "adamx", loss: "mse" })).toThrow(/optimizer identifier: 'adamx'/);
    expect(() => m.compile({ optimizer: "adam", loss: "mean_square_error" })).toThrow(/Did you mean 'mean_squared_error'/);
    expect(() => m.compile({ optimizer: "adam", loss: "mse", metrics: ["acuracy"] })).toThrow(/metric identifier: 'acuracy'/);
    expect(() => m.compile({ optimizer: "adam", loss: "mse", loss_weights: [1] } as never)).toThrow(/lossWeights/);
  });

  it("label shape incompatible with the loss", async () => {
    const m = make("categorical_crossentropy", 3);
    const before = m.getWeights().map((w) => w.arraySync());
    await expect(m.fit(x, [0, 1, 2], { verbose: 0 })).rejects.toThrow(/Loss "categorical_crossentropy" expects one-hot labels.*\(None, 3\).*sparse_categorical_crossentropy/);
    expect(m.getWeights().map((w) => w.arraySync())).toEqual(before);
    const m2 = make("mse", 2);
    await expect(m2.fit(x, [[1, 2, 3], [1, 2, 3], [1, 2, 3]], { verbose: 0 })).rejects.toThrow(/expects labels \(y\) of the same shape as the model output, \(None, 2\), but received labels \(y\) of shape \(None, 3\)/);
  });

  it("fit before compile", async () => {
    const m = new keras.Sequential([dense(1, { inputShape: [2] })]);
    await expect(m.fit(x, [[1], [2], [3]])).rejects.toThrow(/must call `compile\(\)`/);
  });
});

describe("training APIs", () => {
  it("trainOnBatch / testOnBatch return the step's loss and metrics", () => {
    const m = new keras.Sequential([dense(1, { inputShape: [1], kernelInitializer: "ones", biasInitializer: "zeros" })]);
    m.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse", metrics: ["mae"] });
    const r = m.testOnBatch([[1], [2]], [[2], [4]]) as number[];
    expect(r).toBeAllclose([2.5, 1.5]);
    const l1 = m.trainOnBatch([[1], [2]], [[2], [4]]) as number[];
    expect(l1[0]).toBeCloseTo(2.5, 5);
    // gradient of mse wrt w: mean(2 (w x - y) x) = (2*(-1)*1 + 2*(-2)*2)/2 = -5 → w = 1.5
    expect(m.getWeights()[0]!.arraySync()).toBeAllclose([[1.5]]);
    const dict = m.testOnBatch([[1]], [[2]], { returnDict: true }) as Record<string, number>;
    expect(Object.keys(dict)).toEqual(["loss", "mae"]);
  });

  it("regularization losses are added to the loss", () => {
    const m = new keras.Sequential([dense(1, { inputShape: [1], kernelInitializer: "ones", useBias: false, kernelRegularizer: keras.regularizers.get({ class_name: "L2", config: { l2: 0.5 } } as never) })]);
    m.compile({ optimizer: "sgd", loss: "mse" });
    expect(m.testOnBatch([[1]], [[1]]) as number).toBeCloseTo(0.5, 6);
  });

  it("multi-output models: per-output losses (dict), lossWeights, per-output loss logs and metrics", async () => {
    const inp = keras.Input({ shape: [2] });
    const a = dense(1, { name: "a" }).apply(inp);
    const b = dense(3, { name: "b", activation: "softmax" }).apply(inp);
    const m = new keras.Model({ inputs: inp, outputs: [a, b] });
    m.compile({ optimizer: "adam", loss: { a: "mse", b: "sparse_categorical_crossentropy" }, lossWeights: { a: 1, b: 0.5 }, metrics: { b: ["accuracy"] } });
    const x = [
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ];
    const ya = [[1], [0], [1], [0]];
    const yb = [0, 1, 2, 0];
    const h = await m.fit(x, [ya, yb], { epochs: 2, batchSize: 2, verbose: 0 });
    expect(Object.keys(h.history)).toEqual(["a_loss", "b_accuracy", "b_loss", "loss"]);
    const logs = (await m.evaluate(x, { a: ya, b: yb }, { verbose: 0, returnDict: true })) as Record<string, number>;
    expect(logs.loss).toBeCloseTo(logs.a_loss! + 0.5 * logs.b_loss!, 5);
    expect(m.metricsNames).toEqual(["loss", "a_loss", "b_loss", "b_accuracy"]);
  });

  it("fits from a generator of batches, with stepsPerEpoch and validation iterables", async () => {
    keras.utils.setRandomSeed(4);
    const m = new keras.Sequential([dense(1, { inputShape: [1] })]);
    m.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    function* batches() {
      for (;;) {
        const x = [[Math.random()], [Math.random()]];
        yield [x, x.map(([v]) => [2 * v!])];
      }
    }
    async function* val() {
      yield [[[0.5]], [[1.0]]];
    }
    const h = await m.fit(batches(), undefined, { epochs: 3, stepsPerEpoch: 20, verbose: 0, validationData: { [Symbol.asyncIterator]: val } });
    expect(h.history.loss!.length).toBe(3);
    expect(h.history.val_loss!.length).toBe(3);
    expect(m.optimizer!.iterations.value.item()).toBe(60);
    // a re-iterable object gives a fresh pass each epoch (plain arrays are always data)
    const finite = {
      *[Symbol.iterator]() {
        yield [[[1]], [[2]]];
        yield { x: [[2]], y: [[4]], sampleWeight: [1] };
      },
    };
    const h2 = await m.fit(finite, undefined, { epochs: 2, verbose: 0 });
    expect(h2.history.loss!.length).toBe(2);
    expect(m.optimizer!.iterations.value.item()).toBe(64);
  });

  it("custom training loop with valueAndGrad + applyGradients", () => {
    const m = new keras.Sequential([dense(1, { inputShape: [1], kernelInitializer: "zeros" })]);
    const opt = new keras.optimizers.Adam({ learningRate: 0.1 });
    const loss = new keras.losses.MeanSquaredError();
    const x = ops.convertToTensor([[1], [2], [3]]);
    const y = ops.convertToTensor([[2], [4], [6]]);
    let first = 0;
    let last = 0;
    for (let i = 0; i < 100; i++) {
      const vars = m.trainableWeights;
      const [value, grads] = ops.valueAndGrad(() => loss.apply(y, m.apply(x, { training: true })))(vars);
      opt.applyGradients((grads as keras.Tensor[]).map((g, k) => [g, vars[k]!] as const));
      if (i === 0) first = value.item();
      last = value.item();
    }
    expect(last).toBeLessThan(first / 20);
  });

  it("summary shows optimizer params once built; compile config is serializable", async () => {
    const m = new keras.Sequential([dense(2, { inputShape: [3] })]);
    m.compile({ optimizer: "adam", loss: "mse", metrics: ["mae"] });
    await m.fit([[1, 2, 3]], [[1, 2]], { verbose: 0 });
    const lines: string[] = [];
    m.summary({ printFn: (l: string) => void lines.push(l) });
    // iteration + learning_rate + 2 slots x 8 params
    expect(lines.join("\n")).toMatch(/Optimizer params: 18/);
    const config = m.getCompileConfig()!;
    expect((config.optimizer as { class_name: string }).class_name).toBe("Adam");
    expect(config.loss).toBe("mse");
    expect(config.metrics).toEqual(["mae"]);
    // a saved compile config compiles again (as keras.saving does)
    const m2 = new keras.Sequential([dense(2, { inputShape: [3] })]);
    m2.compile({ optimizer: new keras.optimizers.Adam({ learningRate: 0.01 }), loss: new keras.losses.CategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy", new keras.metrics.AUC()] });
    const c2 = m2.getCompileConfig()!;
    const m3 = new keras.Sequential([dense(2, { inputShape: [3] })]);
    m3.compile({ optimizer: c2.optimizer as never, loss: c2.loss as never, metrics: c2.metrics as never });
    expect(m3.optimizer!.learningRate).toBeCloseTo(0.01, 6);
    const logs = m3.testOnBatch([[1, 2, 3]], [[0, 1]], { returnDict: true }) as Record<string, number>;
    expect(Object.keys(logs)).toEqual(["accuracy", "auc", "loss"]);
  });

  it("fit passes training: true (dropout active), predict does not", async () => {
    const m = new keras.Sequential([dense(4, { inputShape: [4], kernelInitializer: "identity", useBias: false, trainable: false }), new keras.layers.Dropout(0.999)]);
    m.compile({ optimizer: "sgd", loss: "mse" });
    const x = [[1, 1, 1, 1]];
    const loss = m.trainOnBatch(x, [[1, 1, 1, 1]]) as number;
    expect(loss).toBeGreaterThan(0.5);
    expect(m.predict(x).arraySync()).toEqual([[1, 1, 1, 1]]);
  });
});

function getGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

describe("memory", () => {
  it("stays flat over 20 epochs of fit", async () => {
    const gc = getGc();
    keras.utils.setRandomSeed(5);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 512; i++) {
      const row = Array.from({ length: 16 }, (_, j) => Math.sin(i * 0.1 + j));
      x.push(row);
      y.push(row[0]! > 0 ? 1 : 0);
    }
    const m = new keras.Sequential([dense(32, { inputShape: [16], activation: "relu" }), dense(2, { activation: "softmax" })]);
    m.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const heap: number[] = [];
    const probe = new keras.callbacks.LambdaCallback({
      onEpochEnd: () => {
        gc();
        gc();
        const mem = process.memoryUsage();
        heap.push(mem.heapUsed + mem.arrayBuffers);
      },
    });
    const t0 = Date.now();
    await m.fit(x, y, { epochs: 20, batchSize: 32, verbose: 0, callbacks: [probe] });
    expect(Date.now() - t0).toBeLessThan(15_000);
    const baseline = heap[4]!;
    for (const h of heap.slice(5)) expect(h - baseline).toBeLessThan(4 * 1024 * 1024);
  });
});
