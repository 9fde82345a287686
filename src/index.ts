/**
 * keras-ts: Keras 3 for TypeScript. The one place where public names are assembled.
 */
import "./backend/cpu/index.js";

export * as ops from "./ops/index.js";
export * as random from "./random/index.js";
export { Tensor } from "./tensor/tensor.js";
export { KerasTensor } from "./tensor/kerasTensor.js";
export { Variable } from "./tensor/variable.js";
export { setBackend, getBackend, listBackends } from "./backend/registry.js";
export { ValueError, KerasError, KerasTypeError } from "./util/errors.js";
