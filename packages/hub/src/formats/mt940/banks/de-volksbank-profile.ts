/**
 * de Volksbank (ASN Bank, SNS, RegioBank). The `:61:` customer reference is the counterparty's account and the
 * supplementary details its name; the `:86:` repeats both on its first line, then the purpose in 65-character
 * lines padded with spaces (a full line without padding continues on the next).
 *
 * @module
 */

import type { BankProfile } from "../bank-profile.js";
import { cachedIban } from "../cached-iban.js";
import { addRemittance, keepLineParty, setParty } from "../entry-details.js";
import { detailsHead, genericProfile, isStructured } from "./generic-profile.js";

const BICS = ["ASNBNL21", "SNSBNL2A", "RBRBNL21"];
/** A `:61:` reference that can be the counterparty's account: an IBAN (maybe cut to 16 characters) or a number. */
const ACCOUNT_LIKE = /^(?:[A-Z]{2}\d{2}[A-Z0-9]{4,}|\d{6,})$/;

/**
 * The `:61:` supplementary details hold 34 characters: a name that fills them (less one blank the cut may have ended
 * on, which the reader trims) may have been cut, and the `:86:` then writes it whole.
 */
const CUT_NAME = 33;

/** Lower case with runs of white space as one space, for comparing the `:61:` and `:86:` texts. */
function loose(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/**
 * The name on the `:86:` first line after `reference` when it is the `:61:` name, or that name cut to the `:61:`
 * field's width and continued; else `undefined` (the line says something else: remittance).
 */
function repeatedName(first: string, reference: string, name: string): string | undefined {
  const f = loose(first);
  const head = `${loose(reference)} ${loose(name)}`;
  if (f === head) return name;
  if (name.length < CUT_NAME || !f.startsWith(head)) return undefined;
  return first.trim().slice(reference.length).trim();
}

/** ASN Bank, SNS and RegioBank. */
export const deVolksbankProfile: BankProfile = {
  ...genericProfile,
  id: "de-volksbank",
  country: "NL",
  matches: ({ envelopeAddress, accountField }) =>
    BICS.some((b) => envelopeAddress?.startsWith(b) === true) || /^\s*NL\d{2}(ASNB|SNSB|RBRB)/.test(accountField),
  readStatementLine(line, details) {
    const reference = line.customerReference;
    if (reference === undefined || !ACCOUNT_LIKE.test(reference)) {
      // A reference that cannot be an account (`NONREF`, `INV-2024-001`) is one, as in other banks' files.
      genericProfile.readStatementLine(line, details);
      return;
    }
    details.lineReference = reference;
    const iban = cachedIban(reference);
    setParty(details, "account", iban ?? reference);
    setParty(details, "accountScheme", iban !== undefined ? "iban" : /^\d+$/.test(reference) ? "bban" : "other");
    if (line.supplementaryDetails !== undefined) setParty(details, "name", line.supplementaryDetails);
  },
  parse86(lines, details) {
    // Structured :86: (German subfields, Dutch tags) is read the standard way, and names the counterparty itself:
    // the :61: reference is then the customer's reference, the supplementary details the booking text.
    if (isStructured(detailsHead(lines))) {
      const fromLine = details.counterparty;
      details.counterparty = undefined;
      // Held where the Dutch tags see it: a lone /ORDP/ or /BENM/ block beside the :61: party is then settled by
      // direction, not taken for the counterparty (on the holder's side it named the holder, with the holder's IBAN).
      if (fromLine !== undefined) details.parties = { line: fromLine };
      genericProfile.parse86(lines, details);
      // Party blocks the direction settles (both named, or one beside a counterparty the :86: or :61: named): with the
      // entry.
      if (details.parties?.ordering === undefined && details.parties?.beneficiary === undefined) {
        details.parties = undefined;
        keepLineParty(details, fromLine);
      }
      return;
    }
    const first = (lines[0] ?? "").trim();
    const reference = details.lineReference;
    const name = details.supplementaryDetails;
    const repeated =
      details.counterparty === undefined && reference !== undefined && name !== undefined
        ? repeatedName(first, reference, name)
        : undefined;
    if (repeated !== undefined && reference !== undefined) {
      // A reference of another shape (`12345`, `P1234567`) is the counterparty's account all the same when the :86:
      // repeats it with the name as its first line, as the bank does: the reference, then the supplementary details
      // (in any case). Nothing more on the line, unless the :61: name was cut: a line that goes on is remittance
      // that starts with the same words.
      setParty(details, "account", reference);
      setParty(details, "accountScheme", /^\d+$/.test(reference) ? "bban" : "other");
      setParty(details, "name", repeated);
      details.supplementaryDetails = undefined;
    }
    const party = details.counterparty;
    // The name the :61: line gave may be cut: the :86: repeats it whole. Only a name that fills the field can be cut:
    // a shorter one is not compared (three regular expressions per entry of every de Volksbank file).
    if (party?.account !== undefined && party.name !== undefined && party.name.length >= CUT_NAME && repeated === undefined) {
      const whole = repeatedName(first, party.account, party.name);
      if (whole !== undefined) party.name = whole;
    }
    // The first line repeats the counterparty ("NL47INGB9999999999 hr gjlm paulissen"): not remittance.
    const repeats = party?.account !== undefined && first.startsWith(party.account);
    // Lines are padded to 65 characters; a full line without padding was cut mid-text and continues.
    let text = "";
    for (let i = repeats ? 1 : 0; i < lines.length; i++) {
      const line = lines[i] ?? "";
      text += line;
      if (line.length >= 65 && !line.endsWith(" ")) continue;
      addRemittance(details, text);
      text = "";
    }
    addRemittance(details, text);
  },
};
