/** keras.optimizers.schedules */
export { LearningRateSchedule, serialize, deserialize } from "./learningRateSchedule.js";
export { ExponentialDecay, type ExponentialDecayOptions } from "./exponentialDecay.js";
export { PiecewiseConstantDecay, type PiecewiseConstantDecayOptions } from "./piecewiseConstantDecay.js";
export { CosineDecay, type CosineDecayOptions } from "./cosineDecay.js";
export { InverseTimeDecay, type InverseTimeDecayOptions } from "./inverseTimeDecay.js";
export { PolynomialDecay, type PolynomialDecayOptions } from "./polynomialDecay.js";
