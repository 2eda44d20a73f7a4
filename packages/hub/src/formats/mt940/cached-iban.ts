/**
 * IBAN validation for counterparty accounts, remembered: a statement names the same few counterparties over and
 * over, and checking an IBAN (normalising, mod 97) costs more than reading the rest of its entry.
 *
 * @module
 */
import { type Iban, tryIban } from "../../core/index.js";

const SEEN = new Map<string, Iban | null>();

/**
 * In front of the map, the texts met last, direct-mapped by their length and a few characters: a hit costs one
 * comparison, where the map hashes every new text (each entry's account is a new string).
 */
const RECENT = 256;
const recentText: string[] = new Array<string>(RECENT).fill("");
const recentIban: (Iban | null)[] = new Array<Iban | null>(RECENT).fill(null);

/** {@link tryIban}, remembered for the last few thousand distinct texts. */
export function cachedIban(text: string): Iban | undefined {
  const n = text.length;
  const slot =
    n === 0
      ? 0
      : (n * 7 + text.charCodeAt(n - 1) * 31 + text.charCodeAt(n - 2) * 17 + text.charCodeAt(n >> 1) * 5 + text.charCodeAt(3)) &
        (RECENT - 1);
  if (recentText[slot] === text) return recentIban[slot] ?? undefined;
  const iban = lookUp(text);
  recentText[slot] = text;
  recentIban[slot] = iban ?? null;
  return iban;
}

function lookUp(text: string): Iban | undefined {
  const hit = SEEN.get(text);
  if (hit !== undefined) return hit ?? undefined;
  const iban = tryIban(text);
  if (SEEN.size >= 4096) SEEN.clear();
  SEEN.set(text, iban ?? null);
  return iban;
}

/** How a counterparty account is written: a valid IBAN, digits (a domestic number) or something else. */
export function accountSchemeOf(account: string): "iban" | "bban" | "other" {
  if (cachedIban(account) === account) return "iban";
  return /^[0-9][0-9 .-]*$/.test(account) ? "bban" : "other";
}
