import { makeTfjsRunner } from "./tfjs.mjs";

const runner = makeTfjsRunner("cpu");
export const { name, setup, info, gemm, model, latencyModel } = runner;
