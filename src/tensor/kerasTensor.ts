import type { DType } from "../backend/types.js";
import { formatShape } from "../util/format.js";

/** A symbolic shape: `null` marks an unknown dimension (the batch, usually). */
export type SymbolicShape = readonly (number | null)[];

let nextSymbolicId = 0;

/**
 * A symbolic tensor: a shape (with `null` for unknown dims) and a dtype, no values.
 * Ops and layers applied to a KerasTensor run their shape rules only and return KerasTensors;
 * the graph records where each came from in `kerasHistory`.
 */
export class KerasTensor {
  readonly id: number;
  readonly shape: SymbolicShape;
  readonly dtype: DType;
  readonly name: string | undefined;
  /** @internal [operation, nodeIndex, tensorIndex] set by the graph when a layer produced it. */
  kerasHistory: unknown = undefined;

  constructor(shape: SymbolicShape, dtype: DType = "float32", name?: string) {
    this.id = nextSymbolicId++;
    this.shape = shape;
    this.dtype = dtype;
    this.name = name;
  }

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `<KerasTensor shape=${formatShape(this.shape)}, dtype=${this.dtype}${this.name ? `, name=${this.name}` : ""}>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export function isKerasTensor(x: unknown): x is KerasTensor {
  return x instanceof KerasTensor;
}
