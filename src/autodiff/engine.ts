import { getKernel } from "../backend/registry.js";
import type { DType, TensorData } from "../backend/types.js";
import { KerasTensor, type SymbolicShape } from "../tensor/kerasTensor.js";
import { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";

/** What a shape rule sees of each input: its (possibly symbolic) shape and dtype. */
export interface Spec {
  readonly shape: SymbolicShape;
  readonly dtype: DType;
}

/** A primitive: the unit the engine executes, differentiates and shape-checks. */
export interface PrimitiveDef<A = any> {
  readonly name: string;
  /** The output shapes/dtypes from the inputs' (symbolic) specs. Used for KerasTensors. */
  outputSpecs(inputs: readonly Spec[], attrs: A): Spec[];
  /**
   * The vector-Jacobian product: cotangents of the outputs → cotangents of the inputs
   * (null where an input has no gradient). Written with ops, so it is differentiable too.
   * Absent for primitives with no gradient (comparisons, argmax, …). `needs[i]` says whether
   * input i's cotangent is used at all, so rules may skip costly ones (return null there).
   */
  grad?(dys: Tensor[], inputs: Tensor[], outputs: Tensor[], attrs: A, needs: readonly boolean[]): (Tensor | null)[];
}

const primitives = new Map<string, PrimitiveDef>();

export function definePrimitive<A>(def: PrimitiveDef<A>): PrimitiveDef<A> {
  if (primitives.has(def.name)) throw new ValueError(`Primitive '${def.name}' is defined twice.`);
  primitives.set(def.name, def as PrimitiveDef);
  return def;
}

export function getPrimitive(name: string): PrimitiveDef {
  const p = primitives.get(name);
  if (!p) throw new ValueError(`Unknown primitive '${name}'.`);
  return p;
}

export function listPrimitives(): string[] {
  return [...primitives.keys()];
}

/** One recorded application of a primitive. */
export interface TapeNode {
  readonly prim: PrimitiveDef;
  readonly inputs: Tensor[];
  readonly outputs: Tensor[];
  readonly attrs: unknown;
}

/** Records primitives whose inputs depend on watched tensors. */
export class Tape {
  readonly nodes: TapeNode[] = [];
  readonly watched = new Set<number>();
  watch(t: Tensor): void {
    this.watched.add(t.id);
  }
}

const tapes: Tape[] = [];

/** @internal Pushes a tape; everything computed from its watched tensors is recorded. */
export function pushTape(tape: Tape): void {
  tapes.push(tape);
}

export function popTape(tape: Tape): void {
  const top = tapes.pop();
  if (top !== tape) throw new Error("Internal error: autodiff tapes popped out of order.");
}

/** True while some gradient is being recorded. */
export function isRecording(): boolean {
  return tapes.length > 0;
}

let noGradDepth = 0;

/** Runs `fn` without recording anything (used for optimizer updates, metric updates, inference). */
export function withoutGradient<T>(fn: () => T): T {
  noGradDepth++;
  try {
    return fn();
  } finally {
    noGradDepth--;
  }
}

/**
 * Every output gets a fresh Tensor (and so a fresh id), even when a kernel hands back one of
 * its inputs (identity kernels such as stopGradient): the tape keys cotangents by tensor id,
 * so an output sharing its input's id would merge their gradients. The buffer is shared.
 */
function wrap(data: TensorData): Tensor {
  return new Tensor(data.values, data.shape, data.dtype);
}

/** Sees every concrete primitive run: its name, inputs, attrs and outputs. */
export type PrimitiveRecorder = (name: string, inputs: readonly Tensor[], attrs: unknown, outputs: readonly Tensor[]) => void;

let recorder: PrimitiveRecorder | null = null;

/**
 * @internal Installs (or, with null, removes) the recorder that the compiled predict uses to
 * trace a forward pass. Returns the previous one.
 */
export function setPrimitiveRecorder(r: PrimitiveRecorder | null): PrimitiveRecorder | null {
  const previous = recorder;
  recorder = r;
  return previous;
}

/**
 * Runs a primitive. On KerasTensors it applies the shape rule only (no kernel runs);
 * on Tensors it runs the active backend's kernel and records the call on every tape
 * that watches one of the inputs.
 */
export function runPrimitive(name: string, inputs: readonly (Tensor | KerasTensor)[], attrs: unknown = {}): (Tensor | KerasTensor)[] {
  const prim = primitives.get(name);
  if (!prim) throw new ValueError(`Unknown primitive '${name}'.`);
  let symbolic = false;
  for (const x of inputs) if (x instanceof KerasTensor) symbolic = true;
  if (symbolic) {
    return prim.outputSpecs(inputs, attrs).map((s) => new KerasTensor(s.shape, s.dtype));
  }
  const concrete = inputs as Tensor[];
  const outputs = getKernel(name)(concrete, attrs).map(wrap);
  if (recorder !== null) recorder(name, concrete, attrs, outputs);
  if (tapes.length > 0 && noGradDepth === 0 && prim.grad) {
    for (const tape of tapes) {
      let depends = false;
      for (const x of concrete) {
        if (tape.watched.has(x.id)) {
          depends = true;
          break;
        }
      }
      if (!depends) continue;
      tape.nodes.push({ prim, inputs: concrete, outputs, attrs });
      for (const y of outputs) tape.watched.add(y.id);
    }
  }
  return outputs;
}

/** `runPrimitive` for the common one-output case, typed for concrete inputs. */
export function run1(name: string, inputs: readonly Tensor[], attrs?: unknown): Tensor;
export function run1(name: string, inputs: readonly (Tensor | KerasTensor)[], attrs?: unknown): Tensor | KerasTensor;
export function run1(name: string, inputs: readonly (Tensor | KerasTensor)[], attrs: unknown = {}): Tensor | KerasTensor {
  return runPrimitive(name, inputs, attrs)[0]!;
}
