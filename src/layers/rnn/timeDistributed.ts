import { split, stack } from "../../ops/numpy/manipulation.js";
import { reshape } from "../../ops/numpy/shape.js";
import { camelKey, mapKeys } from "../../serialization/keys.js";
import type { CustomObjects } from "../../serialization/registry.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { InputSpec } from "../inputSpec.js";
import { Layer, type CallOptions, type LayerOptions, type Shape } from "../layer.js";
import { deserializeLayer, serializeLayer } from "./layerSerialization.js";

export interface TimeDistributedOptions extends LayerOptions {
  /** The layer applied to every timestep (or its serialized config). */
  layer?: Layer | Record<string, unknown>;
}

/**
 * Applies a layer to every temporal slice of an input: `(batch, time, ...)` → the layer runs on
 * each `(batch, ...)` slice (the same weights for all timesteps) and the results are stacked
 * back on axis 1. Weights: the wrapped layer's. A time mask passes through.
 *
 * ```ts
 * const td = new keras.layers.TimeDistributed(new keras.layers.Dense(8));
 * td.apply(keras.Input([10, 16])).shape;   // [null, 10, 8]
 * ```
 */
export class TimeDistributed extends Layer {
  static override readonly className: string = "TimeDistributed";
  readonly layer: Layer;

  constructor(layer: Layer | TimeDistributedOptions, options?: TimeDistributedOptions) {
    const o: TimeDistributedOptions = layer instanceof Layer ? { ...(options ?? {}), layer } : { ...(layer ?? {}) };
    super(o, ["layer"]);
    const inner = o.layer instanceof Layer || o.layer === undefined ? o.layer : deserializeLayer(o.layer, undefined, "TimeDistributed");
    if (!(inner instanceof Layer)) {
      throw new ValueError(`TimeDistributed: please initialize \`TimeDistributed\` with a \`keras.layers.Layer\` instance. Received: ${String(inner)}`);
    }
    this.layer = inner;
    this.inputSpec = new InputSpec({ minNdim: 3 });
    this.supportsMasking = true;
  }

  /** The shape one timestep has: the batch dim, then the dims after time. */
  private childShape(inputShape: Shape): Shape {
    if (inputShape.length < 3) {
      throw new ValueError(`Layer "${this.name}" (TimeDistributed): the input should be at least 3-D (batch, time, ...), but received input shape ${formatShape(inputShape)}.`);
    }
    return [inputShape[0] ?? null, ...inputShape.slice(2)];
  }

  override build(inputShape: Shape): void {
    const child = this.childShape(inputShape);
    if (!this.layer.built) {
      this.layer.buildInputShape = child;
      this.layer.build(child);
      this.layer.built = true;
    }
    this.built = true;
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    const [batch, steps, ...rest] = inputs.shape as number[];
    const slices = steps === 1 ? [inputs] : split(inputs, steps!, 1);
    const mask = Array.isArray(options.mask) ? (options.mask[0] ?? null) : (options.mask ?? null);
    const masks = mask ? (steps === 1 ? [mask] : split(mask, steps!, 1)) : null;
    const outs = slices.map((s, t) => {
      const callOptions: CallOptions = { training: options.training };
      if (masks) callOptions.mask = reshape(masks[t]!, [batch!, ...masks[t]!.shape.slice(2)]);
      const y = this.layer.call(reshape(s, [batch!, ...rest]), callOptions);
      if (Array.isArray(y)) throw new ValueError(`Layer "${this.name}" (TimeDistributed): the wrapped layer "${this.layer.name}" must return one tensor.`);
      return y;
    });
    return stack(outs, 1);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const child = this.layer.computeOutputShape(this.childShape(inputShape));
    if (Array.isArray(child[0])) throw new ValueError(`Layer "${this.name}" (TimeDistributed): the wrapped layer "${this.layer.name}" must have one output.`);
    return [inputShape[0] ?? null, inputShape[1] ?? null, ...(child as Shape).slice(1)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: serializeLayer(this.layer) };
  }

  static fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): TimeDistributed {
    const { layer, ...rest } = config;
    return new TimeDistributed(deserializeLayer(layer, customObjects, "TimeDistributed"), mapKeys(rest, camelKey));
  }
}
