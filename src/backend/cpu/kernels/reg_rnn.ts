import type { Kernel } from "../../types.js";
import { lstmStepGradKernel, lstmStepKernel } from "./rnn.js";

/** CPU kernels of the recurrent family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {
  lstmStep: lstmStepKernel,
  lstmStepGrad: lstmStepGradKernel,
};
