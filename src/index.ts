/**
 * keras-ts: Keras 3 for TypeScript. The one place where public names are assembled.
 */
import "./backend/cpu/index.js";
import "./backend/wasm/index.js";

export * as ops from "./ops/index.js";
export * as random from "./random/index.js";
export * as activations from "./activations/index.js";
export * as initializers from "./initializers/index.js";
export * as regularizers from "./regularizers/index.js";
export * as constraints from "./constraints/index.js";
export * as layers from "./layers/index.js";
export * as models from "./models/index.js";
export * as utils from "./utils/index.js";
export * as datasets from "./datasets/index.js";
export * as saving from "./saving/index.js";
export { Model } from "./models/model.js";
export { Sequential } from "./models/sequential.js";
export { Input } from "./layers/core/inputLayer.js";
export { Tensor } from "./tensor/tensor.js";
export { KerasTensor } from "./tensor/kerasTensor.js";
export { Variable } from "./tensor/variable.js";
export { setBackend, getBackend, listBackends } from "./backend/registry.js";
export { ValueError, KerasError, KerasTypeError } from "./util/errors.js";
export * as optimizers from "./optimizers/index.js";
export * as losses from "./losses/index.js";
export * as metrics from "./metrics/index.js";
export * as callbacks from "./callbacks/index.js";
