/** W2 (workloads.json): training via fit and inference via predict; see model.mjs. */
export const id = "W2";
export { parts, supports, run } from "./model.mjs";
