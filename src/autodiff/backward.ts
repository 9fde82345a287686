import { allocate } from "../backend/dtypes.js";
import { isFloat } from "../backend/dtypes.js";
import { Tensor } from "../tensor/tensor.js";
import { formatShape } from "../util/format.js";
import { run1, type Tape } from "./engine.js";

function filled(like: Tensor, value: number): Tensor {
  const values = allocate(like.dtype, like.size);
  if (value !== 0) values.fill(value);
  return new Tensor(values, like.shape, like.dtype);
}

/**
 * Reverse-mode sweep over a tape: returns the cotangent of every watched tensor that
 * `y` depends on, keyed by tensor id. The sweep itself runs ops, so outer tapes record it
 * (that is how gradients of gradients work).
 */
export function backward(tape: Tape, y: Tensor, seed?: Tensor): Map<number, Tensor> {
  const grads = new Map<number, Tensor>();
  grads.set(y.id, seed ?? filled(y, 1));
  for (let n = tape.nodes.length - 1; n >= 0; n--) {
    const node = tape.nodes[n]!;
    let any = false;
    for (const o of node.outputs) {
      if (grads.has(o.id)) {
        any = true;
        break;
      }
    }
    if (!any) continue;
    const dys = node.outputs.map((o) => grads.get(o.id) ?? filled(o, 0));
    const needs = node.inputs.map((x) => tape.watched.has(x.id) && isFloat(x.dtype));
    const dxs = node.prim.grad!(dys, node.inputs, node.outputs, node.attrs, needs);
    for (let i = 0; i < node.inputs.length; i++) {
      const x = node.inputs[i]!;
      const dx = dxs[i];
      if (!dx || !tape.watched.has(x.id) || !isFloat(x.dtype)) continue;
      if (dx.shape.length !== x.shape.length || dx.shape.some((d, k) => d !== x.shape[k])) {
        throw new Error(
          `Internal error: the gradient of '${node.prim.name}' for input ${i} has shape ${formatShape(dx.shape)}, expected ${formatShape(x.shape)}.`,
        );
      }
      const prev = grads.get(x.id);
      grads.set(x.id, prev ? run1("add", [prev, dx]) : dx);
    }
  }
  return grads;
}

/** @internal zeros shaped like `t`. */
export function zerosLikeTensor(t: Tensor): Tensor {
  return filled(t, 0);
}
