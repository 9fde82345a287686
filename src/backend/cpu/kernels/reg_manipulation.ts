import type { Kernel } from "../../types.js";
import { concatenateKernel, padKernel, sliceKernel, splitKernel } from "./manipLayout.js";

/** CPU kernels of the manipulation family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {
  concatenate: concatenateKernel,
  slice: sliceKernel,
  pad: padKernel,
  split: splitKernel,
};
