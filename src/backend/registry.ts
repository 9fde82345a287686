import { ValueError } from "../util/errors.js";
import type { Backend, Kernel } from "./types.js";

/**
 * The kernel registry. Each primitive name maps to one kernel per backend. The active
 * backend's kernel runs when it has one; otherwise the CPU reference kernel runs (both
 * work on host typed arrays, so the fallback costs nothing).
 */
const backends = new Map<string, Backend>();
let active: Backend | undefined;
let reference: Backend | undefined;
const resolved = new Map<string, Kernel>();

export function registerBackend(backend: Backend, options: { reference?: boolean } = {}): void {
  backends.set(backend.name, backend);
  if (options.reference) reference = backend;
  if (!active) active = backend;
  resolved.clear();
}

export function registerKernel(backendName: string, kernelName: string, kernel: Kernel): void {
  const backend = backends.get(backendName);
  if (!backend) throw new ValueError(`registerKernel: unknown backend '${backendName}'.`);
  backend.kernels.set(kernelName, kernel);
  resolved.clear();
}

/** Makes `name` the active backend. */
export function setBackend(name: string): void {
  const backend = backends.get(name);
  if (!backend) {
    throw new ValueError(`setBackend: unknown backend '${name}'. Available: ${[...backends.keys()].map((b) => `'${b}'`).join(", ")}.`);
  }
  active = backend;
  resolved.clear();
}

export function getBackend(): Backend {
  if (!active) throw new ValueError("No backend is registered.");
  return active;
}

export function listBackends(): string[] {
  return [...backends.keys()];
}

export function hasBackend(name: string): boolean {
  return backends.has(name);
}

/** The kernel that runs `name` on the active backend (or the reference backend's). */
export function getKernel(name: string): Kernel {
  const cached = resolved.get(name);
  if (cached) return cached;
  const kernel = active?.kernels.get(name) ?? reference?.kernels.get(name);
  if (!kernel) throw new ValueError(`No kernel is registered for '${name}' on backend '${active?.name ?? "none"}'.`);
  resolved.set(name, kernel);
  return kernel;
}

/** The reference (plain CPU) backend's kernel, used by tests to check faster backends. */
export function getReferenceKernel(name: string): Kernel {
  const kernel = reference?.kernels.get(name);
  if (!kernel) throw new ValueError(`No reference kernel is registered for '${name}'.`);
  return kernel;
}
