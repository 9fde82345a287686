import { withoutGradient } from "../autodiff/engine.js";
import { Layer } from "../layers/layer.js";
import type { KerasTensor } from "../tensor/kerasTensor.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkOptions } from "../util/options.js";
import { toInputTensors } from "./data.js";
import { checkBatchSize, predictBatches } from "./predict.js";

export interface PredictOptions {
  /** Samples per batch (default 32). */
  batchSize?: number;
  /** 0 = silent, 1 = progress bar, 2 = one line ("auto" = 1). */
  verbose?: 0 | 1 | 2 | "auto";
  steps?: number;
  callbacks?: unknown[];
}

/**
 * The training and inference APIs of a model (Keras's Trainer): compile, fit, evaluate,
 * predict and the *OnBatch variants. `Model` extends it.
 */
export class Trainer extends Layer {
  /** The symbolic inputs (overridden by models with a graph). */
  get inputs(): KerasTensor[] {
    return [];
  }

  get outputs(): KerasTensor[] {
    return [];
  }

  /** Names of the inputs, for data given as an object. */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.name ?? "input");
  }

  get outputNames(): string[] {
    return this.outputs.map((t) => {
      const h = t.kerasHistory as { operation?: { name: string } } | undefined;
      return h?.operation?.name ?? "output";
    });
  }

  /** @internal The optimizer's variables (for the summary), when compiled and built. */
  optimizerVariablesForSummary(): { size: number; dtype: string }[] | null {
    return null;
  }

  /**
   * Generates predictions for the input samples, in batches (Python's `model.predict`).
   * Accepts nested arrays, typed arrays or tensors (a list / dict of them for several inputs).
   */
  predict(x: unknown, options: PredictOptions = {}): any {
    checkOptions("predict", options, ["batchSize", "verbose", "steps", "callbacks"]);
    const batchSize = checkBatchSize(options.batchSize ?? 32, "predict");
    const inputs = toInputTensors(x, this.inputNames.length ? this.inputNames : ["input"]);
    const outs = withoutGradient(() => predictBatches(inputs, batchSize, (batch) => this.predictStep(batch)));
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** One forward pass in inference mode on one batch (Keras's `predict_on_batch`). */
  predictOnBatch(x: unknown): any {
    const inputs = toInputTensors(x, this.inputNames.length ? this.inputNames : ["input"]);
    const outs = withoutGradient(() => this.predictStep(inputs));
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** @internal Forward pass of one batch with training=false, outputs as a list. */
  predictStep(batch: Tensor[]): Tensor[] {
    const out = this.apply(batch.length === 1 ? batch[0]! : batch, { training: false }) as Tensor | Tensor[];
    return Array.isArray(out) ? out : [out];
  }
}
