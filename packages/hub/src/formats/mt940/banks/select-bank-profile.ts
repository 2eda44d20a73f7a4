/**
 * The bank profiles, most specific first, and the choice among them.
 *
 * @module
 */
import type { BankProfile, StatementHints } from "../bank-profile.js";
import { abnAmroProfile } from "./abn-amro-profile.js";
import { deVolksbankProfile } from "./de-volksbank-profile.js";
import { dkProfile } from "./dk-profile.js";
import { genericProfile } from "./generic-profile.js";
import { ingProfile } from "./ing-profile.js";
import { rabobankProfile } from "./rabobank-profile.js";
import { triodosProfile } from "./triodos-profile.js";

/** Every bank profile, in the order they are tried; {@link genericProfile} last matches everything. */
export const BANK_PROFILES: readonly BankProfile[] = [
  abnAmroProfile,
  ingProfile,
  rabobankProfile,
  deVolksbankProfile,
  triodosProfile,
  dkProfile,
  genericProfile,
];

const IBAN_COUNTRY = /^\s*([A-Z]{2})\d{2}[A-Z0-9]/;

/**
 * The profile for a statement. Its own `:25:` and envelope come first: the first profile in `profiles` that they
 * match. Only then the header lines, which a file states once at its start and which may belong to an earlier
 * statement (files of two banks put together): a profile they match is not used for an account that is another
 * country's IBAN. Else {@link genericProfile}.
 */
export function selectBankProfile(hints: StatementHints, profiles: readonly BankProfile[] = BANK_PROFILES): BankProfile {
  const own: StatementHints = { headerLines: [], accountField: hints.accountField, envelopeAddress: hints.envelopeAddress };
  for (const p of profiles) if (p !== genericProfile && p.matches(own)) return p;
  if (hints.headerLines.length === 0) return genericProfile;
  const country = IBAN_COUNTRY.exec(hints.accountField)?.[1];
  for (const p of profiles) {
    if (p === genericProfile || (country !== undefined && p.country !== undefined && p.country !== country)) continue;
    if (p.matches(hints)) return p;
  }
  return genericProfile;
}
