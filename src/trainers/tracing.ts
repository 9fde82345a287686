import { setPrimitiveRecorder } from "../autodiff/engine.js";
import { BufferPool, setActivePool } from "../backend/bufferPool.js";
import { getBackend, getKernel } from "../backend/registry.js";
import type { Backend, CompiledProgram, Kernel, SlotSpec, TensorData, TypedArray } from "../backend/types.js";
import { getStructureVersion, type Layer } from "../layers/layer.js";
import { makeTensor, Tensor, tensorValueReads } from "../tensor/tensor.js";
import { setAssignRecorder, type Variable } from "../tensor/variable.js";

/**
 * Tracing and replay of a step (Keras's traced `predict_function` / `train_function`): a
 * function of tensors is run once eagerly while the engine records every primitive it runs,
 * and the recording becomes a plan of kernel calls over numbered slots that later calls
 * replay directly, without layers, tapes, graph walks or shape rules.
 *
 * A plan's slots hold the arguments, variables (read live at every replay, so weight updates
 * are seen), constants captured while tracing, and kernel results. The plan knows the last
 * reader of every slot, so a replay frees each intermediate after its last use and hands its
 * buffer back to a `BufferPool` (backend/bufferPool.ts) for the next kernels and the next steps:
 * no fresh pages per step.
 *
 * Variable assignments the step makes (BatchNormalization's moving statistics) are recorded and
 * replayed at the end of each replay; the probe run's assignments are undone.
 *
 * Soundness: a trace is refused (`traceStep` gives null) when JS reads tensor values while it
 * runs (`item`, `dataSync`, `arraySync`), or it assigns a variable that is not model state (a
 * random generator's counter: its reads would be constants); and it is kept only if a
 * second trace on probe arguments (same shapes and dtypes, other values) records the same
 * kernels, attributes, wiring and constants — constants made in JS from argument values, or
 * from hidden state such as random draws, differ between the two.
 */

/** One recorded kernel call: input slots in, output slots out. */
interface Step {
  readonly name: string;
  readonly kernel: Kernel;
  readonly attrs: unknown;
  readonly inputs: number[];
  readonly outputs: number[];
  /** Slots read for the last time by this step, cleared after it so the memory can be reused. */
  frees: number[];
  /** The kernel's argument list, refilled at every replay (no allocation per step). */
  readonly args: TensorData[];
}

/** A slot filled at the start of a replay: a variable (read live) or a captured constant. */
type Source = { readonly slot: number; readonly variable: Variable } | { readonly slot: number; readonly constant: Tensor };

/** A recorded forward pass. Slots 0…n-1 are the arguments. */
/** A variable assignment the traced step made: the replay assigns the slot's value at its end. */
interface Assignment {
  readonly variable: Variable;
  readonly slot: number;
}

export interface Plan {
  readonly numArgs: number;
  readonly numSlots: number;
  /** Every slot's shape and dtype (for backends that compile whole plans). */
  readonly specs: SlotSpec[];
  readonly sources: Source[];
  readonly steps: Step[];
  readonly outputs: number[];
  /** Variable assignments, in the order the step made them (layer state such as moving averages). */
  readonly assigns: Assignment[];
  /**
   * The plan compiled whole by the backend it was first replayed on (`Backend.compileProgram`),
   * null when that backend cannot; undefined before the first replay.
   */
  compiled?: { readonly backend: Backend; readonly run: CompiledProgram | null; readonly inputs: TensorData[] };
}

/** A tensor's part of a step's signature: `float32[2,3]` (plans are per shapes and dtypes). */
export function specKey(t: Tensor): string {
  return `${t.dtype}[${t.shape.join(",")}]`;
}

/**
 * Whether `layer` or one of its sub-layers is stateful (an RNN carrying state between batches):
 * such models are never traced — the probe run would advance their state.
 */
export function hasStatefulLayer(layer: Layer): boolean {
  if ((layer as { stateful?: unknown }).stateful === true) return true;
  return layer.subLayers().some(hasStatefulLayer);
}

/** What tracing a step gave: a plan, null (it cannot be replayed), or "retry" (try a later call). */
export type TraceResult = { outputs: Tensor[]; plan: Plan | null | "retry" };

