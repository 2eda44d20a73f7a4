/**
 * The FITIDs of one statement, to find one used twice (OFX 3.2.1: a FITID is unique within an account).
 *
 * A statement of a streamed file can hold millions of transactions, and the streaming parser keeps one
 * transaction at a time, so the FITIDs are not kept as strings: a string cut from a chunk keeps the whole chunk
 * alive, and a Set of flat copies costs ~70 bytes a FITID (80 MB for the 1.2 million transactions of a 300 MB
 * file). Each FITID is kept as a 64-bit fingerprint and the number of its transaction, 12 bytes in one typed
 * array, in an open-addressing table at most three quarters full. The table stops growing at {@link MAX_SLOTS}
 * (1.5 MB): past {@link MAX_REMEMBERED} FITIDs, later ones are still looked up but no longer remembered. So
 * memory stays bounded whatever the file's size (a streamed 1 GB statement must stay under 150 MB in all), and
 * the table stays small enough for the processor's caches: a table of 25 MB for a 200 MB statement missed the
 * cache on every look-up and cost 12% of its streaming parse (measured 2026-11-29). A statement of up to
 * 98,304 transactions, far more than a bank statement holds, has every repeat found.
 *
 * Two different FITIDs share a fingerprint with a chance of about n²/2⁶⁵ (3·10⁻⁸ for a million transactions):
 * a false duplicate is that unlikely, and it would only be a warning.
 *
 * @module
 */

const INITIAL_SLOTS = 256;
/** Most slots of the table (128 Ki × 12 bytes = 1.5 MB), three quarters of them used. */
const MAX_SLOTS = 1 << 17;
/** FITIDs remembered per statement at most. */
const MAX_REMEMBERED = (MAX_SLOTS / 4) * 3;

/** The FITIDs seen in one statement, by 64-bit fingerprint, each with the number of its first transaction. */
export class OfxFitIds {
  /**
   * Three numbers a slot, side by side so that a look-up touches one cache line: the fingerprint's two halves
   * and the transaction number (1-based; 0 marks a free slot).
   */
  #table = new Int32Array(INITIAL_SLOTS * 3);
  #slots = INITIAL_SLOTS;
  #size = 0;
  /** The first and second halves of the last {@link fingerprint}. */
  #high = 0;
  #low = 0;
  /** Where the last {@link lookUp} that found nothing ended: the free slot for that FITID. */
  #at = 0;

  /**
   * Remembers `fitId` as the FITID of transaction `n` (1-based), or returns the number of the earlier
   * transaction with the same FITID (which stays the one remembered); 0 when it is new.
   */
  add(fitId: string, n: number): number {
    const seen = this.#lookUp(fitId);
    if (seen !== 0 || this.#size >= MAX_REMEMBERED) return seen;
    const table = this.#table;
    const at = this.#at;
    table[at] = this.#high;
    table[at + 1] = this.#low;
    table[at + 2] = n;
    if (++this.#size * 4 > this.#slots * 3 && this.#slots < MAX_SLOTS) this.#grow();
    return 0;
  }

  /**
   * The number of the transaction remembered with `fitId`, or 0 when none is (a new FITID, or one past
   * {@link MAX_REMEMBERED}). Remembers nothing.
   */
  find(fitId: string): number {
    return this.#lookUp(fitId);
  }

  /**
   * Looks `fitId` up: the number of its transaction, or 0 with {@link #at} left at the free slot where it
   * would go. Leaves its fingerprint in {@link #high} and {@link #low}.
   */
  #lookUp(fitId: string): number {
    const high = this.#fingerprint(fitId);
    const low = this.#low;
    this.#high = high;
    const table = this.#table;
    const mask = this.#slots - 1;
    let at = (high & mask) * 3;
    for (;;) {
      const seen = table[at + 2] as number;
      if (seen === 0) break;
      if (table[at] === high && table[at + 1] === low) return seen;
      at = at + 3 === table.length ? 0 : at + 3;
    }
    this.#at = at;
    return 0;
  }

  /**
   * A 64-bit hash of `text` in one pass: two multiplicative lanes, each finished by mixing in the other
   * (bryc's cyrb53, public domain, keeping both 32-bit halves). Returns the first half; the second is left in
   * {@link #low}. Near-ideal collision rates on sequential, numeric and random FITIDs, halves independent.
   */
  #fingerprint(text: string): number {
    let h1 = 0xdeadbeef ^ text.length;
    let h2 = 0x41c6ce57 ^ text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    this.#low = h2;
    return h1;
  }

  #grow(): void {
    const old = this.#table;
    const slots = this.#slots * 2;
    const table = new Int32Array(slots * 3);
    const mask = slots - 1;
    for (let i = 0; i < old.length; i += 3) {
      const n = old[i + 2] as number;
      if (n === 0) continue;
      const high = old[i] as number;
      let at = (high & mask) * 3;
      while (table[at + 2] !== 0) at = at + 3 === table.length ? 0 : at + 3;
      table[at] = high;
      table[at + 1] = old[i + 1] as number;
      table[at + 2] = n;
    }
    this.#table = table;
    this.#slots = slots;
  }
}
