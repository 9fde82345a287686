import type { MemoryImport } from "./builder.js";
import { compileOptimized, envVar, features } from "./features.js";
import { buildGemmModule, DEFAULT_CONFIG, type GemmConfig, TASK_BYTES, workspaceBytes } from "./gemmModule.js";
import { WorkerPool } from "./pool.js";
import { float32Result, zeroedFloat32Result } from "../bufferPool.js";

/**
 * The WebAssembly GEMM engine: one generated module, one memory used as a growing arena, and
 * (in Node) a lazily started pool of worker threads sharing that memory.
 *
 * Memory layout (bytes): [64, ...) one workspace per thread (packed A and B blocks, edge tile),
 * then per call: the task table, the caller's extra region (`prepare`), A, B and C. Inputs are
 * copied in, the result copied out (or written and read in place, see `prepare`).
 */
const PAGE = 65536;
/** 2 GiB: keeps every byte address a non-negative i32. */
const MAX_PAGES = 32768;
/**
 * Below this many flops a GEMM runs on the calling thread only: waking a worker costs 10–20 µs,
 * more when another process holds the other core. 2·128³ keeps an LSTM step's gates (64×64·64×256
 * at batch 64) on one thread, which trained W3 ~20% faster than 2·96³ (same run, A/B).
 */
const MIN_PARALLEL_FLOPS = 2 * 128 * 128 * 128;
/** Above this many bytes of A, B and C, one GEMM runs in blocks of rows (matmulByRows)... */
const ROW_BLOCKED_BYTES = 24 << 20;
/** ...of about this many bytes of A and C rows, a multiple of ROW_BLOCK_MIN rows. */
const ROW_BLOCK_BYTES = 4 << 20;
const ROW_BLOCK_MIN = 256;
const ONE_PAIR: readonly GemmPair[] = [{ a: 0, b: 0 }];
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

/**
 * A GEMM laid out in the arena by `WasmGemm.prepare`: float offsets into `f32` (the arena) of
 * the caller's extra region, A, B and C. Valid until the engine's next call.
 */
