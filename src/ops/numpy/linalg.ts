import { run1 } from "../../autodiff/engine.js";
import { isFloat, upcast } from "../../backend/dtypes.js";
import type { SymbolicShape } from "../../tensor/kerasTensor.js";
import { convertToTensor } from "../../tensor/convert.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError } from "../../util/errors.js";
import { formatShape, formatValue } from "../../util/format.js";
import { castTo, normalizeAxis, toValue, type OpInput, type Value } from "../core/input.js";
import "../primitives/math.js";
import { matmulShape } from "../primitives/matmul.js";
import { abs, multiply, notEqual, power, sqrt, square } from "./arithmetic.js";
import { max, min, sum } from "./reductions.js";
import { broadcastTo, transpose } from "./shape.js";

/** Linear algebra: matmul, dot, tensordot, einsum, outer/inner/vdot, diagonal/trace, norm. */

/** The product of dims (null when one is unknown). */
function prodDims(dims: SymbolicShape): number | null {
  let n: number | null = 1;
  for (const d of dims) n = n === null || d === null ? null : n * d;
  return n;
}

/** Reshape that accepts unknown dims (only for shapes derived from the input's own dims). */
const reshapeTo = (v: Value, shape: SymbolicShape): Value => run1("reshape", [v], { shape: [...shape] });

/** Promotes two operands for products: bools count as int32. */
function productOperands(x1: OpInput, x2: OpInput): [Value, Value] {
  const a = toValue(x1);
  const b = toValue(x2);
  const dt = upcast(a.dtype === "bool" ? "int32" : a.dtype, b.dtype === "bool" ? "int32" : b.dtype);
  return [castTo(a, dt), castTo(b, dt)];
}

/**
 * matmul(x1, x2): NumPy matmul. 1-D operands are promoted (a leading / trailing 1 is added and
 * removed afterwards); leading batch axes broadcast.
 */
export function matmul(x1: OpInput, x2: OpInput): Tensor {
  let [a, b] = productOperands(x1, x2);
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new ValueError(
      `matmul: operands must have at least one dimension, but received shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}; use multiply for scalars.`,
    );
  }
  const aVec = a.shape.length === 1;
  const bVec = b.shape.length === 1;
  if (aVec) a = reshapeTo(a, [1, a.shape[0]!]);
  if (bVec) b = reshapeTo(b, [b.shape[0]!, 1]);
  matmulShape(a.shape, b.shape); // validates with a clear error
  let out = run1("matmul", [a, b]) as Value;
  if (aVec || bVec) {
    const s = [...out.shape];
    if (bVec) s.splice(s.length - 1, 1);
    if (aVec) s.splice(s.length - (bVec ? 1 : 2), 1);
    out = reshapeTo(out, s);
  }
  return out as Tensor;
}

/**
 * Contracts `a` over `contA` with `b` over `contB` (pairwise), keeping a's other axes then b's,
 * as one matmul between transposed, reshaped operands.
 */
function contract(a: Value, contA: number[], b: Value, contB: number[], op: string): Tensor {
  contA.forEach((ax, i) => {
    const da = a.shape[ax]!;
    const db = b.shape[contB[i]!]!;
    if (da !== null && db !== null && da !== db) {
      throw new ValueError(
        `${op}: shape mismatch: axis ${ax} of the first operand (shape ${formatShape(a.shape)}) has size ${da}, but axis ${contB[i]} of the second operand (shape ${formatShape(b.shape)}) has size ${db}.`,
      );
    }
  });
  const freeA = a.shape.map((_, i) => i).filter((i) => !contA.includes(i));
  const freeB = b.shape.map((_, i) => i).filter((i) => !contB.includes(i));
  const freeDimsA = freeA.map((i) => a.shape[i]!);
  const freeDimsB = freeB.map((i) => b.shape[i]!);
  const c = prodDims(contA.map((ax, i) => a.shape[ax] ?? b.shape[contB[i]!]!));
  const a2 = reshapeTo(transpose(a, [...freeA, ...contA]), [prodDims(freeDimsA), c]);
  const b2 = reshapeTo(transpose(b, [...contB, ...freeB]), [c, prodDims(freeDimsB)]);
  return reshapeTo(run1("matmul", [a2, b2]), [...freeDimsA, ...freeDimsB]) as Tensor;
}

