/**
 * Rabobank. The older format writes the counterparty's account as the `:61:` customer reference (16
 * characters, padded) and the counterparty's name after it on the same line; the IBAN format puts the
 * counterparty's account in the supplementary details. The file starts with a `:940:` line, the account
 * number is grouped with dots (`1291.99.348EUR`) and one entry may have several `:86:` fields.
 *
 * @module
 */

import type { BankProfile } from "../bank-profile.js";
import { cachedIban } from "../cached-iban.js";
import { setParty } from "../entry-details.js";
import { readSupplementaryDetails } from "../supplementary-details.js";
import { genericProfile } from "./generic-profile.js";

/** Rabobank (RABONL2U). */
export const rabobankProfile: BankProfile = {
  ...genericProfile,
  id: "rabobank",
  country: "NL",
  matches: ({ headerLines, envelopeAddress, accountField }) =>
    headerLines.some((l) => l.trim() === ":940:") ||
    envelopeAddress?.startsWith("RABONL2U") === true ||
    /^\s*\d{4}\.\d{2}\.\d{3}/.test(accountField) ||
    /^\s*NL\d{2}RABO/.test(accountField),
  readStatementLine(line, details) {
    const raw = line.customerReferenceRaw;
    const reference = raw.slice(0, 16).trim();
    const name = raw.slice(16).trim();
    if (reference !== "") details.lineReference = reference;
    if (name !== "") {
      setParty(details, "name", name);
      if (reference !== "NONREF") {
        setParty(details, "account", reference);
        setParty(details, "accountScheme", /^\d+$/.test(reference) ? "bban" : "other");
      }
    }
    const extra = line.supplementaryDetails;
    if (extra !== undefined && /^[A-Z0-9]{6,34}$/.test(extra)) {
      // The IBAN format: the counterparty's account (`NL70ABNA0987654321`, Postbank `P001234567`).
      const iban = cachedIban(extra);
      setParty(details, "account", iban ?? extra);
      setParty(details, "accountScheme", iban !== undefined ? "iban" : "other");
    } else if (extra !== undefined) readSupplementaryDetails(extra, details);
  },
};
