import { definePrimitive } from "../../autodiff/engine.js";
import type { DType } from "../../backend/types.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";

/**
 * Random primitives: draws as a function of a seed generator's state tensor (int32 `[seed,
 * counter]`), so a traced step that draws replays with the state its variable holds at each
 * replay (backend/cpu/kernels/random.ts). No gradient flows to the state.
 */

definePrimitive<{ shape: readonly number[]; rate: number; dtype: DType }>({
  name: "dropoutMask",
  outputSpecs: ([state], a) => {
    if (state!.dtype !== "int32" || state!.shape.length !== 1 || state!.shape[0] !== 2) {
      throw new ValueError(`dropoutMask: the seed state must be an int32 tensor of shape (2,), but received ${state!.dtype} ${formatShape(state!.shape)}.`);
    }
    return [{ shape: a.shape, dtype: a.dtype }];
  },
  grad: () => [null],
});