/** Axes of tensordot: a count N (last N of x1 with first N of x2) or a pair of axis lists. */
export type TensordotAxes = number | readonly [number | readonly number[], number | readonly number[]];

/**
 * tensordot(x1, x2, axes = 2): sums products over the given axes (NumPy semantics).
 * Output shape: x1's remaining axes followed by x2's.
 */
export function tensordot(x1: OpInput, x2: OpInput, axes: TensordotAxes = 2): Tensor {
  const [a, b] = productOperands(x1, x2);
  const ra = a.shape.length;
  const rb = b.shape.length;
  let contA: number[];
  let contB: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > ra || axes > rb) {
      throw new ValueError(`tensordot: axes=${axes} must be an integer between 0 and the smaller rank, but the shapes are ${formatShape(a.shape)} and ${formatShape(b.shape)}.`);
    }
    contA = Array.from({ length: axes }, (_, i) => ra - axes + i);
    contB = Array.from({ length: axes }, (_, i) => i);
  } else {
    const la = typeof axes[0] === "number" ? [axes[0]] : [...axes[0]];
    const lb = typeof axes[1] === "number" ? [axes[1]] : [...axes[1]];
    if (la.length !== lb.length) {
      throw new ValueError(`tensordot: the two axis lists must have the same length, but received ${formatValue(la)} and ${formatValue(lb)}.`);
    }
    contA = la.map((ax) => normalizeAxis(ax, ra, "tensordot"));
    contB = lb.map((ax) => normalizeAxis(ax, rb, "tensordot"));
    if (new Set(contA).size !== contA.length || new Set(contB).size !== contB.length) {
      throw new ValueError(`tensordot: repeated axis in ${formatValue(la)} / ${formatValue(lb)}.`);
    }
  }
  return contract(a, contA, b, contB, "tensordot");
}

/**
 * dot(x1, x2): NumPy dot. Scalars multiply; 1-D·1-D is the inner product; otherwise sums over
 * the last axis of x1 and the second-to-last axis of x2 (the only axis if x2 is 1-D).
 */
export function dot(x1: OpInput, x2: OpInput): Tensor {
  const [a, b] = productOperands(x1, x2);
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra === 0 || rb === 0) return multiply(a, b);
  return contract(a, [ra - 1], b, [rb === 1 ? 0 : rb - 2], "dot");
}

/** inner(x1, x2): sums over the last axes of both (scalars multiply). */
export function inner(x1: OpInput, x2: OpInput): Tensor {
  const [a, b] = productOperands(x1, x2);
  if (a.shape.length === 0 || b.shape.length === 0) return multiply(a, b);
  return contract(a, [a.shape.length - 1], b, [b.shape.length - 1], "inner");
}

/** outer(x1, x2): both are flattened; out[i, j] = x1[i] * x2[j]. */
export function outer(x1: OpInput, x2: OpInput): Tensor {
  const [a, b] = productOperands(x1, x2);
  return multiply(reshapeTo(a, [prodDims(a.shape), 1]), reshapeTo(b, [1, prodDims(b.shape)]));
}

/** vdot(x1, x2): the dot product of the flattened inputs (a scalar). */
export function vdot(x1: OpInput, x2: OpInput): Tensor {
  const [a, b] = productOperands(x1, x2);
  return contract(reshapeTo(a, [prodDims(a.shape)]), [0], reshapeTo(b, [prodDims(b.shape)]), [0], "vdot");
}

/**
 * diagonal(x, offset = 0, axis1 = 0, axis2 = 1): the diagonal of the (axis1, axis2) planes,
 * as a new last axis (the two axes are removed), like NumPy.
 */
export function diagonal(x: OpInput, offset = 0, axis1 = 0, axis2 = 1): Tensor {
  const v = toValue(x);
  const rank = v.shape.length;
  if (rank < 2) throw new ValueError(`diagonal: the input must have rank >= 2, but received shape ${formatShape(v.shape)}.`);
  const a1 = normalizeAxis(axis1, rank, "diagonal");
  const a2 = normalizeAxis(axis2, rank, "diagonal");
  if (a1 === a2) throw new ValueError(`diagonal: axis1 and axis2 must differ, but both are ${a1}.`);
  if (!Number.isInteger(offset)) throw new ValueError(`diagonal: offset must be an integer, but received ${offset}.`);
  const n = v.shape[a1]!;
  const m = v.shape[a2]!;
  if (n === null || m === null) throw new ValueError(`diagonal: the sizes of axes ${a1} and ${a2} must be known, but the shape is ${formatShape(v.shape)}.`);
  const rest = v.shape.map((_, i) => i).filter((i) => i !== a1 && i !== a2);
  const restDims = rest.map((i) => v.shape[i]!);
  const len = Math.max(0, offset >= 0 ? Math.min(n, m - offset) : Math.min(n + offset, m));
  const idx = new Int32Array(len);
  for (let i = 0; i < len; i++) idx[i] = offset >= 0 ? i * m + i + offset : (i - offset) * m + i;
  const flat = reshapeTo(transpose(v, [...rest, a1, a2]), [...restDims, n * m]);
  const indices = reshapeTo(convertToTensor(idx), [...restDims.map(() => 1), len]);
  return run1("mathTakeAlongAxis", [flat, indices], { axis: restDims.length }) as Tensor;
}

