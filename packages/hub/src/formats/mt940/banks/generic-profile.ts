/**
 * The profile every other one starts from: standard SWIFT fields, and `:86:` read in whichever dialect its
 * text is written in (German subfields, Dutch tags, or free text).
 *
 * @module
 */
import { parseAccountField } from "../account-field.js";
import type { BankProfile } from "../bank-profile.js";
import { hasDutchTags, parseDutchDetails } from "../dutch-details.js";
import { addBankData, addRemittance } from "../entry-details.js";
import { parseGermanDetails, subfieldSeparator } from "../german-details.js";
import { interned } from "../interned.js";
import { readSupplementaryDetails } from "../supplementary-details.js";

/** Whether a `:86:` (its first line) is in a structured dialect: German-style subfields (`?`, `>`, `~`, `<`) or Dutch tags. */
export function isStructured(first: string): boolean {
  return subfieldSeparator(first) !== undefined || hasDutchTags(first);
}

/**
 * The start of a `:86:` that says its dialect: its first line, or, when that holds only the three-digit transaction
 * code (`:86:020` with `~00…` on the next line), the first two lines joined as the subfield reader joins them.
 */
export function detailsHead(lines: readonly string[]): string {
  const first = lines[0] ?? "";
  if (lines.length < 2 || !isCodeOnly(first)) return first;
  return first.trim() + (lines[1] as string);
}

/** Blanks around a lone transaction code: spaces, tabs, and the no-break space that IBM 852 reads 0xFF padding as. */
function isCodeBlank(c: number): boolean {
  return c <= 32 || c === 0xa0;
}

/** Whether `line` is a three-digit code with nothing but blanks around it (checked by hand: once per entry). */
export function isCodeOnly(line: string): boolean {
  let i = 0;
  while (i < line.length && isCodeBlank(line.charCodeAt(i))) i++;
  for (const end = i + 3; i < end; i++) {
    const c = line.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) return false;
  }
  while (i < line.length && isCodeBlank(line.charCodeAt(i))) i++;
  return i === line.length;
}

/** Standard MT940 with `:86:` dialects detected from the text. */
export const genericProfile: BankProfile = {
  id: "generic",
  matches: () => true,
  parseAccount: parseAccountField,
  readStatementLine(line, details) {
    if (line.customerReference !== undefined) details.lineReference = interned(line.customerReference);
    if (line.supplementaryDetails !== undefined) readSupplementaryDetails(line.supplementaryDetails, details);
  },
  parse86(lines, details) {
    const first = lines[0] ?? "";
    const separator = subfieldSeparator(detailsHead(lines));
    if (separator !== undefined) parseGermanDetails(lines, details, separator);
    else if (hasDutchTags(first)) parseDutchDetails(lines, details);
    // Free text: each line is a line of remittance (banks pad lines to 65 characters; the padding goes).
    else for (const line of lines) addRemittance(details, line);
  },
  readNonSwift(values, details) {
    for (const { code, value } of values) addBankData(details, `NS${code}`, value);
  },
  readStatementInfo: () => undefined,
};
