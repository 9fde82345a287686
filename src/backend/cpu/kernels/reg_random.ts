import type { Kernel } from "../../types.js";
import { dropoutMaskKernel } from "./random.js";

/** CPU kernels of the random family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {
  dropoutMask: dropoutMaskKernel,
};
