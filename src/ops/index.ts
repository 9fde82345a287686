/**
 * keras.ops: NumPy-style ops with broadcasting, nn ops and autodiff, named like Keras's
 * (camelCase) with Keras's positional parameters.
 */
export * from "./numpy/arithmetic.js";
export * from "./numpy/reductions.js";
export * from "./numpy/shape.js";
export * from "./numpy/linalg.js";
export * from "./numpy/creation.js";
export * from "./numpy/manipulation.js";
export * from "./numpy/math.js";
export * from "./nn/activations.js";
export * from "./nn/losses.js";
export * from "./nn/normalization.js";
export * from "./nn/conv.js";
export * from "./nn/pooling.js";
export { convertToTensor } from "../tensor/convert.js";
export { grad, valueAndGrad } from "../autodiff/grad.js";
