import { type Local, ModuleBuilder, ValType } from "./builder.js";

/**
 * Generates the GEMM module: C = A·B for float32 matrices given by byte strides, so transposed
 * operands cost nothing extra (the packing routines read them with their strides).
 *
 * The algorithm is the classic Goto / BLIS loop nest:
 *
 *   for jc over N in NC columns:            B block (KC x NC) packed once, reused for all of M
 *     for pc over K in KC:
 *       packB -> column panels NR wide, k-major, zero-padded
 *       for ic over M in MC rows:           A block (MC x KC) packed, stays in L2
 *         packA -> row panels MR high, k-major, zero-padded
 *         for jr over the NC block in NR:   one B panel (KC x NR) stays in L1
 *           for ir over the MC block in MR:
 *             micro-kernel: an MR x NR tile of C held in SIMD registers, KC rank-1 updates
 *
 * The micro-kernel keeps MR x (NR / 4) f32x4 accumulators in registers. Each k step loads
 * NR / 4 vectors of packed B, broadcasts MR values of packed A (`v128.load32_splat`) and does
 * MR x NR / 4 multiply-adds (relaxed-SIMD `f32x4.relaxed_madd` when the runtime has it).
 * Edge tiles (M or N not multiples of MR / NR) are computed into a scratch tile and copied.
 */
export interface GemmConfig {
  /** Rows of the register tile. */
  mr: number;
  /** f32x4 vectors across the register tile (NR = 4 * nrv columns). */
  nrv: number;
  /** Unroll factor of the micro-kernel's k loop. */
  unroll: number;
  /** Use f32x4.relaxed_madd (needs relaxed SIMD) instead of f32x4.mul + f32x4.add. */
  fma: boolean;
  /** Cache blocking: rows of A per packed block, depth per block, columns of B per block. */
  mc: number;
  kc: number;
  nc: number;
  /** Whether the imported memory is shared (for worker threads). */
  shared: boolean;
  maximumPages: number;
}

export const DEFAULT_CONFIG: Omit<GemmConfig, "fma" | "shared" | "maximumPages"> = {
  mr: 4,
  nrv: 2,
  unroll: 1,
  mc: 128,
  kc: 256,
  nc: 1024,
};

/** Bytes of per-thread workspace the generated `gemm` needs (packed A, packed B, edge tile). */
export function workspaceBytes(c: GemmConfig): number {
  const nr = 4 * c.nrv;
  return roundUp(c.mc, c.mr) * c.kc * 4 + c.kc * roundUp(c.nc, nr) * 4 + c.mr * nr * 4;
}

function roundUp(x: number, m: number): number {
  return Math.ceil(x / m) * m;
}

/** Offsets inside a task record of the task table (five i32s). */
export const TASK_BYTES = 20;

const I = ValType.i32;

