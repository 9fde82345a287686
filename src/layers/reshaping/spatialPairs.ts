import { ValueError } from "../../util/errors.js";

/** `(before, after)` amounts per spatial dim, as ZeroPadding / Cropping take them. */
export type Pairs = [number, number][];

const ORDINALS = ["1st", "2nd", "3rd"];

/**
 * Keras's padding / cropping argument for `n` spatial dims: an int (same on every side), a list
 * of `n` ints (symmetric per dim), or a list of `n` `[before, after]` pairs. For n = 1 the
 * argument is an int or one `[before, after]` pair.
 */
export function standardizePairs(value: unknown, n: number, name: string, owner: string): Pairs {
  const bad = (): ValueError =>
    new ValueError(
      n === 1
        ? `${owner}: \`${name}\` should be a non-negative int or a list of 2 non-negative ints [before, after]. Received: ${name}=${JSON.stringify(value)}.`
        : `${owner}: \`${name}\` should be a non-negative int, a list of ${n} ints (symmetric per dim), or a list of ${n} pairs [[before, after], …]. Received: ${name}=${JSON.stringify(value)}.`,
    );
  const nonNeg = (v: unknown): number => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw bad();
    return v;
  };
  const pair = (v: unknown): [number, number] => {
    if (typeof v === "number") return [nonNeg(v), v];
    if (Array.isArray(v) && v.length === 2) return [nonNeg(v[0]), nonNeg(v[1])];
    throw bad();
  };
  if (n === 1) return [pair(value)];
  if (typeof value === "number") return Array.from({ length: n }, () => pair(value));
  if (!Array.isArray(value) || value.length !== n) {
    if (Array.isArray(value)) throw new ValueError(`${owner}: \`${name}\` should have ${n} elements. Received: ${name}=${JSON.stringify(value)}.`);
    throw bad();
  }
  return value.map((v, i) => {
    try {
      return pair(v);
    } catch {
      throw new ValueError(`${owner}: the ${ORDINALS[i]} entry of \`${name}\` should be an int or a pair of ints. Received: ${name}=${JSON.stringify(value)}.`);
    }
  });
}

/** The config form: `[a, b]` for one dim, `[[a, b], …]` otherwise (Keras's tuples as JSON lists). */
export function pairsConfig(pairs: Pairs): number[] | number[][] {
  return pairs.length === 1 ? [...pairs[0]!] : pairs.map((p) => [...p]);
}
