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
