import type { Kernel } from "../../types.js";
import { scatterAlongAxisKernel, segmentMaxKernel, takeAlongAxisKernel } from "./mathGather.js";
import { cumprodKernel, cumsumKernel } from "./mathScan.js";
import { argsortKernel, topKKernel } from "./mathSort.js";
import { erfinvKernel } from "./mathSpecial.js";

/** CPU kernels of the math family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {
  cumsum: cumsumKernel,
  cumprod: cumprodKernel,
  argsort: argsortKernel,
  topK: topKKernel,
  erfinv: erfinvKernel,
  segmentMax: segmentMaxKernel,
  mathTakeAlongAxis: takeAlongAxisKernel,
  mathScatterAlongAxis: scatterAlongAxisKernel,
};
