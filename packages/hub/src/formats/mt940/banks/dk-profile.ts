/**
 * German banks (Deutsche Kreditwirtschaft MT940): the three-digit code before the `:86:` subfields is the DK
 * "Geschäftsvorfallcode", which German camt carries as the proprietary code `NTRF+166` issued by `DK`; reading it
 * the same way lets the store recognise an MT940 entry and its camt twin.
 *
 * @module
 */
import type { BankProfile } from "../bank-profile.js";
import { addRemittance, type EntryDetails } from "../entry-details.js";
import { detailsHead, genericProfile, isCodeOnly, isStructured } from "./generic-profile.js";

/** The DK code of an unstructured `:86:`. */
const UNSTRUCTURED = "999";

/**
 * Whether a `:86:` text starts with the code 999, which German readers take for an unstructured field's code, not
 * text (a writer keeps such text apart). Three character reads: it runs for every entry of a German statement.
 */
export function startsWithUnstructuredCode(first: string): boolean {
  return first.charCodeAt(0) === 57 && first.charCodeAt(1) === 57 && first.charCodeAt(2) === 57;
}

/**
 * An unstructured `:86:` (DK Anlage 3: the code 999, then up to 387 characters of free text): true when `lines` is
 * one, read into `details` with 999 as its code; false for any other `:86:`.
 */
function readUnstructured(lines: readonly string[], details: EntryDetails): boolean {
  const first = lines[0] ?? "";
  if (!startsWithUnstructuredCode(first)) return false;
  // `999?00…` is the code 999 with subfields, which the generic reader takes as such.
  if (isStructured(detailsHead(lines))) return false;
  details.domesticCode = UNSTRUCTURED;
  addRemittance(details, first.slice(3));
  for (let i = 1; i < lines.length; i++) addRemittance(details, lines[i] as string);
  return true;
}

/** German accounts: `BLZ/account` in `:25:`, a `DE` IBAN, or a German BIC in the envelope. */
export const dkProfile: BankProfile = {
  ...genericProfile,
  id: "dk",
  country: "DE",
  domesticCodeIssuer: "DK",
  matches: ({ accountField, envelopeAddress }) =>
    /^\s*\d{8}\//.test(accountField) || /^\s*DE\d{2}/.test(accountField) || envelopeAddress?.slice(4, 6) === "DE",
  parse86(lines, details) {
    // The code alone (`:86:835`): subfields are optional, the code is not; it is no remittance text.
    if (lines.length === 1 && isCodeOnly(lines[0] as string)) {
      details.domesticCode = (lines[0] as string).trim();
      return;
    }
    if (!readUnstructured(lines, details)) genericProfile.parse86(lines, details);
  },
};
