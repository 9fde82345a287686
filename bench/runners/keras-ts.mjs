/** keras-ts, from the build in dist/ (`npm run bench` builds first). */
import * as keras from "../../dist/index.js";

export const name = "keras-ts";

export async function setup() {}

export function info() {
  const backend = keras.getBackend();
  return { backend: backend.name, threads: backend.threads() };
}

/** W4: one rep = keras.ops.matmul (synchronous; the result's values are in host memory). */
export async function gemm(n, a, b) {
  const A = keras.ops.reshape(keras.ops.convertToTensor(a), [n, n]);
  const B = keras.ops.reshape(keras.ops.convertToTensor(b), [n, n]);
  return () => {
    const c = keras.ops.matmul(A, B);
    if (c.values.length !== n * n) throw new Error("keras-ts: wrong result size");
  };
}

/** A keras-ts layer from a workloads.json layer entry. */
function layerFrom(l) {
  const L = keras.layers;
  switch (l.type) {
    case "dense":
      return new L.Dense(l.units, { activation: l.activation ?? null });
    case "conv2d":
      return new L.Conv2D(l.filters, l.kernelSize, { padding: l.padding, activation: l.activation });
    case "maxPooling2d":
      return new L.MaxPooling2D(l.poolSize);
    case "flatten":
      return new L.Flatten();
    case "lstm":
      return new L.LSTM(l.units, { activation: l.activation, recurrentActivation: l.recurrentActivation, returnSequences: l.returnSequences });
    default:
      throw new Error(`keras-ts runner: unknown layer type ${l.type}`);
  }
}

function sequential(w, spec) {
  keras.utils.setRandomSeed(spec.seeds.weights);
  return new keras.Sequential([keras.Input({ shape: w.inputShape }), ...w.layers.map(layerFrom)]);
}

const data = (values, shape) => keras.ops.reshape(keras.ops.convertToTensor(values), shape);

/** W1-W3: Sequential + compile(Adam, categorical cross-entropy); fit / predict as Keras users call them. */
export async function model(w, spec) {
  const m = sequential(w, spec);
  const o = w.optimizer;
  m.compile({
    optimizer: new keras.optimizers.Adam({ learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon }),
    loss: "categorical_crossentropy",
  });
  return {
    data,
    async fit(x, y, batchSize, onStep) {
      const stop = new keras.callbacks.LambdaCallback({
        onBatchEnd: () => {
          if (onStep()) m.stopTraining = true;
        },
      });
      await m.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0, callbacks: [stop] });
    },
    predict(x, batchSize) {
      return m.predict(x, { batchSize, verbose: 0 }).values;
    },
  };
}

/** W5: predict on one sample and read the output values. */
export async function latencyModel(w, spec) {
  const m = sequential(w, spec);
  return {
    data,
    call(x) {
      return m.predict(x, { verbose: 0 }).values;
    },
  };
}