/** trace(x, offset = 0, axis1 = 0, axis2 = 1): the sum along the diagonal. */
export function trace(x: OpInput, offset = 0, axis1 = 0, axis2 = 1): Tensor {
  return sum(diagonal(x, offset, axis1, axis2), -1);
}

/** The `ord` of a norm: a number (incl. ±Infinity), "fro", "nuc" or null (the 2-norm / Frobenius). */
export type NormOrd = number | "fro" | "nuc" | null;

/** Removes the axes `axes` from a keepdims result. */
const dropAxes = (v: Value, axes: number[]): Tensor => reshapeTo(v, v.shape.filter((_, i) => !axes.includes(i))) as Tensor;

/**
 * norm(x, ord = null, axis = null, keepdims = false), like keras.ops.norm / numpy.linalg.norm.
 * Vector norms (one axis): ord null/2, 1, ±Infinity, 0, any p. Matrix norms (two axes):
 * null/"fro", 1, -1, ±Infinity. With axis null and ord null, the 2-norm of the flattened input.
 */
export function norm(x: OpInput, ord: NormOrd = null, axis: number | readonly number[] | null = null, keepdims = false): Tensor {
  let v = toValue(x);
  if (!isFloat(v.dtype)) v = castTo(v, "float32");
  const rank = v.shape.length;
  let axes: number[];
  if (axis === null) {
    if (ord === null) return sqrt(sum(square(v), null, keepdims));
    if (rank !== 1 && rank !== 2) {
      throw new ValueError(`norm: ord=${formatValue(ord)} needs an input of rank 1 or 2 when axis is None, but received shape ${formatShape(v.shape)}.`);
    }
    axes = rank === 1 ? [0] : [0, 1];
  } else {
    const list = typeof axis === "number" ? [axis] : [...axis];
    axes = list.map((a) => normalizeAxis(a, rank, "norm"));
    if (axes.length === 2 && axes[0] === axes[1]) throw new ValueError(`norm: duplicate axes ${formatValue(list)}.`);
  }
  const absV = abs(v);
  if (axes.length === 1) {
    const ax = axes[0]!;
    if (ord === null || ord === 2) return sqrt(sum(square(v), ax, keepdims));
    if (ord === Infinity) return max(absV, ax, keepdims);
    if (ord === -Infinity) return min(absV, ax, keepdims);
    if (ord === 1) return sum(absV, ax, keepdims);
    if (ord === 0) return sum(castTo(notEqual(v, 0), v.dtype), ax, keepdims);
    if (typeof ord === "number") return power(sum(power(absV, ord), ax, keepdims), 1 / ord);
    throw new ValueError(`norm: invalid ord ${formatValue(ord)} for a vector norm; use null, a number, Infinity or -Infinity.`);
  }
  if (axes.length !== 2) throw new ValueError(`norm: axis must be one axis or a pair of axes, but received ${formatValue(axis)}.`);
  const [row, col] = axes as [number, number];
  const finish = (t: Value): Tensor => (keepdims ? (t as Tensor) : dropAxes(t, axes));
  if (ord === null || ord === "fro") return sqrt(sum(square(v), axes, keepdims));
  if (ord === 1 || ord === -1 || ord === Infinity || ord === -Infinity) {
    // 1: max over columns of the column sums; inf: max over rows of the row sums
    const [sumAxis, pickAxis] = ord === 1 || ord === -1 ? [row, col] : [col, row];
    const sums = sum(absV, sumAxis, true);
    return finish(ord > 0 ? max(sums, pickAxis, true) : min(sums, pickAxis, true));
  }
  if (ord === 2 || ord === -2 || ord === "nuc") {
    throw new ValueError(`norm: ord=${formatValue(ord)} for matrices needs singular values, which keras-ts does not compute yet; use "fro", 1, -1, Infinity or -Infinity.`);
  }
  throw new ValueError(`norm: invalid ord ${formatValue(ord)} for a matrix norm; use null, "fro", 1, -1, Infinity or -Infinity.`);
}


