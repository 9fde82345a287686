import { describe, expect, it } from "vitest";
import { BufferPool, float32Result, setActivePool, zeroedFloat32Result } from "../../src/backend/bufferPool.js";

describe("BufferPool", () => {
  it("lends buffers during a replay and reuses those given back", () => {
    const pool = new BufferPool();
    const a = pool.take(10000, false);
    expect(pool.lends(a.buffer)).toBe(true);
    a.fill(7);
    pool.giveBack(a.buffer);
    expect(pool.lends(a.buffer)).toBe(false);
    expect(pool.idleSize).toBe(40000);
    const b = pool.take(10000, true);
    expect(b).toBe(a); // the same memory, zero-filled on request
    expect(b.every((v) => v === 0)).toBe(true);
    expect(pool.take(10000, false)).not.toBe(a); // nothing idle left of that size: a fresh one
  });

  it("never takes back what it did not lend in this replay; endReplay disowns the rest", () => {
    const pool = new BufferPool();
    const foreign = new Float32Array(10000);
    pool.giveBack(foreign.buffer);
    expect(pool.idleSize).toBe(0);
    const out = pool.take(10000, false);
    pool.endReplay();
    pool.giveBack(out.buffer); // an output that left the replay: ordinary memory now
    expect(pool.idleSize).toBe(0);
  });

  it("hands small arrays out fresh and unpooled", () => {
    const pool = new BufferPool();
    const small = pool.take(16, false);
    expect(pool.lends(small.buffer)).toBe(false);
  });

  it("serves kernels' result buffers only while active", () => {
    const pool = new BufferPool();
    expect(float32Result(10000)).toBeInstanceOf(Float32Array);
    const prev = setActivePool(pool);
    try {
      const r = zeroedFloat32Result(10000);
      expect(pool.lends(r.buffer)).toBe(true);
    } finally {
      setActivePool(prev);
    }
  });
});