export interface ArenaGemm {
  readonly f32: Float32Array;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly extra: number;
  /** Runs the GEMM on the A and B written in the arena; C holds the result afterwards. */
  run(): void;
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
  /** When one GEMM runs in row blocks (matmulByRows); tests lower these. */
  readonly rowBlocks = { aboveBytes: ROW_BLOCKED_BYTES, blockBytes: ROW_BLOCK_BYTES };
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
      if (!into) return zeroedFloat32Result(nBatch * out);
      into.values.fill(0, into.offset, into.offset + nBatch * out);
      return into.values;
    }
    if (nBatch === 1 && !transposeA && (a.length + b.length + out) * 4 > this.rowBlocks.aboveBytes) return this.matmulByRows(a, b, M, N, K, transposeB, into);
    const staged = this.prepare(a.length, b.length, pairs, M, N, K, transposeA, transposeB);
    if (!staged) return null;
    staged.f32.set(a, staged.a);
    staged.f32.set(b, staged.b);
    staged.run();
    const c = staged.f32.subarray(staged.c, staged.c + nBatch * out);
    if (into) {
      into.values.set(c, into.offset);
      return into.values;
    }
    const result = float32Result(c.length);
    result.set(c);
    return result;
  }

  /**
   * One large GEMM in blocks of rows of A and C, with B staged once in the arena's extra region:
   * the arena holds B and one block of A and C instead of all three matrices (at n = 2048, 20 MB
   * instead of 48 MB of memory that stays resident, since wasm memory never shrinks).
   */
  private matmulByRows(a: Float32Array, b: Float32Array, M: number, N: number, K: number, transposeB: boolean, into?: { values: Float32Array; offset: number }): Float32Array | null {
    const rows = Math.max(ROW_BLOCK_MIN, Math.floor(this.rowBlocks.blockBytes / (4 * (K + N)) / ROW_BLOCK_MIN) * ROW_BLOCK_MIN);
    const result = into ? into.values : float32Result(M * N);
    const offset = into ? into.offset : 0;
    for (let r0 = 0; r0 < M; r0 += rows) {
      const m = Math.min(rows, M - r0);
      const s = this.prepare(m * K, 0, ONE_PAIR, m, N, K, false, transposeB, b.length, true);
      if (!s) return null;
      if (r0 === 0) s.f32.set(b, s.extra);
      s.f32.set(a.subarray(r0 * K, (r0 + m) * K), s.a);
      s.run();
      result.set(s.f32.subarray(s.c, s.c + m * N), offset + r0 * N);
    }
    return result;
  }

  /**
   * Lays out the GEMM `matmul` would run (same arguments, with the lengths of A and B instead
   * of the arrays) in the arena and returns where its operands go, for callers that write A
   * and B and read C in place (im2col straight into A, an epilogue on C) instead of paying a
   * copy in and out. `extraFloats` reserves a region for the caller's own data, placed before
   * A: its offset depends only on the batch size, and nothing else writes there, so it keeps
   * its contents from one call to the next with the same batch size (accumulators, inputs
   * shared by several blocks). M, N, K and the batch must be positive. Null when it does not
   * fit in the arena.
   */
  prepare(
    aLen: number,
    bLen: number,
    pairs: readonly GemmPair[],
    M: number,
    N: number,
    K: number,
    transposeA: boolean,
    transposeB: boolean,
    extraFloats = 0,
    bInExtra = false,
  ): ArenaGemm | null {
    const nBatch = pairs.length;
    const out = M * N;
    const flops = 2 * M * N * K * nBatch;
    const pool = flops >= MIN_PARALLEL_FLOPS ? this.readyPool() : undefined;
    const T = pool ? pool.size + 1 : 1;

    // The task table: [A, B, C, M, N] (byte pointers, sizes) per task.
    // (sized for all threads, so that the extra region's place depends on the batch size only)
    const maxChunks = T * CHUNKS_PER_THREAD;
    const tableBytes = align(TASK_BYTES * nBatch * this.threads * CHUNKS_PER_THREAD, 16);
    const table = this.dataStart;
    const pE = table + tableBytes;
    const pA = align(pE + extraFloats * 4, 16);
    // B may already be in the extra region (row-blocked GEMMs keep it there between blocks)
    const pB = bInExtra ? pE : align(pA + aLen * 4, 16);
    const pC = align((bInExtra ? pA + aLen * 4 : pB + bLen * 4), 16);
    if (!this.reserve(pC + nBatch * out * 4)) return null;
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
      // (a row block of a large GEMM splits along N: row slices would each repack all of B)
      let splitN = N > M || bInExtra;
      let chunks = T;
      if (!transposeB && !bInExtra && M >= maxChunks * MIN_CHUNK_ROWS) {
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
    const ws0 = 64;
    const run = (): void => {
      if (pool) {
        pool.run([table, count, K, rsA, csA, rsB, csB, N * 4, ws0, this.wsBytes], (t) => this.run(table, t, t + 1, K, rsA, csA, rsB, csB, N * 4, ws0));
        this.stats.parallelCalls++;
      } else {
        this.run(table, 0, count, K, rsA, csA, rsB, csB, N * 4, ws0);
        this.stats.serialCalls++;
      }
    };
    return { f32: this.f32, a: pA >> 2, b: pB >> 2, c: pC >> 2, extra: pE >> 2, run };
  }

  /**
   * Instantiates a helper module on the arena's memory (main thread only), built by `build`
   * for the memory import it must declare; compiled like the GEMM module.
   */
  instantiate(build: (memory: MemoryImport) => Uint8Array<ArrayBuffer>): WebAssembly.Exports {
    const memory: MemoryImport = { module: "env", name: "memory", initialPages: 1, maximumPages: this.config.maximumPages, shared: this.config.shared };
    return new WebAssembly.Instance(compileOptimized(build(memory)), { env: { memory: this.memory } }).exports;
  }
}