// ---------------------------------------------------------------------------------------------
// einsum

/** One parsed operand of einsum: its value and one label per axis. */
interface Term {
  v: Value;
  labels: string[];
}

/** Parses one side of an einsum term into letters, with "." marking the ellipsis position. */
function parseLabels(term: string, subscripts: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) {
    const ch = term[i]!;
    if (/[a-zA-Z]/.test(ch)) out.push(ch);
    else if (term.startsWith("...", i) && !out.includes(".")) {
      out.push(".");
      i += 2;
    } else {
      throw new ValueError(`einsum: invalid subscripts '${subscripts}': unexpected '${ch}' (use letters, ',', '->' and one '...' per term).`);
    }
  }
  return out;
}

/** Labels for the ellipsis dims: right-aligned across operands, like broadcasting. */
const ellipsisLabel = (k: number): string => String.fromCharCode(0x100 + k);

/** Sums the axes whose labels satisfy `drop`. */
function sumLabels(t: Term, drop: (label: string) => boolean): Term {
  const axes = t.labels.map((l, i) => (drop(l) ? i : -1)).filter((i) => i >= 0);
  if (axes.length === 0) return t;
  return { v: sum(t.v, axes), labels: t.labels.filter((l) => !drop(l)) };
}

/** Takes diagonals until no label repeats within the term (einsum "ii->i"). */
function takeDiagonals(t: Term, subscripts: string): Term {
  let { v, labels } = t;
  for (;;) {
    const p = labels.findIndex((l, i) => labels.indexOf(l) !== i);
    if (p < 0) return { v, labels };
    const first = labels.indexOf(labels[p]!);
    const [n, m] = [v.shape[first], v.shape[p]];
    if (n !== m) {
      throw new ValueError(`einsum: '${subscripts}': the repeated label '${labels[p]}' has sizes ${n} and ${m} in one operand of shape ${formatShape(v.shape)}.`);
    }
    v = diagonal(v, 0, first, p);
    labels = [...labels.filter((_, i) => i !== first && i !== p), labels[p]!];
  }
}

/** Contracts two terms: shared labels needed later stay as batch axes, the others are summed by a matmul. */
function contractTerms(a: Term, b: Term, needed: Set<string>, subscripts: string): Term {
  const shared = a.labels.filter((l) => b.labels.includes(l));
  const batch = shared.filter((l) => needed.has(l));
  const summed = shared.filter((l) => !needed.has(l));
  const freeA = a.labels.filter((l) => !shared.includes(l));
  const freeB = b.labels.filter((l) => !shared.includes(l));
  const dim = (t: Term, l: string) => t.v.shape[t.labels.indexOf(l)]!;
  // broadcast shared axes of size 1 against the other operand
  const sizes = new Map<string, number | null>();
  for (const l of shared) {
    const da = dim(a, l);
    const db = dim(b, l);
    if (da !== null && db !== null && da !== db && da !== 1 && db !== 1) {
      throw new ValueError(`einsum: '${subscripts}': label '${l}' has size ${da} in one operand and ${db} in another.`);
    }
    sizes.set(l, da === 1 ? db : db === 1 ? da : (da ?? db));
  }
  const widen = (t: Term): Value => {
    const target = t.labels.map((l) => (sizes.has(l) ? sizes.get(l)! : dim(t, l)));
    const needs = t.labels.some((l, i) => target[i] !== null && t.v.shape[i] !== target[i]);
    return needs ? broadcastTo(t.v, target as number[]) : t.v;
  };
  const va = widen(a);
  const vb = widen(b);
  const perm = (t: Term, order: string[]) => order.map((l) => t.labels.indexOf(l));
  const batchDims = batch.map((l) => sizes.get(l)!);
  const freeDimsA = freeA.map((l) => dim(a, l));
  const freeDimsB = freeB.map((l) => dim(b, l));
  const c = prodDims(summed.map((l) => sizes.get(l)!));
  const a3 = reshapeTo(transpose(va, perm(a, [...batch, ...freeA, ...summed])), [prodDims(batchDims), prodDims(freeDimsA), c]);
  const b3 = reshapeTo(transpose(vb, perm(b, [...batch, ...summed, ...freeB])), [prodDims(batchDims), c, prodDims(freeDimsB)]);
  const out = reshapeTo(run1("matmul", [a3, b3]), [...batchDims, ...freeDimsA, ...freeDimsB]);
  return { v: out, labels: [...batch, ...freeA, ...freeB] };
}

