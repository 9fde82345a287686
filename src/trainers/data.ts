import { convertToTensor } from "../tensor/convert.js";
import { Tensor } from "../tensor/tensor.js";
import { Variable } from "../tensor/variable.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";

/** Data a model accepts: one array-like per input, or a list / name→data dict of them. */
export type ModelData = unknown;

function isArrayOfInputs(x: unknown, count: number): x is unknown[] {
  if (!Array.isArray(x) || x.length !== count || count < 2) return false;
  return x.every((v) => v instanceof Tensor || v instanceof Variable || ArrayBuffer.isView(v) || Array.isArray(v));
}

/**
 * Converts `x` to one tensor per model input: data for a single-input model, a list for
 * several inputs, or an object keyed by input name.
 */
export function toInputTensors(x: ModelData, inputNames: readonly string[], what = "x"): Tensor[] {
  const n = Math.max(1, inputNames.length);
  let parts: unknown[];
  if (x !== null && typeof x === "object" && !Array.isArray(x) && !ArrayBuffer.isView(x) && !(x instanceof Tensor) && !(x instanceof Variable)) {
    const dict = x as Record<string, unknown>;
    parts = inputNames.map((name) => {
      if (!(name in dict)) {
        throw new ValueError(`Missing data for input "${name}". The ${what} dict has keys ${JSON.stringify(Object.keys(dict))}; expected ${JSON.stringify(inputNames)}.`);
      }
      return dict[name];
    });
  } else if (n > 1) {
    if (!isArrayOfInputs(x, n)) {
      throw new ValueError(`The model has ${n} inputs (${inputNames.join(", ")}), so ${what} must be a list of ${n} arrays or tensors (or an object keyed by input name).`);
    }
    parts = x;
  } else {
    parts = [x];
  }
  return parts.map((p) => {
    const t = p instanceof Tensor ? p : convertToTensor(p);
    if (t.shape.length === 0) throw new ValueError(`${what} must have a batch dimension, but received a scalar.`);
    return t;
  });
}

/** The common number of samples of several tensors (axis 0), with a clear error on mismatch. */
export function numSamples(tensors: readonly Tensor[], what = "x"): number {
  const n = tensors[0]?.shape[0] ?? 0;
  for (const t of tensors) {
    if (t.shape[0] !== n) {
      throw new ValueError(`Data cardinality is ambiguous: ${what} arrays have different numbers of samples: ${tensors.map((u) => formatShape(u.shape)).join(", ")}. Make sure all arrays contain the same number of samples.`);
    }
  }
  return n;
}