/**
 * Runs `fn(args)` eagerly while recording it (its outputs are the result of this call); when
 * the recording is replayable, records it again on probe arguments and keeps the plan only if
 * both agree. `variables` are the state the step may read: their values are read live when the
 * plan replays. "retry": the model was built lazily while running, or arguments alias.
 */
export function traceStep(fn: (args: Tensor[]) => Tensor[], args: Tensor[], variables: () => readonly Variable[]): TraceResult {
  const first = recordOnce(fn, args, variables);
  if (first.plan === null || first.plan === "retry") return { outputs: first.outputs, plan: first.plan };
  let plan: Plan | null = first.plan;
  // the probe run assigns the same variables again: their values after the real step come back
  const kept = first.plan.assigns.map((a) => [a.variable, a.variable.value] as const);
  try {
    const second = recordOnce(fn, args.map(probeOf), variables).plan;
    if (second === "retry") return { outputs: first.outputs, plan: "retry" };
    if (!second || !samePlan(plan, second)) plan = null;
  } catch {
    plan = null; // the probe values broke something the real ones did not
  } finally {
    for (const [v, value] of kept) v.assign(value);
  }
  return { outputs: first.outputs, plan };
}

/**
 * Values of the same shape and dtype that differ from `t`'s in every (non-NaN) element. Floats:
 * 0 → 1, x → -x. Integers are class labels and indices more often than not, so they stay in
 * their range: 0 ↔ 1 and k → k − 1 otherwise (labels in [0, C) stay there for C ≥ 2). Bools flip.
 */
export function probeOf(t: Tensor): Tensor {
  const v = t.values;
  const out = v.slice() as TypedArray;
  if (t.dtype === "bool") for (let i = 0; i < out.length; i++) out[i] = v[i] === 0 ? 1 : 0;
  else if (t.dtype === "int32") for (let i = 0; i < out.length; i++) out[i] = v[i] === 0 ? 1 : v[i]! - 1;
  else for (let i = 0; i < out.length; i++) out[i] = v[i] === 0 ? 1 : -v[i]!;
  return makeTensor(out, t.shape, t.dtype);
}

interface Recorded {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  readonly attrs: unknown;
  readonly outputs: readonly Tensor[];
}

/**
 * One eager run of `fn`, recorded; null when it did something a replay cannot repeat: JS read
 * tensor values, or it assigned a variable that is not one of `variables` (whose reads would be
 * constants of the plan).
 */
function recordOnce(fn: (args: Tensor[]) => Tensor[], args: Tensor[], variables: () => readonly Variable[]): TraceResult {
  const vars = variables();
  const before = vars.map((v) => v.value);
  const version = getStructureVersion();
  const reads = tensorValueReads();
  const records: Recorded[] = [];
  const assigned: { variable: Variable; value: Tensor }[] = [];
  const previous = setPrimitiveRecorder((name, inputs, attrs, outputs) => records.push({ name, inputs, attrs, outputs }));
  const previousAssign = setAssignRecorder((variable, value) => assigned.push({ variable, value }));
  let outputs: Tensor[];
  try {
    outputs = fn(args);
  } finally {
    setPrimitiveRecorder(previous);
    setAssignRecorder(previousAssign);
  }
  if (getStructureVersion() !== version || new Set(args).size !== args.length) return { outputs, plan: "retry" };
  const known = new Set(vars);
  const clean = tensorValueReads() === reads && assigned.every((a) => known.has(a.variable));
  return { outputs, plan: clean ? buildPlan(args, vars, before, records, outputs, assigned) : null };
}

