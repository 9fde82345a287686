import { run1 } from "../../autodiff/engine.js";
import { upcast } from "../../backend/dtypes.js";
import type { Tensor } from "../../tensor/tensor.js";
import { castTo, toValue, type OpInput } from "../core/input.js";
import { matmulShape } from "../primitives/matmul.js";
import { reshape } from "./shape.js";

/**
 * matmul(x1, x2): NumPy matmul. 1-D operands are promoted (a leading / trailing 1 is added and
 * removed afterwards); leading batch axes broadcast.
 */
export function matmul(x1: OpInput, x2: OpInput): Tensor {
  let a = toValue(x1);
  let b = toValue(x2);
  const dt = upcast(a.dtype === "bool" ? "int32" : a.dtype, b.dtype === "bool" ? "int32" : b.dtype);
  a = castTo(a, dt);
  b = castTo(b, dt);
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new Error("matmul: operands must have at least one dimension; use multiply for scalars.");
  }
  const aVec = a.shape.length === 1;
  const bVec = b.shape.length === 1;
  if (aVec) a = reshape(a, [1, a.shape[0]!]);
  if (bVec) b = reshape(b, [b.shape[0]!, 1]);
  matmulShape(a.shape, b.shape); // validates with a clear error
  let out = run1("matmul", [a, b]) as Tensor;
  if (aVec || bVec) {
    const s = [...out.shape];
    if (bVec) s.splice(s.length - 1, 1);
    if (aVec) s.splice(s.length - (bVec ? 1 : 2), 1);
    out = reshape(out, s);
  }
  return out;
}
