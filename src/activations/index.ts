import * as ops from "../ops/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { closestMatch } from "../util/strings.js";

/**
 * keras.activations: the functions layers use by name (`activation: "relu"`), with Keras 3's
 * defaults. Serialized as their snake_case name.
 */
export type ActivationFn = (x: Tensor) => Tensor;

type OpX = Parameters<typeof ops.relu>[0];

/** relu(x, negativeSlope=0, maxValue=null, threshold=0), Keras's general ReLU. */
export function relu(x: OpX, negativeSlope = 0, maxValue: number | null = null, threshold = 0): Tensor {
  if (negativeSlope === 0 && maxValue === null && threshold === 0) return ops.relu(x);
  let out: Tensor;
  const t = ops.convertToTensor(x as any);
  if (threshold !== 0) {
    out = ops.where(ops.greater(t, threshold), t, ops.multiply(ops.subtract(t, threshold), negativeSlope));
  } else {
    out = ops.where(ops.greater(t, 0), t, ops.multiply(t, negativeSlope));
  }
  if (maxValue !== null) out = ops.minimum(out, maxValue);
  return out;
}
export const leakyRelu = (x: OpX, negativeSlope = 0.2): Tensor => ops.leakyRelu(x, negativeSlope);
export const relu6 = (x: OpX): Tensor => ops.relu6(x);
export const elu = (x: OpX, alpha = 1.0): Tensor => ops.elu(x, alpha);
export const selu = (x: OpX): Tensor => ops.selu(x);
export const celu = (x: OpX, alpha = 1.0): Tensor => ops.celu(x, alpha);
export const softplus = (x: OpX): Tensor => ops.softplus(x);
export const softsign = (x: OpX): Tensor => ops.softsign(x);
export const silu = (x: OpX): Tensor => ops.silu(x);
export const swish = silu;
/** gelu(x, approximate=false): the activation's default is the exact erf form (ops.gelu defaults to approximate). */
export const gelu = (x: OpX, approximate = false): Tensor => ops.gelu(x, approximate);
export const glu = (x: OpX, axis = -1): Tensor => ops.glu(x, axis);
export const tanh = (x: OpX): Tensor => ops.tanh(x);
export const sigmoid = (x: OpX): Tensor => ops.sigmoid(x);
export const exponential = (x: OpX): Tensor => ops.exp(x);
export const hardSigmoid = (x: OpX): Tensor => ops.hardSigmoid(x);
export const hardSilu = (x: OpX): Tensor => ops.hardSilu(x);
export const hardSwish = hardSilu;
export const hardTanh = (x: OpX): Tensor => ops.hardTanh(x);
export const hardShrink = (x: OpX, threshold = 0.5): Tensor => ops.hardShrink(x, threshold);
export const softShrink = (x: OpX, threshold = 0.5): Tensor => ops.softShrink(x, threshold);
export const tanhShrink = (x: OpX): Tensor => ops.tanhShrink(x);
export const squareplus = (x: OpX, b = 4): Tensor => ops.squarePlus(x, b);
export const sparsePlus = (x: OpX): Tensor => ops.sparsePlus(x);
export const linear = (x: OpX): Tensor => ops.convertToTensor(x as any);
export const mish = (x: OpX): Tensor => {
  const t = ops.convertToTensor(x as any);
  return ops.multiply(t, ops.tanh(ops.softplus(t)));
};
export const logSigmoid = (x: OpX): Tensor => ops.logSigmoid(x);
export const softmax = (x: OpX, axis = -1): Tensor => ops.softmax(x, axis);
export const logSoftmax = (x: OpX, axis = -1): Tensor => ops.logSoftmax(x, axis);
/** threshold(x, threshold, defaultValue): x where x > threshold, else defaultValue. */
export const threshold = (x: OpX, thresholdValue: number, defaultValue: number): Tensor => {
  const t = ops.convertToTensor(x as any);
  return ops.where(ops.greater(t, thresholdValue), t, ops.fullLike(t, defaultValue));
};
/** Keras 2's hard_sigmoid: clip(0.2 x + 0.5, 0, 1) (kept for legacy model files). */
export const hardSigmoidKeras2 = (x: OpX): Tensor => ops.clip(ops.add(ops.multiply(x as any, 0.2), 0.5), 0, 1);

