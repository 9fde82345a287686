import type { Kernel } from "../../types.js";
import { convBackpropFilterKernel, convBackpropInputKernel, convKernel } from "./conv.js";

/** CPU kernels of the conv family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {
  conv: convKernel,
  convBackpropInput: convBackpropInputKernel,
  convBackpropFilter: convBackpropFilterKernel,
};
