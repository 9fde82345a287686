import type { FunctionBuilder, Local } from "../builder.js";
import { ValType } from "../builder.js";

/**
 * `exp` in generated WebAssembly with the bits of JavaScript's `Math.exp`: V8 computes it with
 * fdlibm's `__ieee754_exp` (argument reduction by ln 2 split in two parts, a degree-5 rational
 * approximation, the exponent added to the result's bits), plus one special case, exp(1) = E.
 * This is the same algorithm, operation for operation in double precision, so a kernel using it
 * gives the same values as a JS loop calling `Math.exp` (tested on millions of inputs).
 * Reference: fdlibm 5.3, e_exp.c (Sun Microsystems, 1993); V8's src/base/ieee754.cc.
 */

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const TWO_M1000 = 9.33263618503218878990e-302;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;

/** Emits `r = exp(x)` for f64 locals (x is overwritten). */
export function emitExp(f: FunctionBuilder, x: Local, r: Local): void {
  const I = ValType.i32;
  const D = ValType.f64;
  const hx = f.local(I);
  const xsb = f.local(I);
  const k = f.local(I);
  const hi = f.local(D);
  const lo = f.local(D);
  const t = f.local(D);
  const c = f.local(D);
  const y = f.local(D);
  const words = (): void => {
    f.get(x).i64ReinterpretF64();
  };
  f.block((done) => {
    // hx = high word of x, xsb = its sign, hx = high word of |x|
    words();
    f.i64Const(32).i64ShrU().i32WrapI64().set(hx);
    f.get(hx).i32Const(31).i32ShrU().set(xsb);
    f.get(hx).i32Const(0x7fffffff).i32And().set(hx);
    // |x| >= 709.78…: non-finite, overflow, underflow
    f.get(hx).i32Const(0x40862e42).i32GeU().if(() => {
      f.get(hx).i32Const(0x7ff00000).i32GeU().if(() => {
        f.get(hx).i32Const(0xfffff).i32And();
        words();
        f.i32WrapI64().i32Or().if(() => {
          f.get(x).get(x).f64Add().set(r).br(done); // NaN
        });
        f.get(x).f64Const(0).get(xsb).i32Eqz().select().set(r).br(done); // exp(+-inf) = inf, 0
      });
      f.get(x).f64Const(O_THRESHOLD).f64Gt().if(() => {
        f.f64Const(Infinity).set(r).br(done);
      });
      f.get(x).f64Const(U_THRESHOLD).f64Lt().if(() => {
        f.f64Const(0).set(r).br(done);
      });
    });
    // argument reduction: x = hi - lo, exp(x) = 2^k exp(hi - lo)
    f.i32Const(0).set(k);
    f.get(hx).i32Const(0x3fd62e42).i32GtU().if(
      () => {
        f.get(hx).i32Const(0x3ff0a2b2).i32LtU().if(
          () => {
            f.get(x).f64Const(1).f64Eq().if(() => {
              f.f64Const(Math.E).set(r).br(done); // V8's special case
            });
            f.get(x).f64Const(LN2_HI).f64Const(-LN2_HI).get(xsb).i32Eqz().select().f64Sub().set(hi);
            f.f64Const(LN2_LO).f64Const(-LN2_LO).get(xsb).i32Eqz().select().set(lo);
            f.i32Const(1).get(xsb).i32Sub().get(xsb).i32Sub().set(k);
          },
          () => {
            f.f64Const(INV_LN2).get(x).f64Mul().f64Const(0.5).f64Const(-0.5).get(xsb).i32Eqz().select().f64Add().i32TruncF64S().set(k);
            f.get(k).f64ConvertI32S().set(t);
            f.get(x).get(t).f64Const(LN2_HI).f64Mul().f64Sub().set(hi);
            f.get(t).f64Const(LN2_LO).f64Mul().set(lo);
          },
        );
        f.get(hi).get(lo).f64Sub().set(x);
      },
      () => {
        // |x| < 2^-28: 1 + x
        f.get(hx).i32Const(0x3e300000).i32LtU().if(() => {
          f.f64Const(1).get(x).f64Add().set(r).br(done);
        });
      },
    );
    // x in the primary range: t = x², c = x − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5))))
    f.get(x).get(x).f64Mul().set(t);
    f.get(x);
    f.get(t).f64Const(P1);
    f.get(t).f64Const(P2);
    f.get(t).f64Const(P3);
    f.get(t).f64Const(P4).get(t).f64Const(P5).f64Mul().f64Add().f64Mul().f64Add().f64Mul().f64Add().f64Mul().f64Add().f64Mul();
    f.f64Sub().set(c);
    f.get(k).i32Eqz().if(() => {
      // 1 − ((x·c)/(c − 2) − x)
      f.f64Const(1).get(x).get(c).f64Mul().get(c).f64Const(2).f64Sub().f64Div().get(x).f64Sub().f64Sub().set(r).br(done);
    });
    // y = 1 − ((lo − (x·c)/(2 − c)) − hi)
    f.f64Const(1).get(lo).get(x).get(c).f64Mul().f64Const(2).get(c).f64Sub().f64Div().f64Sub().get(hi).f64Sub().f64Sub().set(y);
    f.get(k).i32Const(-1021).i32GeS().if(
      () => {
        // add k to y's exponent
        f.get(y).i64ReinterpretF64().get(k).i64ExtendI32S().i64Const(52).i64Shl().i64Add().f64ReinterpretI64().set(r);
      },
      () => {
        f.get(y).i64ReinterpretF64().get(k).i32Const(1000).i32Add().i64ExtendI32S().i64Const(52).i64Shl().i64Add().f64ReinterpretI64();
        f.f64Const(TWO_M1000).f64Mul().set(r);
      },
    );
  });
}