/**
 * einsum(subscripts, ...operands): Einstein summation, NumPy-style. Supports an explicit
 * ("ij,jk->ik") or implicit ("ij,jk") output, batch dims ("bij,bjk->bik"), transposes
 * ("ij->ji"), sums ("ij->i"), outer products ("i,j->ij"), diagonals and traces ("ii->i", "ii")
 * and broadcasting ellipses ("...ij,...jk->...ik"). Built from transposes, reshapes, sums and
 * matmuls, so it is differentiable.
 */
export function einsum(subscripts: string, ...operands: OpInput[]): Tensor {
  const spec = subscripts.replace(/\s/g, "");
  const sides = spec.split("->");
  if (sides.length > 2) throw new ValueError(`einsum: invalid subscripts '${subscripts}': '->' may appear once.`);
  const inputs = sides[0]!.split(",");
  if (inputs.length !== operands.length) {
    throw new ValueError(`einsum: subscripts '${subscripts}' name ${inputs.length} operand(s), but ${operands.length} were given.`);
  }
  const values = operands.map((o) => toValue(o)).map((v) => (v.dtype === "bool" ? castTo(v, "int32") : v));
  const dt = values.reduce((d, v) => upcast(d, v.dtype), values[0]?.dtype ?? "float32");
  const parsed = inputs.map((term) => parseLabels(term, subscripts));
  const ellRanks = parsed.map((labels, i) => {
    const letters = labels.filter((l) => l !== ".").length;
    const rank = values[i]!.shape.length;
    const e = rank - letters;
    if ((labels.includes(".") && e < 0) || (!labels.includes(".") && e !== 0)) {
      throw new ValueError(`einsum: term '${inputs[i]}' of '${subscripts}' names ${letters} axes, but operand ${i} has shape ${formatShape(values[i]!.shape)}.`);
    }
    return e;
  });
  const maxEll = Math.max(0, ...ellRanks);
  const ellLabels = Array.from({ length: maxEll }, (_, k) => ellipsisLabel(k));
  let terms: Term[] = parsed.map((labels, i) => ({
    v: castTo(values[i]!, dt),
    labels: labels.flatMap((l) => (l === "." ? ellLabels.slice(maxEll - ellRanks[i]!) : [l])),
  }));
  // the output labels
  let output: string[];
  if (sides.length === 2) {
    const outLabels = parseLabels(sides[1]!, subscripts);
    for (const l of outLabels) {
      if (l !== "." && !parsed.some((p) => p.includes(l))) throw new ValueError(`einsum: output label '${l}' of '${subscripts}' appears in no input.`);
      if (outLabels.indexOf(l) !== outLabels.lastIndexOf(l)) throw new ValueError(`einsum: output label '${l}' of '${subscripts}' is repeated.`);
    }
    output = outLabels.flatMap((l) => (l === "." ? ellLabels : [l]));
  } else {
    const counts = new Map<string, number>();
    for (const p of parsed) for (const l of p) if (l !== ".") counts.set(l, (counts.get(l) ?? 0) + 1);
    output = [...ellLabels, ...[...counts.keys()].filter((l) => counts.get(l) === 1).sort()];
  }
  const outSet = new Set(output);
  terms = terms.map((t) => takeDiagonals(t, subscripts));
  // labels used by one operand only and absent from the output are summed right away
  terms = terms.map((t, i) => sumLabels(t, (l) => !outSet.has(l) && !terms.some((o, j) => j !== i && o.labels.includes(l))));
  let acc = terms[0]!;
  for (let i = 1; i < terms.length; i++) {
    const needed = new Set([...output, ...terms.slice(i + 1).flatMap((t) => t.labels)]);
    acc = contractTerms(acc, terms[i]!, needed, subscripts);
  }
  acc = sumLabels(acc, (l) => !outSet.has(l));
  return transpose(acc.v, output.map((l) => acc.labels.indexOf(l)));
}
