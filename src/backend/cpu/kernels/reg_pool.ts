import type { Kernel } from "../../types.js";
import { avgPoolGradKernel, avgPoolKernel, maxPoolGatherKernel, maxPoolGradKernel, maxPoolKernel } from "./pool.js";

/** CPU kernels of the pool family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {
  maxPool: maxPoolKernel,
  maxPoolGrad: maxPoolGradKernel,
  maxPoolGather: maxPoolGatherKernel,
  avgPool: avgPoolKernel,
  avgPoolGrad: avgPoolGradKernel,
};
