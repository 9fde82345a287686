import { definePrimitive, run1 } from "../../autodiff/engine.js";
import type { SymbolicShape } from "../../tensor/kerasTensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape } from "../../util/format.js";
import { broadcastSymbolic } from "../core/input.js";
import { unbroadcast } from "./helpers.js";

interface MatmulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
}

/** Output shape of a batched matmul of rank >= 2 operands, with Keras-style errors. */
export function matmulShape(a: SymbolicShape, b: SymbolicShape, attrs: MatmulAttrs = {}): (number | null)[] {
  const ra = a.length;
  const rb = b.length;
  const m = attrs.transposeA ? a[ra - 1]! : a[ra - 2]!;
  const ka = attrs.transposeA ? a[ra - 2]! : a[ra - 1]!;
  const kb = attrs.transposeB ? b[rb - 1]! : b[rb - 2]!;
  const n = attrs.transposeB ? b[rb - 2]! : b[rb - 1]!;
  if (ka !== null && kb !== null && ka !== kb) {
    throw new ValueError(
      `matmul: incompatible shapes ${formatShape(a)} and ${formatShape(b)}: the last axis of the first (${ka}) must equal the second-to-last axis of the second (${kb}).`,
    );
  }
  const batch = broadcastSymbolic(a.slice(0, ra - 2), b.slice(0, rb - 2), "matmul");
  return [...batch, m, n];
}

definePrimitive<MatmulAttrs>({
  name: "matmul",
  outputSpecs: ([a, b], attrs) => [{ shape: matmulShape(a!.shape, b!.shape, attrs), dtype: a!.dtype }],
  grad: ([dy], [a, b], _o, attrs, needs) => {
    const tA = !!attrs.transposeA;
    const tB = !!attrs.transposeB;
    // C = op(A) op(B);  dA = dC op(B)^T (transposed back if tA), dB likewise
    const da = needs[0] === false ? null : tA ? run1("matmul", [b!, dy!], { transposeA: tB, transposeB: true }) : run1("matmul", [dy!, b!], { transposeB: !tB });
    const db = needs[1] === false ? null : tB ? run1("matmul", [dy!, a!], { transposeA: true, transposeB: tA }) : run1("matmul", [a!, dy!], { transposeA: !tA });
    return [da && unbroadcast(da, a!.shape), db && unbroadcast(db, b!.shape)];
  },
});
