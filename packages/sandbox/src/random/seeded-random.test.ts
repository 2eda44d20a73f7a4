import { describe, expect, it } from "vitest";
import { createSeededRandom } from "./seeded-random.js";

describe("createSeededRandom", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom("7");
    const c = createSeededRandom(8);
    const seqA = Array.from({ length: 20 }, () => a.next());
    const seqB = Array.from({ length: 20 }, () => b.next());
    const seqC = Array.from({ length: 20 }, () => c.next());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it("forks streams that do not depend on draws made from the parent", () => {
    const a = createSeededRandom(1);
    const b = createSeededRandom(1);
    b.next();
    b.next();
    expect(a.fork("x").int(0, 1_000_000)).toBe(b.fork("x").int(0, 1_000_000));
    expect(a.fork("x").next()).not.toBe(a.fork("y").next());
  });

  it("keeps int and bigint inside their inclusive bounds and reaches both ends", () => {
    const rng = createSeededRandom("bounds");
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(1, 6);
      expect(v).toBeGreaterThanOrEqual(1);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
      const big = rng.bigint(-5n, 5n);
      expect(big >= -5n && big <= 5n).toBe(true);
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("honours weights roughly", () => {
    const rng = createSeededRandom("w");
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ["a", 9],
          ["b", 1],
        ] as const) === "a"
      )
        heavy++;
    expect(heavy).toBeGreaterThan(8700);
    expect(heavy).toBeLessThan(9300);
  });

  it("rejects empty picks and inverted ranges", () => {
    const rng = createSeededRandom(0);
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(() => rng.int(3, 1)).toThrow(RangeError);
  });
});
