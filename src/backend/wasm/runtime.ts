import { compileOptimized, envVar, features } from "./features.js";
import { buildGemmModule, DEFAULT_CONFIG, type GemmConfig, TASK_BYTES, workspaceBytes } from "./gemmModule.js";
import { WorkerPool } from "./pool.js";

/**
 * The WebAssembly GEMM engine: one generated module, one memory used as a growing arena, and
 * (in Node) a lazily started pool of worker threads sharing that memory.
 *
 * Memory layout (bytes): [64, ...) one workspace per thread (packed A and B blocks, edge tile),
 * then per call: the task table, A, B and C. Inputs are copied in, the result copied out.
 */
const PAGE = 65536;
/** 2 GiB: keeps every byte address a non-negative i32. */
const MAX_PAGES = 32768;
/** Below this many flops a GEMM runs on the calling thread only (waking workers costs ~10 µs). */
const MIN_PARALLEL_FLOPS = 2 * 96 * 96 * 96;

function align(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

export function threadCount(): number {
  const requested = Number(envVar("KERAS_TS_NUM_THREADS"));
  const hw = features.hardwareThreads;
  const n = Number.isInteger(requested) && requested > 0 ? requested : hw;
  return features.node && features.sharedMemory ? Math.max(1, Math.min(n, 16)) : 1;
}

/** One GEMM of a batch: element offsets of its A and B inputs. */
export interface GemmPair {
  a: number;
  b: number;
}

export class WasmGemm {
  readonly config: GemmConfig;
  readonly threads: number;
  private readonly memory: WebAssembly.Memory;
  private readonly module: WebAssembly.Module;
  private readonly run: (...args: number[]) => void;
  private readonly wsBytes: number;
  private readonly dataStart: number;
  private f32: Float32Array;
  private i32: Int32Array;
  private pool: WorkerPool | undefined;
  private poolFailed = false;
  /** Calls so far: on the calling thread only, and split across the worker pool. */
  readonly stats = { serialCalls: 0, parallelCalls: 0 };

  constructor(overrides: Partial<GemmConfig> = {}) {
    this.threads = threadCount();
    const shared = this.threads > 1;
    this.config = { ...DEFAULT_CONFIG, fma: features.relaxedSimd, shared, maximumPages: MAX_PAGES, ...overrides };
    this.module = compileOptimized(buildGemmModule(this.config));
    this.wsBytes = align(workspaceBytes(this.config), 64);
    this.dataStart = align(64 + this.threads * this.wsBytes, 64);
    const initial = Math.ceil((this.dataStart + PAGE) / PAGE);
    this.memory = new WebAssembly.Memory({ initial, maximum: MAX_PAGES, shared } as WebAssembly.MemoryDescriptor);
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.memory } });
    this.run = instance.exports.run as (...args: number[]) => void;
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /** Grows the arena to at least `bytes`; false when that exceeds the maximum. */
  private reserve(bytes: number): boolean {
    const pages = Math.ceil(bytes / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > MAX_PAGES) return false;
    if (pages > have) this.memory.grow(pages - have);
    if (this.f32.buffer.byteLength !== this.memory.buffer.byteLength || this.f32.length === 0) {
      this.f32 = new Float32Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    return true;
  }

  /** The pool when it is ready; starts it (without waiting) on first use. */
  private readyPool(): WorkerPool | undefined {
    if (this.threads < 2 || this.poolFailed) return undefined;
    if (!this.pool) {
      try {
        this.pool = new WorkerPool(features.node!, this.module, this.memory, this.threads - 1);
      } catch {
        this.poolFailed = true;
        return undefined;
      }
    }
    if (this.pool.broken) {
      this.poolFailed = true;
      return undefined;
    }
    return this.pool.ready ? this.pool : undefined;
  }

  /** Starts the worker pool now and resolves once it is ready (tests, benchmarks). */
  async startThreads(): Promise<number> {
    if (this.threads < 2) return 1;
    this.readyPool();
    if (!this.pool) return 1;
    await this.pool.whenReady();
    return this.threads;
  }

  /**
   * Batched C[p] = op(A[pairs[p].a]) · op(B[pairs[p].b]) for float32 data; `a` and `b` hold all
   * batch entries of each input, row-major; op transposes the last two axes when asked.
   * Returns null when the problem does not fit in the 2 GiB arena.
   */
  matmul(
    a: Float32Array,
    b: Float32Array,
    pairs: readonly GemmPair[],
    M: number,
    N: number,
    K: number,
    transposeA: boolean,
    transposeB: boolean,
  ): Float32Array | null {
    const nBatch = pairs.length;
    const out = M * N;
    if (out === 0 || nBatch === 0) return new Float32Array(nBatch * out);
    if (K === 0) return new Float32Array(nBatch * out);
    const flops = 2 * M * N * K * nBatch;
    const pool = flops >= MIN_PARALLEL_FLOPS ? this.readyPool() : undefined;
    const T = pool ? pool.size + 1 : 1;

    // tasks: [A, B, C, M, N] byte pointers and sizes
    const tasks: number[][] = [];
    const perThread: [number, number][] = [];
    const tableBytes = align(TASK_BYTES * nBatch * T, 16);
    const table = this.dataStart;
    const pA = table + tableBytes;
    const pB = align(pA + a.length * 4, 16);
    const pC = align(pB + b.length * 4, 16);
    const end = pC + nBatch * out * 4;
    if (!this.reserve(end)) return null;
    const rsA = transposeA ? 4 : K * 4;
    const csA = transposeA ? M * 4 : 4;
    const rsB = transposeB ? 4 : N * 4;
    const csB = transposeB ? K * 4 : 4;
    if (T === 1 || (nBatch >= T && (nBatch % T === 0 || nBatch >= 4 * T))) {
      // whole GEMMs per thread
      for (let p = 0; p < nBatch; p++) tasks.push([pA + pairs[p]!.a * 4, pB + pairs[p]!.b * 4, pC + p * out * 4, M, N]);
      for (let t = 0; t < T; t++) perThread.push([Math.floor((t * nBatch) / T), Math.floor(((t + 1) * nBatch) / T)]);
    } else {
      // each GEMM split across threads along its larger dimension (whole register tiles)
      const splitN = N >= M;
      const unit = splitN ? 4 * this.config.nrv : this.config.mr;
      const extent = splitN ? N : M;
      const units = Math.ceil(extent / unit);
      const bounds: number[] = [];
      for (let t = 0; t <= T; t++) bounds.push(Math.min(extent, Math.round((t * units) / T) * unit));
      for (let t = 0; t < T; t++) {
        const first = tasks.length;
        for (let p = 0; p < nBatch; p++) {
          const lo = bounds[t]!;
          const hi = bounds[t + 1]!;
          if (hi <= lo) continue;
          const aPtr = pA + pairs[p]!.a * 4;
          const bPtr = pB + pairs[p]!.b * 4;
          const cPtr = pC + p * out * 4;
          if (splitN) tasks.push([aPtr, bPtr + lo * csB, cPtr + lo * 4, M, hi - lo]);
          else tasks.push([aPtr + lo * rsA, bPtr, cPtr + lo * N * 4, hi - lo, N]);
        }
        perThread.push([first, tasks.length]);
      }
    }
    const i32 = this.i32;
    for (let t = 0; t < tasks.length; t++) i32.set(tasks[t]!, (table >> 2) + 5 * t);
    this.f32.set(a, pA >> 2);
    this.f32.set(b, pB >> 2);
    const job = (t: number): number[] => {
      const [first, last] = perThread[t]!;
      return [table, first, last, K, rsA, csA, rsB, csB, N * 4, 64 + t * this.wsBytes];
    };
    if (pool) {
      const jobs = perThread.map((_, t) => job(t));
      pool.run(jobs, (j) => this.run(...j));
      this.stats.parallelCalls++;
    } else {
      this.run(...job(0));
      this.stats.serialCalls++;
    }
    return this.f32.slice(pC >> 2, (pC >> 2) + nBatch * out);
  }
}
