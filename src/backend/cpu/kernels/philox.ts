/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011):
 * a counter-based generator. A 64-bit key picks a stream; block `n` of the stream is a
 * bijective scramble of the 128-bit counter `n` under that key (10 rounds). Any block can
 * be computed on its own, so a draw is a pure function of (key, position).
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** The high 32 bits of the 64-bit product of two uint32s (exact, via 16-bit limbs). */
export function mulhi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const low = al * bl;
  const mid1 = ah * bl + Math.floor(low / 0x10000);
  const mid2 = al * bh + (mid1 % 0x10000);
  return (ah * bh + Math.floor(mid1 / 0x10000) + Math.floor(mid2 / 0x10000)) >>> 0;
}

/**
 * One Philox4x32-10 block: scrambles the counter (c0..c3) under the key (k0, k1) and writes
 * four uint32 words into `out` at `offset`.
 */
export function philoxBlock(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array, offset = 0): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
    key0 = (key0 + W0) >>> 0;
    key1 = (key1 + W1) >>> 0;
  }
  out[offset] = x0;
  out[offset + 1] = x1;
  out[offset + 2] = x2;
  out[offset + 3] = x3;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * A sequential reader over one Philox stream: uint32 words, float64 uniforms with 53 random
 * bits, and standard normals. Deterministic in its key; every `RandomStream` with the same
 * key yields the same sequence.
 */
export class RandomStream {
  private readonly k0: number;
  private readonly k1: number;
  private block = 0;
  private readonly words = new Uint32Array(4);
  private used = 4;
  private spareNormal: number | null = null;

  constructor(key: readonly [number, number]) {
    this.k0 = key[0] >>> 0;
    this.k1 = key[1] >>> 0;
  }

  /** The next uniformly distributed uint32. */
  nextUint32(): number {
    if (this.used === 4) {
      const n = this.block++;
      philoxBlock(n % TWO_POW_32, Math.floor(n / TWO_POW_32), 0, 0, this.k0, this.k1, this.words);
      this.used = 0;
    }
    return this.words[this.used++]!;
  }

  /** A float64 uniform in [0, 1) on the grid k / 2^53. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** A float64 uniform in (0, 1] (safe for logarithms). */
  nextDoubleOpenZero(): number {
    return 1 - this.nextDouble();
  }

  /** A standard normal N(0, 1) in float64 (Box–Muller; the pair's second value is kept). */
  nextNormal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.nextDoubleOpenZero()));
    const theta = 2 * Math.PI * this.nextDouble();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}
