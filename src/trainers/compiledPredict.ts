import { withoutGradient } from "../autodiff/engine.js";
import { getBackend } from "../backend/registry.js";
import type { Backend } from "../backend/types.js";
import { getStructureVersion, type Layer } from "../layers/layer.js";
import type { Tensor } from "../tensor/tensor.js";
import { hasStatefulLayer, replay, specKey, traceStep, type Plan } from "./tracing.js";

/**
 * The compiled predict (Keras's `predict_function`): the first predict with a given input
 * signature (shapes and dtypes) runs the forward pass eagerly while recording every primitive
 * the engine runs; later calls replay the recorded kernels directly, without layers, graph
 * walk, input checks or shape rules.
 *
 * What a replay reads: the call's arguments, earlier kernel outputs, variables read live (so
 * `setWeights`, `fit` and `assign` are seen) and constants captured while tracing. As in Keras,
 * JS code in a layer's `call` runs only while tracing (twice: see `traceStep` in tracing.ts).
 *
 * A signature stays eager (never replayed) when tracing shows something a replay cannot
 * reproduce: JS reading tensor values (`item`, `dataSync`, `arraySync`, …), a model variable
 * being assigned, a stateful RNN in the model, or a trace whose kernels or constants depend on
 * the input values or on hidden state (random draws, counters) — found by tracing a second
 * time on different input values and comparing the two recordings.
 */

/** What the compiled predict needs of a model. */
export interface TraceableModel extends Layer {
  predictStep(batch: Tensor[]): Tensor[];
}

interface ModelCache {
  readonly version: number;
  readonly backend: Backend;
  /** Signature → plan, or null when that signature runs eagerly for good. */
  readonly plans: Map<string, Plan | null>;
  /** The model holds a stateful layer: never trace (a second trace would advance its state). */
  readonly stateful: boolean;
  /** The plan replayed last and its arguments' signature: repeated calls skip the key string. */
  last: { batch: readonly Tensor[]; plan: Plan } | null;
}

const caches = new WeakMap<object, ModelCache>();
/** True while tracing: a predict nested in a traced call runs eagerly. */
let tracing = false;

/**
 * Runs one predict step of `model` on `batch`, without gradient recording: replayed when
 * possible, else eagerly.
 */
export function compiledPredictStep(model: TraceableModel, batch: Tensor[]): Tensor[] {
  if (tracing) return eagerStep(model, batch);
  const cache = cacheFor(model);
  if (cache.stateful) return eagerStep(model, batch);
  if (cache.last && sameSignature(cache.last.batch, batch)) return replay(cache.last.plan, batch);
  const key = signature(batch);
  const plan = cache.plans.get(key);
  if (plan) {
    cache.last = { batch, plan };
    return replay(plan, batch);
  }
  if (plan === null) return eagerStep(model, batch);
  return withoutGradient(() => traceAndVerify(model, cache, key, batch));
}

function eagerStep(model: TraceableModel, batch: Tensor[]): Tensor[] {
  return withoutGradient(() => model.predictStep(batch));
}

/**
 * @internal For tests: each traced signature of `model` → "replay" (a plan is used) or
 * "eager" (tracing found something a replay cannot repeat).
 */
export function predictTraceStatus(model: object): Record<string, "replay" | "eager"> {
  const out: Record<string, "replay" | "eager"> = {};
  for (const [key, plan] of caches.get(model)?.plans ?? []) out[key] = plan ? "replay" : "eager";
  return out;
}

/** The model's cache, emptied when weights/layers were created or the backend changed since. */
function cacheFor(model: TraceableModel): ModelCache {
  const version = getStructureVersion();
  const backend = getBackend();
  let cache = caches.get(model);
  if (!cache || cache.version !== version || cache.backend !== backend) {
    cache = { version, backend, plans: new Map(), stateful: hasStatefulLayer(model), last: null };
    caches.set(model, cache);
  }
  return cache;
}

/** Whether two argument lists have the same shapes and dtypes (what `signature` encodes). */
function sameSignature(a: readonly Tensor[], b: readonly Tensor[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.dtype !== y.dtype || x.shape.length !== y.shape.length) return false;
    for (let d = 0; d < x.shape.length; d++) if (x.shape[d] !== y.shape[d]) return false;
  }
  return true;
}

function signature(batch: readonly Tensor[]): string {
  return batch.map(specKey).join("");
}

// ---------------------------------------------------------------- tracing

/** Traces the predict step on `batch` (its outputs are this call's result) and caches the verdict. */
function traceAndVerify(model: TraceableModel, cache: ModelCache, key: string, batch: Tensor[]): Tensor[] {
  tracing = true;
  let result;
  try {
    result = traceStep((args) => model.predictStep(args), batch, () => model.variables);
  } finally {
    tracing = false;
  }
  if (result.plan !== "retry") cache.plans.set(key, result.plan);
  return result.outputs;
}
