import { describe, expect, it } from "vitest";
import { NumpyRandomState } from "../../src/datasets/numpyShuffle.js";

// Expected orders printed by NumPy 2.x: rng = np.random.RandomState(seed); a = np.arange(n); rng.shuffle(a)
describe("NumpyRandomState", () => {
  it("shuffles like np.random.RandomState(113).shuffle, twice in a row (as imdb does)", () => {
    const rng = new NumpyRandomState(113);
    expect([...rng.permutation(10)]).toEqual([9, 3, 6, 1, 0, 7, 4, 8, 2, 5]);
    expect([...rng.permutation(7)]).toEqual([5, 1, 0, 3, 6, 4, 2]);
  });
  it("matches seed 0 on 20 items", () => {
    expect([...new NumpyRandomState(0).permutation(20)]).toEqual([18, 1, 19, 8, 10, 17, 6, 13, 4, 2, 5, 14, 9, 7, 16, 11, 3, 0, 15, 12]);
  });
  it("rejects seeds NumPy rejects", () => {
    expect(() => new NumpyRandomState(-1)).toThrow(/between 0 and 2\*\*32 - 1/);
  });
});
