import type { SeededRandom } from "../random/seeded-random.js";

/** Corrupts a reply the way a flaky line does: cut short, and a few bytes flipped. Deterministic under the seed. */
export function garble(bytes: Buffer, random: SeededRandom): Buffer {
  const cut = Buffer.from(bytes.subarray(0, Math.max(1, Math.floor(bytes.length * (0.4 + random.next() * 0.4)))));
  for (let i = 0; i < 3 && cut.length > 10; i++) {
    const at = random.int(Math.floor(cut.length / 4), cut.length - 1);
    cut[at] = (cut[at] ?? 0) ^ 0x5a;
  }
  return cut;
}
