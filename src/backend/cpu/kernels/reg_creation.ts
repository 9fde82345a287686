import type { Kernel } from "../../types.js";
import { arangeKernel, bandKernel, fillKernel, fullLikeKernel, linspaceKernel, triMaskKernel } from "./creationFill.js";

/** CPU kernels of the creation family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {
  fill: fillKernel,
  fullLike: fullLikeKernel,
  arange: arangeKernel,
  linspace: linspaceKernel,
  eye: bandKernel("eye"),
  tri: bandKernel("tri"),
  triMask: triMaskKernel,
};
