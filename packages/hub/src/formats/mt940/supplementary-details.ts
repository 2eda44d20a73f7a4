/**
 * The `:61:` supplementary details (the line after the statement line): a booking text for most banks, or
 * SWIFT codes such as `/OCMT/CAD47,11/CHGS/EUR1,23/` (original amount and charges).
 *
 * @module
 */
import { toCurrencyCode } from "../../core/index.js";
import { addBankData, type EntryDetails } from "./entry-details.js";
import { parseSwiftAmount } from "./swift-amount.js";

const CODED = /\/(OCMT|CHGS)\/([A-Z]{3})([0-9]+,?[0-9]*)/g;

/**
 * Reads supplementary details into `details`: `/OCMT/` becomes the original amount and `/CHGS/` a charge, with
 * the text kept in `bankData.supplementaryDetails`; anything else is kept for the entry's description.
 */
export function readSupplementaryDetails(text: string, details: EntryDetails): void {
  if (text.indexOf("/OCMT/") < 0 && text.indexOf("/CHGS/") < 0) {
    details.supplementaryDetails = text;
    return;
  }
  addBankData(details, "supplementaryDetails", text);
  for (const m of text.matchAll(CODED)) {
    const currency = toCurrencyCode(m[2] ?? "");
    const digits = m[3] ?? "";
    const amount = currency === undefined ? undefined : parseSwiftAmount(digits, 0, digits.length, currency);
    if (amount === undefined) continue;
    if (m[1] === "OCMT") details.originalAmount ??= amount;
    else {
      const charges = details.charges ?? [];
      details.charges = charges;
      charges.push({ amount });
    }
  }
}
