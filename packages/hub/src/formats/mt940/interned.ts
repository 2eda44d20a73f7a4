/**
 * Interning for the texts a statement repeats on entry after entry — booking texts, counterparty names, BICs,
 * prima notas, `NONREF` — so a parsed document holds each once instead of once per entry: held strings are what
 * the garbage collector copies while a large document is read. Only while the entries are kept
 * ({@link keepEntries}): a stream's entries are handed on, and there pooling would only cost time.
 *
 * @module
 */
import { keepEntries } from "./keep-entries.js";

/** Slots of the pool: a small direct-mapped table, no hashing of whole strings as a Map would do. */
const SLOTS = 1024;
const POOL: string[] = new Array<string>(SLOTS).fill("");
/** Longer texts are seldom repeated (references, remittance) and are not pooled. */
const MAX_POOLED_LENGTH = 40;

/**
 * The pooled instance of `text` when an equal text was seen recently, else `text` itself (which takes the slot).
 * The slot is chosen from the length and three characters, so equal texts always meet in the same slot.
 */
export function interned(text: string): string {
  const n = text.length;
  if (n === 0 || n > MAX_POOLED_LENGTH || !keepEntries()) return text;
  const slot = (n * 31 + text.charCodeAt(0) * 17 + text.charCodeAt(n >> 1) * 7 + text.charCodeAt(n - 1)) & (SLOTS - 1);
  const pooled = POOL[slot] as string;
  if (pooled === text) return pooled;
  POOL[slot] = text;
  return text;
}