/** Keras name → function. Functions take the tensor only (defaults for the rest). */
const BY_NAME: Record<string, ActivationFn> = {
  relu: (x) => relu(x),
  leaky_relu: (x) => leakyRelu(x),
  relu6,
  elu: (x) => elu(x),
  selu,
  celu: (x) => celu(x),
  softplus,
  softsign,
  silu,
  swish: silu,
  gelu: (x) => gelu(x),
  glu: (x) => glu(x),
  tanh,
  sigmoid,
  exponential,
  hard_sigmoid: hardSigmoid,
  hard_silu: hardSilu,
  hard_swish: hardSilu,
  hard_tanh: hardTanh,
  hard_shrink: (x) => hardShrink(x),
  soft_shrink: (x) => softShrink(x),
  tanh_shrink: tanhShrink,
  squareplus: (x) => squareplus(x),
  sparse_plus: sparsePlus,
  linear,
  mish,
  log_sigmoid: logSigmoid,
  softmax: (x) => softmax(x),
  log_softmax: (x) => logSoftmax(x),
};

const NAME_OF = new Map<ActivationFn, string>();
for (const [name, fn] of Object.entries(BY_NAME)) if (!NAME_OF.has(fn)) NAME_OF.set(fn, name);
NAME_OF.set(silu, "silu");
NAME_OF.set(hardSilu, "hard_silu");

/** Keras 2 files spell a few activations differently or with other math. */
const LEGACY: Record<string, ActivationFn> = { hard_sigmoid: hardSigmoidKeras2 };

const camelToSnake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/**
 * keras.activations.get: a name ("relu", also camelCase "leakyRelu"), a function, or null
 * (linear). `legacy` selects Keras 2 math where it differs (hard_sigmoid).
 */
export function get(identifier: string | ActivationFn | null | undefined | { class_name?: string; config?: unknown }, options: { legacy?: boolean } = {}): ActivationFn {
  if (identifier === null || identifier === undefined) return linear;
  if (typeof identifier === "function") return identifier;
  let name: string | undefined;
  if (typeof identifier === "string") name = identifier;
  else if (typeof identifier === "object" && typeof identifier.class_name === "string") {
    name = identifier.class_name === "function" && typeof identifier.config === "string" ? identifier.config : identifier.class_name;
  }
  if (name !== undefined) {
    const snake = name in BY_NAME ? name : camelToSnake(name);
    if (options.legacy && LEGACY[snake]) return LEGACY[snake]!;
    const fn = BY_NAME[snake];
    if (fn) {
      NAME_OF.set(fn, NAME_OF.get(fn) ?? snake);
      return fn;
    }
    const hint = closestMatch(name, Object.keys(BY_NAME));
    throw new ValueError(`Unknown activation function: '${name}'.${hint ? ` Did you mean '${hint}'?` : ""} Known: ${Object.keys(BY_NAME).join(", ")}.`);
  }
  throw new ValueError(`Could not interpret activation function identifier: ${String(identifier)}.`);
}

/**
 * @internal The activation as one of the fused kernels' modes ("linear" or "relu" with Keras's default
 * arguments), or null: layers then add the bias and apply it in the same pass.
 */
export function fusedMode(fn: ActivationFn): "linear" | "relu" | null {
  // layers call activations with the tensor only, so relu means its default arguments
  if (fn === relu || fn === BY_NAME.relu) return "relu";
  if (fn === linear) return "linear";
  return null;
}

/** The Keras name of an activation function (custom functions: their JS name). */
export function serialize(fn: ActivationFn): string {
  if (fn === hardSigmoidKeras2) return "hard_sigmoid";
  return NAME_OF.get(fn) ?? (fn.name || "custom_activation");
}
