import { ModuleBuilder, ValType } from "./builder.js";

/**
 * What the WebAssembly runtime offers: 128-bit SIMD (required by this backend), relaxed SIMD
 * (for the fused multiply-add), shared memory and Node's worker_threads (for threads).
 * Node modules are loaded with dynamic imports so that the backend also loads in browsers.
 */
export interface NodeApis {
  workerThreads: typeof import("node:worker_threads");
  os: typeof import("node:os");
  v8: typeof import("node:v8");
}

export interface WasmFeatures {
  simd: boolean;
  relaxedSimd: boolean;
  sharedMemory: boolean;
  /** Hardware threads available to kernels (1 where workers are unavailable). */
  hardwareThreads: number;
  node: NodeApis | undefined;
}

function probe(build: (m: ModuleBuilder) => void): boolean {
  try {
    const m = new ModuleBuilder({ module: "env", name: "memory", initialPages: 1, maximumPages: 1, shared: false });
    build(m);
    return WebAssembly.validate(m.build());
  } catch {
    return false;
  }
}

/** A one-function module using f32x4.mul (or f32x4.relaxed_madd). */
function simdProbe(relaxed: boolean): boolean {
  return probe((m) => {
    const f = m.function("f", [ValType.i32]);
    f.get(f.param(0)).get(f.param(0)).v128Load().get(f.param(0)).v128Load().get(f.param(0)).v128Load();
    if (relaxed) f.f32x4RelaxedMadd();
    else f.f32x4Mul().f32x4Add();
    f.v128Store();
  });
}

function isNode(): boolean {
  return typeof process !== "undefined" && typeof process.versions?.node === "string";
}

/** An environment variable (Node only). */
export function envVar(name: string): string | undefined {
  return isNode() ? process.env[name] : undefined;
}

async function detect(): Promise<WasmFeatures> {
  const simd = typeof WebAssembly === "object" && simdProbe(false);
  let relaxedSimd = simd && simdProbe(true);
  let node: NodeApis | undefined;
  if (isNode()) {
    try {
      const [workerThreads, os, v8] = await Promise.all([import("node:worker_threads"), import("node:os"), import("node:v8")]);
      node = { workerThreads, os, v8 };
      // Node 20's V8 has relaxed SIMD behind a flag (shipped from V8 11.4 / Node 22). The flag
      // only enables a WebAssembly feature for modules compiled afterwards.
      if (simd && !relaxedSimd && envVar("KERAS_TS_RELAXED_SIMD") !== "0") {
        try {
          v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
          relaxedSimd = simdProbe(true);
        } catch {
          relaxedSimd = false;
        }
      }
    } catch {
      node = undefined;
    }
  }
  if (envVar("KERAS_TS_RELAXED_SIMD") === "0") relaxedSimd = false;
  let sharedMemory = false;
  try {
    sharedMemory = typeof SharedArrayBuffer === "function" && new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    sharedMemory = false;
  }
  const hardwareThreads = node ? Math.max(1, node.os.availableParallelism?.() ?? node.os.cpus().length) : 1;
  return { simd, relaxedSimd, sharedMemory, hardwareThreads, node };
}

export const features: WasmFeatures = await detect();

/**
 * Compiles a module with V8's optimizing compiler right away. By default V8 compiles each
 * WebAssembly function lazily, on its first call, with its baseline compiler (Liftoff) and tiers
 * hot functions up in the background: the first ~20 GEMMs of a process then ran at half speed.
 * Both flags are switched only around this synchronous compile (they are read at compile time),
 * so other modules (h5wasm, ...) keep V8's defaults. KERAS_TS_WASM_TIERING=default opts out.
 */
export function compileOptimized(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  const v8 = features.node?.v8;
  if (!v8 || envVar("KERAS_TS_WASM_TIERING") === "default") return new WebAssembly.Module(bytes);
  let switched = false;
  try {
    v8.setFlagsFromString("--no-liftoff");
    v8.setFlagsFromString("--no-wasm-lazy-compilation");
    switched = true;
  } catch {
    // flags frozen: keep the defaults
  }
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    if (switched) {
      v8.setFlagsFromString("--liftoff");
      v8.setFlagsFromString("--wasm-lazy-compilation");
    }
  }
}