export function buildGemmModule(c: GemmConfig): Uint8Array<ArrayBuffer> {
  const MR = c.mr;
  const NRV = c.nrv;
  const NR = 4 * NRV;
  const mb = new ModuleBuilder({ module: "env", name: "memory", initialPages: 1, maximumPages: c.maximumPages, shared: c.shared });

  // ---- kernel(pA, pB, kc, pC, ldc, accumulate): MR x NR tile, C (+)= Ap · Bp
  const kernel = mb.function("kernel", [I, I, I, I, I, I]);
  {
    const f = kernel;
    const [pA, pB, kc, pC, ldc, accumulate] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local];
    const acc: Local[][] = [];
    for (let r = 0; r < MR; r++) acc.push(Array.from({ length: NRV }, () => f.local(ValType.v128)));
    const b = Array.from({ length: NRV }, () => f.local(ValType.v128));
    const a = f.local(ValType.v128);
    const n = f.local(I);
    const row = f.local(I);
    for (let r = 0; r < MR; r++) for (let v = 0; v < NRV; v++) f.v128Zero().set(acc[r]![v]!);
    const step = (u: number): void => {
      for (let v = 0; v < NRV; v++) f.get(pB).v128Load(16 * (NRV * u + v)).set(b[v]!);
      for (let r = 0; r < MR; r++) {
        f.get(pA).v128Load32Splat(4 * (MR * u + r)).set(a);
        for (let v = 0; v < NRV; v++) {
          const t = acc[r]![v]!;
          if (c.fma) f.get(a).get(b[v]!).get(t).f32x4RelaxedMadd().set(t);
          else f.get(t).get(a).get(b[v]!).f32x4Mul().f32x4Add().set(t);
        }
      }
    };
    const U = c.unroll;
    f.get(kc).set(n);
    if (U > 1) {
      f.block((exit) => {
        f.get(n).i32Const(U).i32LtS().brIf(exit);
        f.loop((again) => {
          for (let u = 0; u < U; u++) step(u);
          f.inc(pA, 4 * MR * U).inc(pB, 16 * NRV * U);
          f.get(n).i32Const(U).i32Sub().tee(n).i32Const(U).i32GeS().brIf(again);
        });
      });
    }
    f.block((exit) => {
      f.get(n).i32Eqz().brIf(exit);
      f.loop((again) => {
        step(0);
        f.inc(pA, 4 * MR).inc(pB, 16 * NRV);
        f.get(n).i32Const(1).i32Sub().tee(n).brIf(again);
      });
    });
    // write back
    const store = (add: boolean): void => {
      f.get(pC).set(row);
      for (let r = 0; r < MR; r++) {
        for (let v = 0; v < NRV; v++) {
          f.get(row);
          if (add) f.get(row).v128Load(16 * v).get(acc[r]![v]!).f32x4Add();
          else f.get(acc[r]![v]!);
          f.v128Store(16 * v);
        }
        if (r < MR - 1) f.get(row).get(ldc).i32Add().set(row);
      }
    };
    f.get(accumulate).if(
      () => store(true),
      () => store(false),
    );
  }

  // ---- packA(dst, src, mc, kc, rs, cs): MR-row panels, k-major, zero-padded to MR rows
  const packA = mb.function("packA", [I, I, I, I, I, I]);
  {
    const f = packA;
    const [dst, src, mc, kc, rs, cs] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local];
    const ir = f.local(I);
    const k = f.local(I);
    const p = f.local(I);
    const q = f.local(I);
    const rows = f.local(I);
    f.for(
      ir,
      () => f.i32Const(0),
      () => f.get(mc),
      MR,
      () => {
        // rows = min(MR, mc - ir)
        f.i32Const(MR).get(mc).get(ir).i32Sub().i32Const(MR).get(mc).get(ir).i32Sub().i32LtS().select().set(rows);
        // p = src + ir * rs
        f.get(src).get(ir).get(rs).i32Mul().i32Add().set(p);
        f.get(rows)
          .i32Const(MR)
          .i32Eq()
          .if(
            () => {
              f.for(
                k,
                () => f.i32Const(0),
                () => f.get(kc),
                1,
                () => {
                  f.get(p).set(q);
                  for (let r = 0; r < MR; r++) {
                    f.get(dst).get(q).f32Load().f32Store(4 * r);
                    if (r < MR - 1) f.get(q).get(rs).i32Add().set(q);
                  }
                  f.inc(dst, 4 * MR);
                  f.get(p).get(cs).i32Add().set(p);
                },
              );
            },
            () => {
              f.for(
                k,
                () => f.i32Const(0),
                () => f.get(kc),
                1,
                () => {
                  f.get(p).set(q);
                  for (let r = 0; r < MR; r++) {
                    f.i32Const(r).get(rows).i32LtS();
                    f.if(
                      () => {
                        f.get(dst).get(q).f32Load().f32Store(4 * r);
                        f.get(q).get(rs).i32Add().set(q);
                      },
                      () => {
                        f.get(dst).f32Const(0).f32Store(4 * r);
                      },
                    );
                  }
                  f.inc(dst, 4 * MR);
                  f.get(p).get(cs).i32Add().set(p);
                },
              );
            },
          );
      },
    );
  }

  // ---- packB(dst, src, kc, nc, rs, cs): NR-column panels, k-major, zero-padded to NR columns
  const packB = mb.function("packB", [I, I, I, I, I, I]);
  {
    const f = packB;
    const [dst, src, kc, nc, rs, cs] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local];
    const jr = f.local(I);
    const k = f.local(I);
    const p = f.local(I);
    const q = f.local(I);
    const cols = f.local(I);
    f.for(
      jr,
      () => f.i32Const(0),
      () => f.get(nc),
      NR,
      () => {
        f.i32Const(NR).get(nc).get(jr).i32Sub().i32Const(NR).get(nc).get(jr).i32Sub().i32LtS().select().set(cols);
        f.get(src).get(jr).get(cs).i32Mul().i32Add().set(p);
        f.get(cols)
          .i32Const(NR)
          .i32Eq()
          .get(cs)
          .i32Const(4)
          .i32Eq()
          .i32And()
          .if(
            () => {
              // contiguous rows of B: straight vector copies
              f.for(
                k,
                () => f.i32Const(0),
                () => f.get(kc),
                1,
                () => {
                  for (let v = 0; v < NRV; v++) f.get(dst).get(p).v128Load(16 * v).v128Store(16 * v);
                  f.inc(dst, 4 * NR);
                  f.get(p).get(rs).i32Add().set(p);
                },
              );
            },
            () => {
              f.for(
                k,
                () => f.i32Const(0),
                () => f.get(kc),
                1,
                () => {
                  f.get(p).set(q);
                  for (let j = 0; j < NR; j++) {
                    f.i32Const(j).get(cols).i32LtS();
                    f.if(
                      () => {
                        f.get(dst).get(q).f32Load().f32Store(4 * j);
                        f.get(q).get(cs).i32Add().set(q);
                      },
                      () => {
                        f.get(dst).f32Const(0).f32Store(4 * j);
                      },
                    );
                  }
                  f.inc(dst, 4 * NR);
                  f.get(p).get(rs).i32Add().set(p);
                },
              );
            },
          );
      },
    );
  }

  // ---- copyTile(tile, pC, ldc, rows, cols, accumulate): edge tile from scratch into C
  const copyTile = mb.function("copyTile", [I, I, I, I, I, I]);
  {
    const f = copyTile;
    const [tile, pC, ldc, rows, cols, accumulate] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local];
    const r = f.local(I);
    const j = f.local(I);
    const src = f.local(I);
    const d = f.local(I);
    f.for(
      r,
      () => f.i32Const(0),
      () => f.get(rows),
      1,
      () => {
        f.get(tile).get(r).i32Const(4 * NR).i32Mul().i32Add().set(src);
        f.get(pC).get(r).get(ldc).i32Mul().i32Add().set(d);
        f.for(
          j,
          () => f.i32Const(0),
          () => f.get(cols),
          1,
          () => {
            f.get(d);
            f.get(src).f32Load();
            f.get(d).f32Load().f32Const(0).get(accumulate).select().f32Add();
            f.f32Store();
            f.inc(src, 4).inc(d, 4);
          },
        );
      },
    );
  }

  // ---- gemm(A, B, C, M, N, K, rsA, csA, rsB, csB, ldc, ws): strides in bytes
  const gemm = mb.function("gemm", [I, I, I, I, I, I, I, I, I, I, I, I]);
  {
    const f = gemm;
    const [A, B, C, M, N, K, rsA, csA, rsB, csB, ldc, ws] = Array.from({ length: 12 }, (_, i) => f.param(i));
    const jc = f.local(I);
    const pc = f.local(I);
    const ic = f.local(I);
    const jr = f.local(I);
    const ir = f.local(I);
    const nc = f.local(I);
    const kc = f.local(I);
    const mc = f.local(I);
    const nr = f.local(I);
    const mr = f.local(I);
    const pCt = f.local(I);
    const accumulate = f.local(I);
    const bp = roundUp(c.mc, MR) * c.kc * 4;
    const tileOff = bp + c.kc * roundUp(c.nc, NR) * 4;
    const minOf = (target: Local, limit: number, total: Local, at: Local): void => {
      f.i32Const(limit).get(total!).get(at).i32Sub().i32Const(limit).get(total!).get(at).i32Sub().i32LtS().select().set(target);
    };
    f.for(
      jc,
      () => f.i32Const(0),
      () => f.get(N!),
      c.nc,
      () => {
        minOf(nc, c.nc, N!, jc);
        f.for(
          pc,
          () => f.i32Const(0),
          () => f.get(K!),
          c.kc,
          () => {
            minOf(kc, c.kc, K!, pc);
            f.get(pc).i32Const(0).i32Ne().set(accumulate);
            // packB(ws + bp, B + pc*rsB + jc*csB, kc, nc, rsB, csB)
            f.get(ws!).i32Const(bp).i32Add();
            f.get(B!).get(pc).get(rsB!).i32Mul().i32Add().get(jc).get(csB!).i32Mul().i32Add();
            f.get(kc).get(nc).get(rsB!).get(csB!).call(packB, mb);
            f.for(
              ic,
              () => f.i32Const(0),
              () => f.get(M!),
              c.mc,
              () => {
                minOf(mc, c.mc, M!, ic);
                f.get(ws!);
                f.get(A!).get(ic).get(rsA!).i32Mul().i32Add().get(pc).get(csA!).i32Mul().i32Add();
                f.get(mc).get(kc).get(rsA!).get(csA!).call(packA, mb);
                f.for(
                  jr,
                  () => f.i32Const(0),
                  () => f.get(nc),
                  NR,
                  () => {
                    minOf(nr, NR, nc, jr);
                    f.for(
                      ir,
                      () => f.i32Const(0),
                      () => f.get(mc),
                      MR,
                      () => {
                        minOf(mr, MR, mc, ir);
                        // pCt = C + (ic + ir) * ldc + (jc + jr) * 4
                        f.get(C!).get(ic).get(ir).i32Add().get(ldc!).i32Mul().i32Add().get(jc).get(jr).i32Add().i32Const(2).i32Shl().i32Add().set(pCt);
                        const args = (): void => {
                          f.get(ws!).get(ir).get(kc).i32Mul().i32Const(2).i32Shl().i32Add();
                          f.get(ws!).i32Const(bp).i32Add().get(jr).get(kc).i32Mul().i32Const(2).i32Shl().i32Add();
                          f.get(kc);
                        };
                        f.get(mr)
                          .i32Const(MR)
                          .i32Eq()
                          .get(nr)
                          .i32Const(NR)
                          .i32Eq()
                          .i32And()
                          .if(
                            () => {
                              args();
                              f.get(pCt).get(ldc!).get(accumulate).call(kernel, mb);
                            },
                            () => {
                              args();
                              f.get(ws!).i32Const(tileOff).i32Add().i32Const(4 * NR).i32Const(0).call(kernel, mb);
                              f.get(ws!).i32Const(tileOff).i32Add().get(pCt).get(ldc!).get(mr).get(nr).get(accumulate).call(copyTile, mb);
                            },
                          );
                      },
                    );
                  },
                );
              },
            );
          },
        );
      },
    );
  }

  // ---- run(table, first, last, K, rsA, csA, rsB, csB, ldc, ws): tasks [first, last) of the table
  const run = mb.function("run", [I, I, I, I, I, I, I, I, I, I], [], true);
  {
    const f = run;
    const [table, first, last, K, rsA, csA, rsB, csB, ldc, ws] = Array.from({ length: 10 }, (_, i) => f.param(i));
    const t = f.local(I);
    const e = f.local(I);
    f.for(
      t,
      () => f.get(first!),
      () => f.get(last!),
      1,
      () => {
        f.get(table!).get(t).i32Const(TASK_BYTES).i32Mul().i32Add().set(e);
        for (let w = 0; w < 5; w++) f.get(e).i32Load(4 * w); // A, B, C, M, N
        f.get(K!).get(rsA!).get(csA!).get(rsB!).get(csB!).get(ldc!).get(ws!).call(gemm, mb);
      },
    );
  }
  return mb.build();
}
