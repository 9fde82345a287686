import path from "node:path";
import { createRequire } from "node:module";

/**
 * TensorFlow.js peers (devDependencies): the pure-JS cpu backend and the wasm backend
 * (XNNPACK, SIMD; single-threaded in Node, see workloads.md "Threads"), with tfjs-layers for
 * the model workloads.
 */
const require = createRequire(import.meta.url);

/**
 * tfjs-layers calls chained tensor methods (e.g. the orthogonal initializer of LSTM's recurrent
 * kernel does `rMat.flatten()`). The `@tensorflow/tfjs` bundle registers them on the Tensor
 * class; the tfjs-core package alone ships them only as ES modules Node cannot load
 * (extensionless imports). So register the ones missing: `x.op(...args)` = `tf.op(x, ...args)`,
 * as tfjs does, plus the few that are not ops of the same name.
 */
function registerChainedOps(tf) {
  const proto = tf.Tensor.prototype;
  const special = {
    flatten() {
      return tf.reshape(this, [this.size]);
    },
    asType(dtype) {
      return tf.cast(this, dtype);
    },
    as1D() {
      return tf.reshape(this, [this.size]);
    },
    as2D(rows, cols) {
      return tf.reshape(this, [rows, cols]);
    },
  };
  for (const [name, fn] of Object.entries(special)) if (!(name in proto)) proto[name] = fn;
  for (const [name, op] of Object.entries(tf)) {
    if (typeof op !== "function" || name in proto || /^[A-Z]/.test(name)) continue;
    proto[name] = function (...args) {
      return op(this, ...args);
    };
  }
}

export function makeTfjsRunner(backendName) {
  let tf;
  let tfl;

  function layerFrom(l, first) {
    const extra = first ? { inputShape: first } : {};
    switch (l.type) {
      case "dense":
        return tfl.layers.dense({ units: l.units, activation: l.activation ?? "linear", ...extra });
      case "conv2d":
        return tfl.layers.conv2d({ filters: l.filters, kernelSize: l.kernelSize, padding: l.padding, activation: l.activation, ...extra });
      case "maxPooling2d":
        return tfl.layers.maxPooling2d({ poolSize: l.poolSize, ...extra });
      case "flatten":
        return tfl.layers.flatten(extra);
      case "lstm":
        // tfjs-layers defaults to hardSigmoid; the spec (Keras 3) says sigmoid
        return tfl.layers.lstm({ units: l.units, activation: l.activation, recurrentActivation: l.recurrentActivation, returnSequences: l.returnSequences, ...extra });
      default:
        throw new Error(`tfjs runner: unknown layer type ${l.type}`);
    }
  }

  function sequential(w) {
    return tfl.sequential({ layers: w.layers.map((l, i) => layerFrom(l, i === 0 ? w.inputShape : undefined)) });
  }

  const data = (values, shape) => tf.tensor(values, shape, "float32");

  return {
    name: `tfjs-${backendName}`,
    async setup() {
      tf = require("@tensorflow/tfjs-core");
      registerChainedOps(tf);
      tfl = require("@tensorflow/tfjs-layers");
      if (backendName === "cpu") {
        require("@tensorflow/tfjs-backend-cpu");
      } else {
        const wasm = require("@tensorflow/tfjs-backend-wasm");
        const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"));
        wasm.setWasmPaths(dist + path.sep);
      }
      if (!(await tf.setBackend(backendName))) throw new Error(`tfjs: backend ${backendName} failed to initialise`);
      await tf.ready();
    },
    info() {
      return { backend: tf.getBackend(), version: tf.version_core, layersVersion: tfl.version_layers, threads: 1 };
    },
    /** W4: one rep = tf.matMul(a, b).dataSync() (then the result is disposed). */
    async gemm(n, a, b) {
      const A = tf.tensor2d(a, [n, n]);
      const B = tf.tensor2d(b, [n, n]);
      return () => {
        const c = tf.matMul(A, B);
        c.dataSync();
        c.dispose();
      };
    },
    /** W1-W3: tfjs-layers Sequential + compile(adam, categoricalCrossentropy); fit / predict. */
    async model(w) {
      const m = sequential(w);
      const o = w.optimizer;
      m.compile({ optimizer: tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon), loss: "categoricalCrossentropy" });
      return {
        data,
        async fit(x, y, batchSize, onStep) {
          await m.fit(x, y, {
            batchSize,
            epochs: 1,
            shuffle: true,
            verbose: 0,
            callbacks: {
              onBatchEnd: async () => {
                if (onStep()) m.stopTraining = true;
              },
            },
          });
        },
        async predict(x, batchSize) {
          const out = m.predict(x, { batchSize });
          const v = await out.data();
          out.dispose();
          return v;
        },
      };
    },
    /** W5: predict on one sample and read the output values. */
    async latencyModel(w) {
      const m = sequential(w);
      return {
        data,
        async call(x) {
          const out = m.predict(x);
          const v = await out.data();
          out.dispose();
          return v;
        },
      };
    },
  };
}
