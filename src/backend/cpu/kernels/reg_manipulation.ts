import type { Kernel } from "../../types.js";
import { nonzeroKernel, scatterAddKernel, scatterUpdateKernel, takeKernel } from "./manipGather.js";
import { concatenateKernel, padKernel, sliceKernel, sliceUpdateKernel, splitKernel } from "./manipLayout.js";
import { flipKernel, repeatKernel, rollKernel, tileKernel } from "./manipReorder.js";

/** CPU kernels of the manipulation family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {
  concatenate: concatenateKernel,
  split: splitKernel,
  slice: sliceKernel,
  sliceUpdate: sliceUpdateKernel,
  pad: padKernel,
  take: takeKernel,
  scatterAdd: scatterAddKernel,
  scatterUpdate: scatterUpdateKernel,
  nonzero: nonzeroKernel,
  flip: flipKernel,
  roll: rollKernel,
  tile: tileKernel,
  repeat: repeatKernel,
};