/** Turns the records into slots and steps, keeping only the steps the outputs depend on. */
function buildPlan(
  args: readonly Tensor[],
  variables: readonly Variable[],
  before: readonly Tensor[],
  records: readonly Recorded[],
  outputs: readonly Tensor[],
  assigned: readonly { variable: Variable; value: Tensor }[],
): Plan | null {
  const slotOf = new Map<Tensor, number>();
  const specs: SlotSpec[] = [];
  args.forEach((t, i) => {
    slotOf.set(t, i);
    specs.push({ shape: t.shape, dtype: t.dtype });
  });
  const variableOf = new Map<Tensor, Variable | null>();
  // The values the step started from (it may have assigned new ones since). A value shared by
  // two variables is ambiguous (null): which one the layer read is unknown.
  variables.forEach((v, i) => variableOf.set(before[i]!, variableOf.has(before[i]!) ? null : v));
  const sources: Source[] = [];
  let numSlots = args.length;
  const slotFor = (t: Tensor): number => {
    let slot = slotOf.get(t);
    if (slot === undefined) {
      slot = numSlots++;
      slotOf.set(t, slot);
      specs[slot] = { shape: t.shape, dtype: t.dtype };
      const variable = variableOf.get(t);
      sources.push(variable ? { slot, variable } : { slot, constant: t });
    }
    return slot;
  };
  const steps: Step[] = records.map((r) => {
    const inputs = r.inputs.map(slotFor);
    const outs = r.outputs.map((t) => {
      slotOf.set(t, numSlots);
      specs[numSlots] = { shape: t.shape, dtype: t.dtype };
      return numSlots++;
    });
    return { name: r.name, kernel: getKernel(r.name), attrs: r.attrs, inputs, outputs: outs, frees: [], args: new Array<TensorData>(inputs.length) };
  });
  const outSlots = outputs.map(slotFor);
  const assigns = assigned.map((a) => ({ variable: a.variable, slot: slotFor(a.value) }));
  // Dead steps (masks no output uses, activity-regularization terms) are dropped.
  const needed = new Set<number>([...outSlots, ...assigns.map((a) => a.slot)]);
  const live: Step[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (!s.outputs.some((o) => needed.has(o))) continue;
    live.push(s);
    for (const x of s.inputs) needed.add(x);
  }
  live.reverse();
  planFrees(live, [...outSlots, ...assigns.map((a) => a.slot)]);
  const usedSources = sources.filter((s) => needed.has(s.slot));
  if (usedSources.some((s) => "constant" in s && variableOf.get(s.constant) === null)) return null;
  return { numArgs: args.length, numSlots, specs, sources: usedSources, steps: live, outputs: outSlots, assigns };
}

/**
 * Sets each step's `frees`: the slots it reads last and its own outputs nobody reads (the
 * model's outputs excepted), so that a replay holds no dead intermediates — at large batches
 * they would keep hundreds of MB alive that eager execution lets the allocator reuse.
 */
function planFrees(steps: readonly Step[], outputs: readonly number[]): void {
  const kept = new Set(outputs);
  const lastReader = new Map<number, Step>();
  for (const s of steps) for (const x of s.inputs) lastReader.set(x, s);
  for (const [slot, s] of lastReader) if (!kept.has(slot)) s.frees.push(slot);
  for (const s of steps) for (const o of s.outputs) if (!lastReader.has(o) && !kept.has(o)) s.frees.push(o);
}

// ---------------------------------------------------------------- replay

/** Result buffers recycled between replays (one pool: replays never nest). */
const pool = new BufferPool();

/** Drops the buffers kept for reuse (`keras.utils.clearSession()`); later replays start afresh. */
export function releasePooledBuffers(): void {
  pool.clear();
}

/** @internal Bytes of result buffers kept for reuse between replays (for tests of memory use). */
export function pooledBytes(): number {
  return pool.idleSize;
}

