import type { Kernel } from "../../types.js";
import { adamUpdateKernel, biasActivationGradKernel, biasActivationKernel, fusedConvKernel, reluGradKernel } from "./fused.js";

/** CPU kernels of the fused family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {
  reluGrad: reluGradKernel,
  biasActivation: biasActivationKernel,
  biasActivationGrad: biasActivationGradKernel,
  fusedConv: fusedConvKernel,
  adamUpdate: adamUpdateKernel,
};
