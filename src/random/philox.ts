/** Philox4x32-10 lives with the kernels (random draws run as kernels too); re-exported here for random/. */
export { mulhi32, philoxBlock, RandomStream } from "../backend/cpu/kernels/philox.js";
