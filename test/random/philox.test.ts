import { describe, expect, it } from "vitest";
import { mulhi32, philoxBlock, RandomStream } from "../../src/random/philox.js";

const hex = (a: Uint32Array): string => Array.from(a, (v) => v.toString(16).padStart(8, "0")).join(" ");

describe("Philox4x32-10", () => {
  it("mulhi32 equals the high word of the exact 64-bit product", () => {
    const stream = new RandomStream([7, 9]);
    for (let i = 0; i < 10_000; i++) {
      const a = stream.nextUint32();
      const b = stream.nextUint32();
      expect(BigInt(mulhi32(a, b))).toBe((BigInt(a) * BigInt(b)) >> 32n);
    }
    expect(mulhi32(0xffffffff, 0xffffffff)).toBe(0xfffffffe);
  });

  it("matches the Random123 known-answer vectors", () => {
    const out = new Uint32Array(4);
    philoxBlock(0, 0, 0, 0, 0, 0, out);
    expect(hex(out)).toBe("6627e8d5 e169c58d bc57ac4c 9b00dbd8");
    philoxBlock(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
    expect(hex(out)).toBe("408f276d 41c83b0e a20bc7c6 6d5451fd");
    philoxBlock(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    expect(hex(out)).toBe("d16cfe09 94fdcceb 5001e420 24126ea1");
  });
});
