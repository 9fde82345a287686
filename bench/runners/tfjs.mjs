import path from "node:path";
import { createRequire } from "node:module";

/**
 * TensorFlow.js peers (devDependencies): the pure-JS cpu backend and the wasm backend
 * (XNNPACK, SIMD; single-threaded in Node, see workloads.md "Threads").
 */
const require = createRequire(import.meta.url);

export function makeTfjsRunner(backendName) {
  let tf;
  return {
    name: `tfjs-${backendName}`,
    async setup() {
      tf = require("@tensorflow/tfjs-core");
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
      return { backend: tf.getBackend(), version: tf.version_core, threads: 1 };
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
  };
}
