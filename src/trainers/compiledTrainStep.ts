import { getBackend } from "../backend/registry.js";
import type { Backend } from "../backend/types.js";
import { getStructureVersion, type Layer } from "../layers/layer.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import type { Batch } from "./dataAdapter.js";
import { hasStatefulLayer, replay, specKey, traceStep, type Plan } from "./tracing.js";

/**
 * The compiled gradient computation of `fit` / `trainOnBatch` (the traced part of Keras's
 * `train_function`), and likewise evaluate's loss (`test_function`): forward pass, loss and backward pass, traced once per batch signature and
 * then replayed as a plan of kernels (tracing.ts) whose intermediates reuse pooled buffers.
 * The optimizer update and the metric updates stay eager: they read the step counter and
 * learning-rate schedules in JS, and their elementwise work is fused per variable
 * (`adamUpdate`).
 *
 * A signature trains eagerly for good when its trace is not replayable: a layer reads values in
 * JS, assigns a variable during the forward pass (BatchNormalization's moving statistics),
 * draws random numbers (Dropout), or the model holds a stateful layer.
 */

/** The loss, the per-output losses, the predictions and one gradient per trainable variable. */
export interface StepGradients {
  scaledTotal: Tensor;
  total: Tensor;
  values: Tensor[];
  yPred: Tensor[];
  grads: Tensor[];
}

/** What the compiled steps need of a model: the eager computations they trace. */
export interface GradientModel extends Layer {
  /** Forward pass, loss and gradients of `vars`, eagerly. */
  eagerGradients(batch: Batch, vars: readonly Variable[]): StepGradients;
  /** Forward pass in inference mode and loss, eagerly (`grads` empty). */
  eagerTestLoss(batch: Batch): StepGradients;
}

/** The two traced computations: fit's gradients and evaluate's loss. */
type StepKind = "train" | "test";

interface Cache {
  readonly version: number;
  readonly backend: Backend;
  /** What the plans were traced against: the trainable variables, loss and optimizer. */
  readonly vars: readonly Variable[];
  readonly setup: readonly unknown[];
  readonly stateful: boolean;
  readonly plans: Map<string, { plan: Plan; layout: Layout } | null>;
}

/** How the plan's flat outputs split into the parts of StepGradients. */
interface Layout {
  values: number;
  yPred: number;
}

const caches = new WeakMap<object, Map<StepKind, Cache>>();

/**
 * The step's gradients, replayed from a plan when one exists for this batch's signature, else
 * computed eagerly (tracing on the way when the signature is new). `setup` holds the compiled
 * loss and the optimizer: a new compile starts over.
 */
export function compiledGradients(model: GradientModel, batch: Batch, vars: readonly Variable[], setup: readonly unknown[]): StepGradients {
  return compiledStep(model, "train", batch, vars, setup, (b) => model.eagerGradients(b, vars));
}

/**
 * evaluate's step (Keras's traced `test_function`): forward pass in inference mode and loss,
 * replayed like the training gradients; the metrics stay eager.
 */
export function compiledTestLoss(model: GradientModel, batch: Batch, setup: readonly unknown[]): StepGradients {
  return compiledStep(model, "test", batch, [], setup, (b) => model.eagerTestLoss(b));
}

function compiledStep(model: GradientModel, kind: StepKind, batch: Batch, vars: readonly Variable[], setup: readonly unknown[], eager: (b: Batch) => StepGradients): StepGradients {
  const cache = cacheFor(model, kind, vars, setup);
  if (cache.stateful) return eager(batch);
  const key = signature(batch);
  const cached = cache.plans.get(key);
  const args = flatten(batch);
  if (cached) return unflatten(replay(cached.plan, args), cached.layout);
  if (cached === null) return eager(batch);
  const layout: Layout = { values: 0, yPred: 0 };
  const result = traceStep(
    (a) => {
      const g = eager(unflattenBatch(batch, a));
      layout.values = g.values.length;
      layout.yPred = g.yPred.length;
      return [g.scaledTotal, g.total, ...g.values, ...g.yPred, ...g.grads];
    },
    args,
    () => model.variables, // the weights and the seed generators' state (Dropout replays its masks)
  );
  if (result.plan !== "retry") cache.plans.set(key, result.plan ? { plan: result.plan, layout } : null);
  return unflatten(result.outputs, layout);
}

/**
 * @internal For tests: each traced batch signature of `model`'s training (or, with "test",
 * evaluation) step → "replay" or "eager".
 */
export function trainTraceStatus(model: object, kind: StepKind = "train"): Record<string, "replay" | "eager"> {
  const out: Record<string, "replay" | "eager"> = {};
  for (const [key, plan] of caches.get(model)?.get(kind)?.plans ?? []) out[key] = plan ? "replay" : "eager";
  return out;
}

function cacheFor(model: GradientModel, kind: StepKind, vars: readonly Variable[], setup: readonly unknown[]): Cache {
  const version = getStructureVersion();
  const backend = getBackend();
  let byKind = caches.get(model);
  if (!byKind) caches.set(model, (byKind = new Map()));
  let cache = byKind.get(kind);
  if (!cache || cache.version !== version || cache.backend !== backend || !sameItems(cache.vars, vars) || !sameItems(cache.setup, setup)) {
    cache = { version, backend, vars: [...vars], setup: [...setup], stateful: hasStatefulLayer(model), plans: new Map() };
    byKind.set(kind, cache);
  }
  return cache;
}

const sameItems = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Shapes and dtypes of x, y and the sample weights, and which are absent. */
function signature(batch: Batch): string {
  const part = (ts: readonly (Tensor | null)[] | null): string => (ts === null ? "-" : ts.map((t) => (t ? specKey(t) : "null")).join(";"));
  return `x:${part(batch.x)} y:${part(batch.y)} sw:${part(batch.sw)}`;
}

/** The batch's tensors in order x, y, sw (absent entries skipped; the signature records them). */
function flatten(batch: Batch): Tensor[] {
  const out = [...batch.x];
  if (batch.y) out.push(...batch.y);
  if (batch.sw) for (const w of batch.sw) if (w) out.push(w);
  return out;
}

/** `batch`'s structure filled with the tensors `args` (flatten's inverse). */
function unflattenBatch(batch: Batch, args: readonly Tensor[]): Batch {
  let i = 0;
  const x = batch.x.map(() => args[i++]!);
  const y = batch.y ? batch.y.map(() => args[i++]!) : null;
  const sw = batch.sw ? batch.sw.map((w) => (w ? args[i++]! : null)) : null;
  return { x, y, sw };
}

function unflatten(outs: readonly Tensor[], layout: Layout): StepGradients {
  const values = outs.slice(2, 2 + layout.values);
  const yPred = outs.slice(2 + layout.values, 2 + layout.values + layout.yPred);
  return { scaledTotal: outs[0]!, total: outs[1]!, values, yPred, grads: outs.slice(2 + layout.values + layout.yPred) };
}
