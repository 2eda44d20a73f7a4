/**
 * A seeded pseudo-random source. The sandbox must give byte-identical ground truth for the same seed, so
 * nothing in it may call `Math.random()`; everything random comes from here. Streams are forked by label
 * (`rng.fork("day:2026-03-02")`) so that adding a draw in one place does not shift every later draw elsewhere.
 *
 * The generator is sfc32 (small fast chaotic, 128-bit state) seeded through a 32-bit string hash (cyrb128);
 * neither is cryptographic, which is right: the sandbox wants repeatable data, not secrets.
 *
 * @module
 */

/** A deterministic random source. */
export interface SeededRandom {
  /** The seed text this stream was created from (the root seed plus fork labels). */
  readonly seed: string;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A bigint in [min, max], both inclusive (for amounts in minor units). */
  bigint(min: bigint, max: bigint): bigint;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element chosen by relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A string of `length` decimal digits (leading zeros allowed). */
  digits(length: number): string;
  /** A normally distributed value (Box–Muller) with the given mean and standard deviation. */
  normal(mean: number, sd: number): number;
  /** An independent stream derived from this one's seed and `label`; the same label always gives the same stream. */
  fork(label: string): SeededRandom;
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A random source for `seed`. Equal seeds give equal sequences on every platform.
 *
 * @example const rng = createSeededRandom("42"); rng.int(1, 6);
 */
export function createSeededRandom(seed: string | number): SeededRandom {
  const seedText = String(seed);
  let [a, b, c, d] = cyrb128(seedText);
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // sfc32 wants a few rounds before its output is well mixed.
  for (let i = 0; i < 15; i++) nextUint32();
  const next = (): number => nextUint32() / 4294967296;
  const rng: SeededRandom = {
    seed: seedText,
    next,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new RangeError(`bad range ${min}..${max}`);
      return min + Math.floor(next() * (max - min + 1));
    },
    bigint(min, max) {
      if (max < min) throw new RangeError(`bad range ${min}..${max}`);
      const span = max - min + 1n;
      // 64 random bits, reduced; the modulo bias is below 2^-40 for the spans the sandbox uses.
      const r = (BigInt(nextUint32()) << 32n) | BigInt(nextUint32());
      return min + (r % span);
    },
    chance(p) {
      return next() < p;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError("pick from an empty list");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(items) {
      let total = 0;
      for (const [, w] of items) total += w;
      if (!(total > 0)) throw new RangeError("weights must add up to more than zero");
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return (items[items.length - 1] as readonly [(typeof items)[number][0], number])[0];
    },
    digits(length) {
      let s = "";
      for (let i = 0; i < length; i++) s += String(Math.floor(next() * 10));
      return s;
    },
    normal(mean, sd) {
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork(label) {
      return createSeededRandom(`${seedText}/${label}`);
    },
  };
  return rng;
}
