import { matmul } from "../../ops/numpy/linalg.js";
import { normalize } from "../../ops/nn/normalization.js";
import { reshape, transpose } from "../../ops/numpy/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { positionalOptions, type Shape } from "../layer.js";
import { Merge, type MergeOptions } from "./baseMerge.js";

export interface DotOptions extends MergeOptions {
  /** The axis (or one axis per input, `[a1, a2]`) to take the dot product along; batch axis 0 is not allowed. */
  axes?: number | readonly [number, number];
  /** L2-normalize both inputs along the dot axes first, giving cosine similarity (default false). */
  normalize?: boolean;
}

/**
 * Dot product of two inputs per sample, along `axes`: for (None, d) and (None, d) with axes 1 the
 * output is (None, 1); for (None, m, d) and (None, n, d) with axes 2 it is (None, m, n).
 *
 * ```ts
 * const cos = new keras.layers.Dot(1, { normalize: true }).apply([a, b]);
 * ```
 */
export class Dot extends Merge {
  static override readonly className: string = "Dot";
  readonly axes: number | [number, number];
  readonly normalize: boolean;

  constructor(axes: number | readonly [number, number] | DotOptions, options?: DotOptions) {
    const o = Array.isArray(axes) ? { ...options, axes: axes as readonly [number, number] } : positionalOptions<DotOptions>(axes, options, "axes");
    super(o, ["axes", "normalize"]);
    const a = o.axes;
    if (typeof a === "number") {
      if (!Number.isInteger(a)) throw new ValueError(`Dot: invalid value for argument \`axes\`: expected an int or a list of 2 ints. Received: axes=${JSON.stringify(a)}`);
      this.axes = a;
    } else if (Array.isArray(a)) {
      if (a.length !== 2 || !a.every((v) => Number.isInteger(v))) {
        throw new ValueError(`Dot: invalid format for argument \`axes\`: it should contain two integers. Received: axes=${JSON.stringify(a)}`);
      }
      this.axes = [a[0], a[1]];
    } else {
      throw new ValueError(`Dot: missing or invalid argument \`axes\`: expected an int or a list of 2 ints. Received: axes=${JSON.stringify(a)}`);
    }
    this.normalize = o.normalize ?? false;
  }

  protected override inputCount(): [number, number] {
    return [2, 2];
  }

  /** The two dot axes as non-negative indices for inputs of the given ranks. */
  private resolveAxes(r1: number, r2: number): [number, number] {
    const pair = typeof this.axes === "number" ? [this.axes, this.axes] : this.axes;
    const a = [pair[0]! < 0 ? pair[0]! + r1 : pair[0]!, pair[1]! < 0 ? pair[1]! + r2 : pair[1]!] as [number, number];
    if (a[0] <= 0 || a[1] <= 0 || a[0] >= r1 || a[1] >= r2) {
      throw new ValueError(`Layer "${this.name}" (Dot): axes ${JSON.stringify(this.axes)} are out of range for inputs of rank ${r1} and ${r2} (axis 0, the batch, cannot be used).`);
    }
    return a;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
    this.built = true;
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    let [x, y] = [inputs[0]!, inputs[1]!];
    const [a0, a1] = this.resolveAxes(x.shape.length, y.shape.length);
    if (this.normalize) {
      x = normalize(x, a0);
      y = normalize(y, a1);
    }
    const b = x.shape[0]!;
    const d = x.shape[a0]!;
    const xRest = x.shape.filter((_, i) => i !== 0 && i !== a0);
    const yRest = y.shape.filter((_, i) => i !== 0 && i !== a1);
    const prod = (s: readonly number[]) => s.reduce((p, v) => p * v, 1);
    // x → (b, X, d), y → (b, d, Y): one batched matmul
    const xt = reshape(transpose(x, [0, ...x.shape.map((_, i) => i).filter((i) => i !== 0 && i !== a0), a0]), [b, prod(xRest), d]);
    const yt = reshape(transpose(y, [0, a1, ...y.shape.map((_, i) => i).filter((i) => i !== 0 && i !== a1)]), [b, d, prod(yRest)]);
    const out = [...xRest, ...yRest];
    return reshape(matmul(xt, yt), [b, ...(out.length ? out : [1])]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.checkShapeList(inputShape);
    const [s1, s2] = [shapes[0]!, shapes[1]!];
    const [a0, a1] = this.resolveAxes(s1.length, s2.length);
    if (s1[a0] !== null && s2[a1] !== null && s1[a0] !== s2[a1]) {
      throw new ValueError(
        `Layer "${this.name}" (Dot): incompatible input shapes: axis values ${s1[a0]} (at axis ${a0}) != ${s2[a1]} (at axis ${a1}). Full input shapes: ${formatShape(s1)}, ${formatShape(s2)}`,
      );
    }
    const out = [...s1.filter((_, i) => i !== a0), ...s2.filter((_, i) => i !== 0 && i !== a1)];
    return out.length === 1 ? [...out, 1] : out;
  }

  override computeMask(): null {
    return null;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axes: Array.isArray(this.axes) ? [...this.axes] : this.axes, normalize: this.normalize };
  }
}
