/**
 * German banks (Deutsche Kreditwirtschaft MT940): the three-digit code before the `:86:` subfields is the DK
 * "Geschäftsvorfallcode", which German camt carries as the proprietary code `NTRF+166` issued by `DK`; reading it
 * the same way lets the store recognise an MT940 entry and its camt twin.
 *
 * @module
 */
import type { BankProfile } from "../bank-profile.js";
import { genericProfile } from "./generic-profile.js";

/** German accounts: `BLZ/account` in `:25:`, a `DE` IBAN, or a German BIC in the envelope. */
export const dkProfile: BankProfile = {
  ...genericProfile,
  id: "dk",
  country: "DE",
  domesticCodeIssuer: "DK",
  matches: ({ accountField, envelopeAddress }) =>
    /^\s*\d{8}\//.test(accountField) || /^\s*DE\d{2}/.test(accountField) || envelopeAddress?.slice(4, 6) === "DE",
};
