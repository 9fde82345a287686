import { allocate } from "../../dtypes.js";
import type { TensorData } from "../../types.js";

/**
 * Reference kernels of the fused LSTM step (Keras 3 gate order i, f, c, o; activations tanh and
 * sigmoid). The gate pre-activations come as three addends, z = zx + hu + bias: row-major
 * `(batch, 4·units)` `zx = x·W` and `hu = h·U`, and the bias `(4·units,)`, so the step needs no
 * separate adds. Cell states are `(batch, units)`. Plain Math, in double, rounded once on store.
 */

const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

/** `[zx, hu, bias, cPrev]` → `[h, c]`: c = σ(z_f)·cPrev + σ(z_i)·tanh(z_c), h = σ(z_o)·tanh(c). */
export function lstmStepKernel(inputs: readonly TensorData[]): TensorData[] {
  const [zx, hu, bias, cPrev] = inputs as [TensorData, TensorData, TensorData, TensorData];
  const [batch, units] = cPrev.shape as [number, number];
  const h = allocate(cPrev.dtype, batch * units);
  const c = allocate(cPrev.dtype, batch * units);
  const a = zx.values;
  const b = hu.values;
  const w = bias.values;
  for (let r = 0; r < batch; r++) {
    const z = 4 * units * r;
    for (let j = 0; j < units; j++) {
      const i = sigmoid(a[z + j]! + b[z + j]! + w[j]!);
      const f = sigmoid(a[z + units + j]! + b[z + units + j]! + w[units + j]!);
      const g = Math.tanh(a[z + 2 * units + j]! + b[z + 2 * units + j]! + w[2 * units + j]!);
      const o = sigmoid(a[z + 3 * units + j]! + b[z + 3 * units + j]! + w[3 * units + j]!);
      const cv = f * cPrev.values[r * units + j]! + i * g;
      c[r * units + j] = cv;
      h[r * units + j] = o * Math.tanh(cv);
    }
  }
  return [
    { values: h, shape: cPrev.shape, dtype: cPrev.dtype },
    { values: c, shape: cPrev.shape, dtype: cPrev.dtype },
  ];
}

/**
 * `[zx, hu, bias, cPrev, c, dh, dc]` → `[dz, dcPrev, dBias]`: the step's vector-Jacobian
 * product. The gates are recomputed from the pre-activations (cheaper than keeping them); `c` is
 * the step's output. dz is the cotangent of z = zx + hu + bias, so of zx and hu; dBias is its
 * sum over the batch (summed here, in the same pass, rather than by one more op per step).
 */
export function lstmStepGradKernel(inputs: readonly TensorData[]): TensorData[] {
  const [zx, hu, bias, cPrev, cOut, dhT, dcT] = inputs as [TensorData, TensorData, TensorData, TensorData, TensorData, TensorData, TensorData];
  const [batch, units] = cPrev.shape as [number, number];
  const dz = allocate(zx.dtype, batch * 4 * units);
  const dcPrev = allocate(cPrev.dtype, batch * units);
  const dBias = allocate(bias.dtype, 4 * units);
  const a = zx.values;
  const b = hu.values;
  const w = bias.values;
  for (let r = 0; r < batch; r++) {
    const z = 4 * units * r;
    for (let j = 0; j < units; j++) {
      const s = r * units + j;
      const i = sigmoid(a[z + j]! + b[z + j]! + w[j]!);
      const f = sigmoid(a[z + units + j]! + b[z + units + j]! + w[units + j]!);
      const g = Math.tanh(a[z + 2 * units + j]! + b[z + 2 * units + j]! + w[2 * units + j]!);
      const o = sigmoid(a[z + 3 * units + j]! + b[z + 3 * units + j]! + w[3 * units + j]!);
      const tc = Math.tanh(cOut.values[s]!);
      const dh = dhT.values[s]!;
      const dc = dcT.values[s]! + dh * o * (1 - tc * tc);
      dz[z + j] = dc * g * i * (1 - i);
      dz[z + units + j] = dc * cPrev.values[s]! * f * (1 - f);
      dz[z + 2 * units + j] = dc * i * (1 - g * g);
      dz[z + 3 * units + j] = dh * tc * o * (1 - o);
      dcPrev[s] = dc * f;
      for (let k = 0; k < 4; k++) dBias[k * units + j] += dz[z + k * units + j]!;
    }
  }
  return [
    { values: dz, shape: zx.shape, dtype: zx.dtype },
    { values: dcPrev, shape: cPrev.shape, dtype: cPrev.dtype },
    { values: dBias, shape: bias.shape, dtype: bias.dtype },
  ];
}
