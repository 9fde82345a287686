import type { DType } from "../tensor/dtypes.js";
import { normal, truncatedNormal, uniform } from "../random/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../util/errors.js";
import { computeFans, Initializer } from "./initializer.js";

type Seed = number | null | undefined;

export interface RandomNormalOptions {
  mean?: number;
  stddev?: number;
  seed?: number | null;
}

/** Normal(mean 0, stddev 0.05) by default. */
export class RandomNormal extends Initializer {
  static override readonly className: string = "RandomNormal";
  readonly mean: number;
  readonly stddev: number;
  readonly seed: Seed;
  constructor(options: RandomNormalOptions = {}) {
    super();
    this.mean = options.mean ?? 0;
    this.stddev = options.stddev ?? 0.05;
    this.seed = options.seed ?? null;
  }
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return normal([...shape], this.mean, this.stddev, dtype, this.seed ?? null);
  }
  override getConfig() {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/** Normal(mean 0, stddev 0.05) resampled beyond two standard deviations. */
export class TruncatedNormal extends RandomNormal {
  static override readonly className: string = "TruncatedNormal";
  override call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return truncatedNormal([...shape], this.mean, this.stddev, dtype, this.seed ?? null);
  }
}

export interface RandomUniformOptions {
  minval?: number;
  maxval?: number;
  seed?: number | null;
}

/** Uniform in [-0.05, 0.05) by default. */
export class RandomUniform extends Initializer {
  static override readonly className: string = "RandomUniform";
  readonly minval: number;
  readonly maxval: number;
  readonly seed: Seed;
  constructor(options: RandomUniformOptions = {}) {
    super();
    this.minval = options.minval ?? -0.05;
    this.maxval = options.maxval ?? 0.05;
    this.seed = options.seed ?? null;
  }
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return uniform([...shape], this.minval, this.maxval, dtype, this.seed ?? null);
  }
  override getConfig() {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed ?? null };
  }
}

export type FanMode = "fan_in" | "fan_out" | "fan_avg";
export type Distribution = "truncated_normal" | "untruncated_normal" | "uniform";

export interface VarianceScalingOptions {
  scale?: number;
  mode?: FanMode;
  distribution?: Distribution;
  seed?: number | null;
}

/**
 * Samples with variance scale / fan (Keras's VarianceScaling; the base of Glorot, He, LeCun).
 * truncated_normal uses stddev sqrt(scale / n) / 0.8796…; uniform uses limit sqrt(3 scale / n).
 */
export class VarianceScaling extends Initializer {
  static override readonly className: string = "VarianceScaling";
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: Seed;
  constructor(options: VarianceScalingOptions = {}) {
    super();
    this.scale = options.scale ?? 1.0;
    this.mode = options.mode ?? "fan_in";
    this.distribution = options.distribution ?? "truncated_normal";
    this.seed = options.seed ?? null;
    if (!(this.scale > 0)) throw new ValueError(`VarianceScaling: argument \`scale\` must be positive float. Received: scale=${this.scale}`);
    if (!["fan_in", "fan_out", "fan_avg"].includes(this.mode)) {
      throw new ValueError(`VarianceScaling: invalid mode '${this.mode}'. Expected one of 'fan_in', 'fan_out', 'fan_avg'.`);
    }
    if (!["truncated_normal", "untruncated_normal", "uniform", "normal"].includes(this.distribution)) {
      throw new ValueError(`VarianceScaling: invalid distribution '${this.distribution}'. Expected one of 'truncated_normal', 'untruncated_normal', 'uniform'.`);
    }
  }
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    const n = this.mode === "fan_in" ? fanIn : this.mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    const seed = this.seed ?? null;
    if (this.distribution === "truncated_normal" || (this.distribution as string) === "normal") {
      return truncatedNormal([...shape], 0, Math.sqrt(scale) / 0.87962566103423978, dtype, seed);
    }
    if (this.distribution === "untruncated_normal") return normal([...shape], 0, Math.sqrt(scale), dtype, seed);
    const limit = Math.sqrt(3 * scale);
    return uniform([...shape], -limit, limit, dtype, seed);
  }
  override getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

function preset(className: string, scale: number, mode: FanMode, distribution: Distribution) {
  return class extends VarianceScaling {
    static override readonly className: string = className;
    constructor(options: { seed?: number | null } = {}) {
      super({ scale, mode, distribution, seed: options.seed ?? null });
    }
    override getConfig() {
      return { seed: this.seed ?? null };
    }
  };
}

/** Uniform in ±sqrt(6 / (fan_in + fan_out)) — Keras's default kernel initializer. */
export const GlorotUniform = preset("GlorotUniform", 1, "fan_avg", "uniform");
export const GlorotNormal = preset("GlorotNormal", 1, "fan_avg", "truncated_normal");
export const HeNormal = preset("HeNormal", 2, "fan_in", "truncated_normal");
export const HeUniform = preset("HeUniform", 2, "fan_in", "uniform");
export const LecunNormal = preset("LecunNormal", 1, "fan_in", "truncated_normal");
export const LecunUniform = preset("LecunUniform", 1, "fan_in", "uniform");
