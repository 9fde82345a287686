import type { DType } from "../tensor/dtypes.js";
import { ValueError } from "../util/errors.js";
import { formatShape } from "../util/format.js";

export interface InputSpecOptions {
  dtype?: DType;
  shape?: readonly (number | null)[];
  ndim?: number;
  maxNdim?: number;
  minNdim?: number;
  /** axis → required size, e.g. `{ [-1]: 48 }`. */
  axes?: Record<number, number | null>;
  name?: string;
  optional?: boolean;
}

/** What a layer requires of each input: rank, dtype, sizes of given axes (Keras's InputSpec). */
export class InputSpec {
  dtype?: DType;
  shape?: readonly (number | null)[];
  ndim?: number;
  maxNdim?: number;
  minNdim?: number;
  axes?: Record<number, number | null>;
  name?: string;
  optional: boolean;

  constructor(options: InputSpecOptions = {}) {
    this.dtype = options.dtype;
    this.shape = options.shape;
    this.ndim = options.shape ? options.shape.length : options.ndim;
    this.maxNdim = options.maxNdim;
    this.minNdim = options.minNdim;
    this.axes = options.axes;
    this.name = options.name;
    this.optional = options.optional ?? false;
  }
}

/**
 * Checks inputs against a layer's specs; errors read like Keras's:
 * `Input 0 of layer "dense_1" is incompatible with the layer: expected axis -1 of input shape
 * to have value 48, but received input with shape (None, 3, 16)`.
 */
export function assertInputCompatibility(
  specs: InputSpec | InputSpec[] | null | undefined,
  inputs: readonly { shape: readonly (number | null)[]; dtype: DType }[],
  layerName: string,
): void {
  if (!specs) return;
  const list = Array.isArray(specs) ? specs : [specs];
  if (list.length === 0) return;
  if (list.length !== inputs.length) {
    throw new ValueError(`Layer "${layerName}" expects ${list.length} input(s), but it received ${inputs.length} input tensors.`);
  }
  list.forEach((spec, i) => {
    const x = inputs[i]!;
    const shape = x.shape;
    const ndim = shape.length;
    const head = `Input ${i} of layer "${layerName}" is incompatible with the layer:`;
    if (spec.ndim !== undefined && ndim !== spec.ndim) {
      throw new ValueError(`${head} expected ndim=${spec.ndim}, found ndim=${ndim}. Full shape received: ${formatShape(shape)}`);
    }
    if (spec.maxNdim !== undefined && ndim > spec.maxNdim) {
      throw new ValueError(`${head} expected max_ndim=${spec.maxNdim}, found ndim=${ndim}. Full shape received: ${formatShape(shape)}`);
    }
    if (spec.minNdim !== undefined && ndim < spec.minNdim) {
      throw new ValueError(`${head} expected min_ndim=${spec.minNdim}, found ndim=${ndim}. Full shape received: ${formatShape(shape)}`);
    }
    if (spec.dtype !== undefined && x.dtype !== spec.dtype) {
      throw new ValueError(`${head} expected dtype=${spec.dtype}, found dtype=${x.dtype}`);
    }
    if (spec.axes) {
      for (const [key, value] of Object.entries(spec.axes)) {
        const axis = Number(key);
        const dim = shape[axis < 0 ? ndim + axis : axis];
        if (value !== null && dim !== null && dim !== undefined && dim !== value) {
          throw new ValueError(
            `${head} expected axis ${axis} of input shape to have value ${value}, but received input with shape ${formatShape(shape)}`,
          );
        }
      }
    }
    if (spec.shape) {
      spec.shape.forEach((d, k) => {
        const got = shape[k];
        if (d !== null && got !== null && got !== undefined && d !== got) {
          throw new ValueError(`${head} expected shape=${formatShape(spec.shape!)}, found shape=${formatShape(shape)}`);
        }
      });
    }
  });
}
