// keras.random: seeded random tensors (Philox4x32-10 streams keyed by SeedGenerator state).
export { SeedGenerator, type SeedGeneratorOptions } from "./seedGenerator.js";
export { setRandomSeed } from "./global.js";
export type { Seed } from "./draw.js";
export type { ShapeArg } from "./common.js";
export { normal } from "./normal.js";
export { uniform } from "./uniform.js";
export { truncatedNormal } from "./truncatedNormal.js";
export { randint } from "./randint.js";
export { dropout } from "./dropout.js";
export { shuffle } from "./shuffle.js";
export { categorical } from "./categorical.js";
export { gamma } from "./gamma.js";
export { beta } from "./beta.js";
export { binomial } from "./binomial.js";