/** Runs a plan on new arguments (of the traced shapes and dtypes); the outputs are fresh tensors. */
export function replay(plan: Plan, args: readonly Tensor[]): Tensor[] {
  const backend = getBackend();
  if (plan.compiled?.backend !== backend) plan.compiled = { backend, run: compileWhole(plan, backend), inputs: new Array<TensorData>(plan.numArgs + plan.sources.length) };
  if (plan.compiled.run !== null) return replayCompiled(plan, plan.compiled.run, plan.compiled.inputs, args);
  const slots: (TensorData | undefined)[] = new Array<TensorData | undefined>(plan.numSlots);
  for (let i = 0; i < plan.numArgs; i++) slots[i] = args[i]!;
  for (const s of plan.sources) slots[s.slot] = "variable" in s ? s.variable.value : s.constant;
  // live slots per pooled buffer (reshape-like kernels hand back their input's buffer); made
  // when a kernel first takes a pooled buffer, which tiny models never do
  let users: Map<ArrayBufferLike, number> | null = null;
  const previous = setActivePool(pool);
  try {
    for (const step of plan.steps) {
      const ins = step.args;
      for (let i = 0; i < ins.length; i++) ins[i] = slots[step.inputs[i]!]!;
      const outs = step.kernel(ins, step.attrs);
      ins.fill(undefined as unknown as TensorData); // hold no intermediates between replays
      for (let i = 0; i < step.outputs.length; i++) {
        const d = outs[i]!;
        slots[step.outputs[i]!] = d;
        const buffer = d.values.buffer;
        if (pool.lends(buffer)) {
          users ??= new Map();
          users.set(buffer, (users.get(buffer) ?? 0) + 1);
        }
      }
      if (users === null) {
        for (const slot of step.frees) slots[slot] = undefined;
        continue;
      }
      for (const slot of step.frees) {
        const d = slots[slot];
        slots[slot] = undefined;
        if (!d) continue;
        const buffer = d.values.buffer;
        const left = (users.get(buffer) ?? 0) - 1;
        if (left > 0) users.set(buffer, left);
        else if (left === 0) {
          users.delete(buffer);
          pool.giveBack(buffer);
        }
      }
    }
  } finally {
    setActivePool(previous);
    // whatever is still lent (the outputs, assigned values) becomes ordinary garbage-collected memory
    pool.endReplay();
  }
  const tensorOf = (slot: number): Tensor => {
    const d = slots[slot]!;
    return d instanceof Tensor ? d : makeTensor(d.values, d.shape, d.dtype);
  };
  for (const a of plan.assigns) a.variable.assign(tensorOf(a.slot));
  return plan.outputs.map(tensorOf);
}

/** Runs a plan compiled whole; `inputs` is the plan's own argument list, refilled per call (no allocation). */
function replayCompiled(plan: Plan, run: CompiledProgram, inputs: TensorData[], args: readonly Tensor[]): Tensor[] {
  const numArgs = plan.numArgs;
  for (let i = 0; i < numArgs; i++) inputs[i] = args[i]!;
  const sources = plan.sources;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    inputs[numArgs + i] = "variable" in s ? s.variable.value : s.constant;
  }
  const outs = run(inputs);
  inputs.fill(undefined as unknown as TensorData); // hold no tensors between calls
  const result = new Array<Tensor>(outs.length); // sized: a push would reserve room for 17
  for (let i = 0; i < outs.length; i++) result[i] = makeTensor(outs[i]!.values, outs[i]!.shape, outs[i]!.dtype);
  return result;
}

/**
 * The plan as one compiled function when `backend` can compile it (`Backend.compileProgram`;
 * plans that assign variables are always replayed kernel by kernel).
 */
function compileWhole(plan: Plan, backend: Backend): CompiledProgram | null {
  if (!backend.compileProgram || plan.assigns.length > 0) return null;
  const inputs: number[] = [];
  for (let i = 0; i < plan.numArgs; i++) inputs.push(i);
  for (const s of plan.sources) inputs.push(s.slot);
  return backend.compileProgram({ slots: plan.specs, inputs, steps: plan.steps, outputs: plan.outputs });
}

// ---------------------------------------------------------------- comparing two traces

export function samePlan(a: Plan, b: Plan): boolean {
  if (a.numSlots !== b.numSlots || a.steps.length !== b.steps.length || a.sources.length !== b.sources.length) return false;
  if (!sameNumbers(a.outputs, b.outputs)) return false;
  if (a.assigns.length !== b.assigns.length || a.assigns.some((x, i) => x.variable !== b.assigns[i]!.variable || x.slot !== b.assigns[i]!.slot)) return false;
  for (let i = 0; i < a.steps.length; i++) {
    const x = a.steps[i]!;
    const y = b.steps[i]!;
    if (x.name !== y.name || !sameNumbers(x.inputs, y.inputs) || !sameNumbers(x.outputs, y.outputs)) return false;
    if (JSON.stringify(x.attrs) !== JSON.stringify(y.attrs)) return false;
  }
  return a.sources.every((s, i) => sameSource(s, b.sources[i]!));
}

function sameSource(a: Source, b: Source): boolean {
  if (a.slot !== b.slot) return false;
  if ("variable" in a) return "variable" in b && a.variable === b.variable;
  if (!("constant" in b)) return false;
  return sameValues(a.constant, b.constant);
}

function sameValues(a: Tensor, b: Tensor): boolean {
  if (a === b) return true;
  if (a.dtype !== b.dtype || !sameNumbers(a.shape, b.shape)) return false;
  const x = a.values;
  const y = b.values;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
