/** keras.layers: the layer classes, one per file, assembled here. */
import { registerBuiltin } from "../serialization/registry.js";
import * as catalog from "./catalog.js";
import { Layer, markPerSampleInference } from "./layer.js";
import * as recurrent from "./recurrentIndex.js";

export { Layer, type CallOptions, type LayerOptions, type Shape } from "./layer.js";
export { InputSpec } from "./inputSpec.js";
export * from "./catalog.js";
// recurrent, attention, embedding and masking layers
export * from "./recurrentIndex.js";

// Every exported layer class loads from Keras files under its Keras class name.
for (const value of [...Object.values(catalog), ...Object.values(recurrent)]) {
  if (typeof value === "function" && value.prototype instanceof Layer) {
    const cls = value as unknown as typeof Layer;
    registerBuiltin("layers", Object.prototype.hasOwnProperty.call(cls, "className") ? cls.className : cls.name, cls as any);
    // Lambda runs a user function, which may mix samples.
    if (cls !== catalog.Lambda) markPerSampleInference(cls);
  }
}
