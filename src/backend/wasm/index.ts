import { registerBackend, setBackend } from "../registry.js";
import type { Backend, Kernel } from "../types.js";
import { features } from "./features.js";
import { makeConvBackpropFilterKernel, makeConvBackpropInputKernel, makeConvKernel, makeFusedConvKernel } from "./kernels/conv.js";
import { adamUpdateKernel, biasActivationGradKernel, biasActivationKernel, FAST_BINARY_OPS, FAST_UNARY_OPS, makeBinaryKernel, makeUnaryKernel, reluGradKernel, sumKernel } from "./kernels/elementwise.js";
import { makeMatmulKernel } from "./kernels/matmul.js";
import { avgPoolF32Kernel, avgPoolGradF32Kernel, maxPoolF32Kernel, maxPoolGatherF32Kernel, maxPoolGradF32Kernel } from "./kernels/pooling.js";
import { dropoutMaskKernel } from "./kernels/random.js";
import { lstmStepGradKernel, lstmStepKernel } from "./kernels/rnn.js";
import { compileProgram } from "./program.js";
import { threadCount, WasmGemm } from "./runtime.js";

/**
 * The WebAssembly backend: kernels generated at run time as WASM bytecode (128-bit SIMD,
 * relaxed-SIMD FMA where available, worker threads over shared memory in Node). It registers
 * and becomes the active backend at import when the runtime has WebAssembly SIMD; kernels it
 * lacks run the CPU reference kernels. See docs/performance.md.
 *
 * Environment: KERAS_TS_NUM_THREADS caps the threads (default: all cores);
 * KERAS_TS_RELAXED_SIMD=0 disables the fused multiply-add; KERAS_TS_BACKEND=cpu keeps the
 * CPU backend active.
 */
let engine: WasmGemm | undefined;
let backend: Backend | undefined;

/** The wasm backend (undefined when WebAssembly SIMD is unavailable). */
export function wasmBackend(): Backend | undefined {
  return backend;
}

/**
 * The GEMM engine of the wasm backend (undefined when WebAssembly SIMD is unavailable). It is
 * created on first use: generating and compiling the module takes a few tens of milliseconds,
 * which programs that never multiply matrices should not pay at import.
 */
export function wasmGemm(): WasmGemm | undefined {
  if (!engine && features.simd) engine = new WasmGemm();
  return engine;
}

function envBackend(): string | undefined {
  return typeof process !== "undefined" && typeof process.versions?.node === "string" ? process.env.KERAS_TS_BACKEND : undefined;
}

if (features.simd) {
  const kernels = new Map<string, Kernel>();
  const gemm = (): WasmGemm => wasmGemm()!;
  kernels.set("matmul", makeMatmulKernel(gemm));
  kernels.set("conv", makeConvKernel(gemm));
  kernels.set("convBackpropInput", makeConvBackpropInputKernel(gemm));
  kernels.set("convBackpropFilter", makeConvBackpropFilterKernel(gemm));
  kernels.set("fusedConv", makeFusedConvKernel(gemm));
  kernels.set("maxPool", maxPoolF32Kernel);
  kernels.set("maxPoolGrad", maxPoolGradF32Kernel);
  kernels.set("maxPoolGather", maxPoolGatherF32Kernel);
  kernels.set("avgPool", avgPoolF32Kernel);
  kernels.set("avgPoolGrad", avgPoolGradF32Kernel);
  kernels.set("lstmStep", lstmStepKernel);
  kernels.set("lstmStepGrad", lstmStepGradKernel);
  for (const op of FAST_BINARY_OPS) kernels.set(op, makeBinaryKernel(op));
  for (const op of FAST_UNARY_OPS) kernels.set(op, makeUnaryKernel(op));
  kernels.set("reluGrad", reluGradKernel);
  kernels.set("biasActivation", biasActivationKernel);
  kernels.set("biasActivationGrad", biasActivationGradKernel);
  kernels.set("sum", sumKernel);
  kernels.set("adamUpdate", adamUpdateKernel);
  kernels.set("dropoutMask", dropoutMaskKernel);
  backend = {
    name: "wasm",
    kernels,
    threads: () => engine?.threads ?? threadCount(),
    compileProgram,
  };
  registerBackend(backend);
  if (envBackend() !== "cpu") setBackend("wasm");
}
