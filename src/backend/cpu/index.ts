import { registerBackend } from "../registry.js";
import type { Backend, Kernel } from "../types.js";
import { BINARY_OPS, binaryKernel } from "./kernels/binary.js";
import { castKernel } from "./kernels/cast.js";
import { broadcastToKernel, reshapeKernel, transposeKernel } from "./kernels/layout.js";
import { matmulKernel } from "./kernels/matmul.js";
import { REDUCE_OPS, reduceKernel } from "./kernels/reduce.js";
import { KERNELS as creationKernels } from "./kernels/reg_creation.js";
import { KERNELS as manipulationKernels } from "./kernels/reg_manipulation.js";
import { KERNELS as mathKernels } from "./kernels/reg_math.js";
import { KERNELS as nnKernels } from "./kernels/reg_nn.js";
import { KERNELS as convKernels } from "./kernels/reg_conv.js";
import { KERNELS as fusedKernels } from "./kernels/reg_fused.js";
import { KERNELS as poolKernels } from "./kernels/reg_pool.js";
import { KERNELS as randomKernels } from "./kernels/reg_random.js";
import { KERNELS as rnnKernels } from "./kernels/reg_rnn.js";
import { whereKernel } from "./kernels/select.js";
import { UNARY_OPS, unaryKernel } from "./kernels/unary.js";

/**
 * The plain-TypeScript CPU backend: simple, obviously-right kernels. It is the reference
 * every faster backend is tested against, and the fallback for kernels they lack.
 */
const kernels = new Map<string, Kernel>();
for (const op of BINARY_OPS) kernels.set(op, binaryKernel(op));
for (const op of UNARY_OPS) kernels.set(op, unaryKernel(op));
for (const op of REDUCE_OPS) kernels.set(op, reduceKernel(op));
kernels.set("matmul", matmulKernel);
kernels.set("transpose", transposeKernel);
kernels.set("reshape", reshapeKernel);
kernels.set("broadcastTo", broadcastToKernel);
kernels.set("cast", castKernel);
kernels.set("where", whereKernel);
kernels.set("stopGradient", (inputs) => [inputs[0]!]);
for (const family of [creationKernels, manipulationKernels, mathKernels, nnKernels, convKernels, fusedKernels, poolKernels, randomKernels, rnnKernels]) {
  for (const [name, kernel] of Object.entries(family)) kernels.set(name, kernel);
}

export const cpuBackend: Backend = {
  name: "cpu",
  kernels,
  threads: () => 1,
};

registerBackend(cpuBackend, { reference: true });
