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

/** The first profile in {@link BANK_PROFILES} that matches the statement. */
export function selectBankProfile(hints: StatementHints, profiles: readonly BankProfile[] = BANK_PROFILES): BankProfile {
  for (const p of profiles) if (p.matches(hints)) return p;
  return genericProfile;
}
