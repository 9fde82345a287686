import { transpose } from "../../ops/numpy/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type LayerOptions, type Shape } from "../layer.js";

export interface PermuteOptions extends LayerOptions {
  /** A permutation of the non-batch axes, 1-indexed: `[2, 1]` swaps the two axes of each sample. */
  dims?: readonly number[];
}

/** Permutes the non-batch axes: `new keras.layers.Permute([2, 1])`: (None, 10, 64) → (None, 64, 10). */
export class Permute extends Layer {
  static override readonly className: string = "Permute";
  readonly dims: number[];
  constructor(dims: readonly number[] | PermuteOptions, options?: PermuteOptions) {
    const o = Array.isArray(dims) ? { ...options, dims: dims as number[] } : positionalOptions<PermuteOptions>(dims, options, "dims");
    super(o, ["dims"]);
    const d = o.dims ?? [];
    const sorted = [...d].sort((a, b) => a - b);
    if (!sorted.every((v, i) => v === i + 1)) {
      throw new ValueError(`Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be consecutive and start from 1. Received dims=${JSON.stringify(d)}`);
    }
    this.dims = [...d];
    this.built = true;
  }
  override computeOutputShape(inputShape: Shape): Shape {
    if (inputShape.length !== this.dims.length + 1) {
      throw new ValueError(`Layer "${this.name}" (Permute): dims ${JSON.stringify(this.dims)} need inputs of rank ${this.dims.length + 1}, but received rank ${inputShape.length}.`);
    }
    return [inputShape[0] ?? null, ...this.dims.map((d) => inputShape[d] ?? null)];
  }
  override call(inputs: Tensor): Tensor {
    this.computeOutputShape([...inputs.shape]);
    return transpose(inputs, [0, ...this.dims]);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: this.dims };
  }
}
