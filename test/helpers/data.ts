/**
 * Deterministic pseudo-random float32 values in [-scale, scale) from a xorshift32 stream
 * (the same values for the same seed, on every machine): test data for kernel comparisons.
 */
export function xorshiftValues(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 31 - 1) * scale;
  }
  return out;
}
