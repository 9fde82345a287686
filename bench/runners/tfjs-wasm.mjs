import { makeTfjsRunner } from "./tfjs.mjs";

const runner = makeTfjsRunner("wasm");
export const { name, setup, info, gemm, model, latencyModel } = runner;
