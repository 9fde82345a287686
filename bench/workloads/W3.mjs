/** W3 (workloads.json): training via fit and inference via predict; see model.mjs. */
export const id = "W3";
export { parts, supports, run } from "./model.mjs";
