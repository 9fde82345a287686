/** Dtypes as the upper layers see them (re-exported so layers never import backend/). */
export type { DType } from "../backend/types.js";
export { isFloat, normalizeDType, upcast } from "../backend/dtypes.js";
