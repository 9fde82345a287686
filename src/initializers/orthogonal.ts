import type { DType } from "../tensor/dtypes.js";
import { reshape } from "../ops/numpy/shape.js";
import { convertToTensor } from "../tensor/convert.js";
import { normal } from "../random/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";
import { Initializer } from "./initializer.js";

/**
 * An orthogonal matrix (rows or columns orthonormal) from the QR decomposition of a normal
 * sample, times `gain`; shapes of rank > 2 are flattened to (prod(shape[:-1]), shape[-1]).
 */
export class Orthogonal extends Initializer {
  static override readonly className: string = "Orthogonal";
  readonly gain: number;
  readonly seed: number | null;
  constructor(options: { gain?: number; seed?: number | null } = {}) {
    super();
    this.gain = options.gain ?? 1.0;
    this.seed = options.seed ?? null;
  }
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    if (shape.length < 2) {
      throw new ValueError(`Orthogonal initializer needs a shape of rank >= 2, but received ${formatShape(shape)}.`);
    }
    const cols = shape[shape.length - 1]!;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const [m, n] = rows < cols ? [cols, rows] : [rows, cols]; // tall matrix m >= n
    const a = Array.from(normal([m, n], 0, 1, "float64", this.seed).values);
    // modified Gram-Schmidt on the columns of a (m x n), sign-corrected like QR with diag(R) > 0
    const q = new Float64Array(m * n);
    for (let j = 0; j < n; j++) {
      const v = new Float64Array(m);
      for (let i = 0; i < m; i++) v[i] = a[i * n + j]!;
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i * n + k]! * v[i]!;
        for (let i = 0; i < m; i++) v[i] -= dot * q[i * n + k]!;
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += v[i]! * v[i]!;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < m; i++) q[i * n + j] = v[i]! / norm;
    }
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * (rows < cols ? q[j * n + i]! : q[i * n + j]!);
    }
    return reshapeTo(out, shape, dtype);
  }
  override getConfig() {
    return { gain: this.gain, seed: this.seed };
  }
}

function reshapeTo(values: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  return reshape(convertToTensor(values, dtype), [...shape]);
}
