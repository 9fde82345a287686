/** W1 (workloads.json): training via fit and inference via predict; see model.mjs. */
export const id = "W1";
export { parts, supports, run } from "./model.mjs";
