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
/** Row slices per thread when a GEMM is cut by rows (dynamic load balancing)... */
const CHUNKS_PER_THREAD = 4;
/** ...as long as every slice keeps at least this many rows. */
const MIN_CHUNK_ROWS = 32;

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
   * Returns null when the problem does not fit in the 2 GiB arena. With `into`, the result is
   * copied into `into.values` from `into.offset` (which must have room) and that array is
   * returned, instead of a new one (callers assembling a result from blocks, scratch buffers).
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
    into?: { values: Float32Array; offset: number },
  ): Float32Array | null {
    const nBatch = pairs.length;
    const out = M * N;
    if (out === 0 || nBatch === 0 || K === 0) {
      if (!into) return new Float32Array(nBatch * out);
      into.values.fill(0, into.offset, into.offset + nBatch * out);
      return into.values;
    }
    const flops = 2 * M * N * K * nBatch;
    const pool = flops >= MIN_PARALLEL_FLOPS ? this.readyPool() : undefined;
    const T = pool ? pool.size + 1 : 1;

    // The task table: [A, B, C, M, N] (byte pointers, sizes) per task.
    const maxChunks = T * CHUNKS_PER_THREAD;
    const tableBytes = align(TASK_BYTES * nBatch * maxChunks, 16);
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
    const i32 = this.i32;
    let count = 0;
    const task = (aPtr: number, bPtr: number, cPtr: number, m: number, n: number): void => {
      const at = (table >> 2) + 5 * count++;
      i32[at] = aPtr;
      i32[at + 1] = bPtr;
      i32[at + 2] = cPtr;
      i32[at + 3] = m;
      i32[at + 4] = n;
    };
    if (T === 1 || (nBatch >= T && (nBatch % T === 0 || nBatch >= 4 * T))) {
      // whole GEMMs, claimed one at a time by the threads
      for (let p = 0; p < nBatch; p++) task(pA + pairs[p]!.a * 4, pB + pairs[p]!.b * 4, pC + p * out * 4, M, N);
    } else {
      // Each GEMM in slices. Row slices repack B (a vector copy unless B is transposed), so rows
      // are cut finer (CHUNKS_PER_THREAD per thread, for dynamic balancing); otherwise one
      // slice per thread along the larger dimension (whole register tiles).
      const mr = this.config.mr;
      const nr = 4 * this.config.nrv;
      let splitN = N > M;
      let chunks = T;
      if (!transposeB && M >= maxChunks * MIN_CHUNK_ROWS) {
        splitN = false;
        chunks = maxChunks;
      }
      const unit = splitN ? nr : mr;
      const extent = splitN ? N : M;
      const units = Math.ceil(extent / unit);
      for (let p = 0; p < nBatch; p++) {
        const aPtr = pA + pairs[p]!.a * 4;
        const bPtr = pB + pairs[p]!.b * 4;
        const cPtr = pC + p * out * 4;
        for (let t = 0; t < chunks; t++) {
          const lo = Math.min(extent, Math.round((t * units) / chunks) * unit);
          const hi = Math.min(extent, Math.round(((t + 1) * units) / chunks) * unit);
          if (hi <= lo) continue;
          if (splitN) task(aPtr, bPtr + lo * csB, cPtr + lo * 4, M, hi - lo);
          else task(aPtr + lo * rsA, bPtr, cPtr + lo * N * 4, hi - lo, N);
        }
      }
    }
    this.f32.set(a, pA >> 2);
    this.f32.set(b, pB >> 2);
    const ws0 = 64;
    if (pool) {
      pool.run([table, count, K, rsA, csA, rsB, csB, N * 4, ws0, this.wsBytes], (t) => this.run(table, t, t + 1, K, rsA, csA, rsB, csB, N * 4, ws0));
      this.stats.parallelCalls++;
    } else {
      this.run(table, 0, count, K, rsA, csA, rsB, csB, N * 4, ws0);
      this.stats.serialCalls++;
    }
    if (into) {
      into.values.set(this.f32.subarray(pC >> 2, (pC >> 2) + nBatch * out), into.offset);
      return into.values;
    }
    return this.f32.slice(pC >> 2, (pC >> 2) + nBatch * out);
  }
}
