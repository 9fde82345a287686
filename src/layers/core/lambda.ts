import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { Layer, positionalOptions, type CallOptions, type LayerOptions, type Shape } from "../layer.js";

export interface LambdaOptions extends LayerOptions {
  /** The function applied to the inputs (written with keras.ops). */
  function?: (inputs: any, options?: CallOptions) => Tensor | Tensor[];
  /** The output shape, or a function of the input shape (default: inferred symbolically). */
  outputShape?: Shape | ((inputShape: Shape | Shape[]) => Shape | Shape[]) | null;
  /** A mask, or a function (inputs, mask) → mask. */
  mask?: unknown;
  /** Extra arguments passed to the function. */
  arguments?: Record<string, unknown>;
}

/**
 * Wraps a function of tensors as a layer: `new keras.layers.Lambda((x) => keras.ops.square(x))`.
 * Lambda layers can't be saved with their code: a file from Python with a Lambda is refused.
 */
export class Lambda extends Layer {
  static override readonly className: string = "Lambda";
  readonly fn: (inputs: any, options?: any) => Tensor | Tensor[];
  readonly outputShapeArg: LambdaOptions["outputShape"];
  readonly args: Record<string, unknown>;

  constructor(fn: LambdaOptions["function"] | LambdaOptions, options?: LambdaOptions) {
    const o = positionalOptions<LambdaOptions>(typeof fn === "function" ? fn : fn, options, "function");
    super(o, ["function", "outputShape", "mask", "arguments"]);
    if (typeof o.function !== "function") {
      throw new ValueError(`Lambda: expected a function as the first argument, but received ${typeof o.function}.`);
    }
    this.fn = o.function;
    this.outputShapeArg = o.outputShape ?? null;
    this.args = o.arguments ?? {};
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor | Tensor[] {
    return this.fn(inputs, { ...this.args, ...options });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const o = this.outputShapeArg;
    if (typeof o === "function") return o(inputShape);
    if (Array.isArray(o)) return [Array.isArray(inputShape[0]) ? null : ((inputShape as Shape)[0] ?? null), ...o];
    return super.computeOutputShape(inputShape);
  }

  protected override hasShapeRule(): boolean {
    return this.outputShapeArg !== null && this.outputShapeArg !== undefined;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), function: { class_name: "__lambda__", config: { code: this.fn.toString() } }, arguments: this.args };
  }
}
