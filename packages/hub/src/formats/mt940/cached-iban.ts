/**
 * IBAN validation for counterparty accounts, remembered: a statement names the same few counterparties over and
 * over, and checking an IBAN (normalising, mod 97) costs more than reading the rest of its entry.
 *
 * @module
 */
import { type Iban, tryIban } from "../../core/index.js";

const SEEN = new Map<string, Iban | null>();

/** {@link tryIban}, remembered for the last few thousand distinct texts. */
export function cachedIban(text: string): Iban | undefined {
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
