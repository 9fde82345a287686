/**
 * Reuse of float32 result buffers while a compiled step is replayed.
 *
 * Kernels return fresh buffers (the contract: results are never shared with inputs), and on
 * the VMs this project runs on, the first touch of every fresh 4 KiB page costs ~15 µs: a
 * 5.5 MB activation costs ~20 ms of page faults before any arithmetic. Eager execution cannot
 * know when a result dies (the garbage collector decides), but a replayed plan does: it knows
 * the last reader of every intermediate. So while a plan replays, kernels take their result
 * buffers from this pool, and the replay gives each intermediate's buffer back after its last
 * reader, for the next layers and the next steps to reuse.
 *
 * Ownership is per replay: only buffers handed out during the current replay can be given back,
 * so arguments, variables and constants are never recycled; results that leave the replay are
 * disowned and become ordinary garbage-collected memory.
 */

/** Arrays shorter than this come from `new` (V8 and malloc serve small sizes well). */
const MIN_POOLED_FLOATS = 4096;
/** At most this much idle memory is kept for reuse; beyond it, given-back buffers are dropped. */
const MAX_IDLE_BYTES = 256 * 1024 * 1024;

export class BufferPool {
  /** Idle buffers by length. */
  private readonly idle = new Map<number, Float32Array[]>();
  private idleBytes = 0;
  /** Buffers handed out during the current replay, by their ArrayBuffer. */
  private readonly lent = new Map<ArrayBufferLike, Float32Array>();

  /** A buffer of `n` floats: zero-filled when `zeroed`, else with unspecified contents. */
  take(n: number, zeroed: boolean): Float32Array {
    if (n < MIN_POOLED_FLOATS) return new Float32Array(n);
    const list = this.idle.get(n);
    let buf = list?.pop();
    if (buf) {
      this.idleBytes -= buf.byteLength;
      if (zeroed) buf.fill(0);
    } else {
      buf = new Float32Array(n);
    }
    this.lent.set(buf.buffer, buf);
    return buf;
  }

  /** Whether `buffer` was handed out during the current replay and not given back. */
  lends(buffer: ArrayBufferLike): boolean {
    return this.lent.has(buffer);
  }

  /** Takes back a buffer lent during this replay; nothing else may use it afterwards. */
  giveBack(buffer: ArrayBufferLike): void {
    const buf = this.lent.get(buffer);
    if (!buf) return;
    this.lent.delete(buffer);
    if (this.idleBytes + buf.byteLength > MAX_IDLE_BYTES) return;
    let list = this.idle.get(buf.length);
    if (!list) this.idle.set(buf.length, (list = []));
    list.push(buf);
    this.idleBytes += buf.byteLength;
  }

  /** Ends a replay: buffers still lent (results leaving it) become ordinary memory. */
  endReplay(): void {
    this.lent.clear();
  }

  /** Forgets every idle buffer (the garbage collector takes them). */
  clear(): void {
    this.idle.clear();
    this.idleBytes = 0;
  }

  /** Bytes kept idle for reuse. */
  get idleSize(): number {
    return this.idleBytes;
  }
}

let active: BufferPool | null = null;

/** @internal Makes `pool` the source of result buffers (null: fresh arrays); returns the previous one. */
export function setActivePool(pool: BufferPool | null): BufferPool | null {
  const previous = active;
  active = pool;
  return previous;
}

/** A float32 result buffer of `n` elements whose contents the caller overwrites entirely. */
export function float32Result(n: number): Float32Array {
  return active ? active.take(n, false) : new Float32Array(n);
}

/** A zero-filled float32 result buffer of `n` elements. */
export function zeroedFloat32Result(n: number): Float32Array {
  return active ? active.take(n, true) : new Float32Array(n);
}
