import { add, logicalOr, multiply, subtract } from "../../ops/numpy/arithmetic.js";
import { broadcastTo, reshape } from "../../ops/numpy/shape.js";
import { cast } from "../../ops/numpy/manipulation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Merge, type MergeOptions } from "./baseMerge.js";

/**
 * Multiplies a list of inputs elementwise: `new Multiply().apply([a, b])`. With masks, masked
 * positions count as 1 (and are 0 in the output where every input is masked). No weights.
 */
export class Multiply extends Merge {
  static override readonly className: string = "Multiply";

  constructor(options: MergeOptions = {}) {
    super(options);
  }

  protected mergeFunction(inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor {
    if (!masks) return inputs.reduce((a, b) => multiply(a, b));
    const all = masks.every((m) => m);
    let out: Tensor | null = null;
    let outMask: Tensor | null = null;
    inputs.forEach((x, i) => {
      const m = masks[i];
      let v = x;
      if (m) {
        const keep = broadcastTo(reshape(m, [...m.shape, 1]), x.shape);
        const k = cast(keep, x.dtype);
        v = add(multiply(k, x), subtract(1, k)); // x where kept, 1 where masked
        if (all) outMask = outMask ? logicalOr(outMask, keep) : keep;
      }
      out = out ? multiply(out, v) : v;
    });
    let y = out as unknown as Tensor;
    if (outMask) y = multiply(y, cast(outMask, y.dtype));
    return y;
  }
}
