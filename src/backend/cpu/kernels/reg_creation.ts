import type { Kernel } from "../../types.js";

/** CPU kernels of the creation family, by primitive name (merged into the CPU backend). */
export const KERNELS: Record<string, Kernel> = {};
