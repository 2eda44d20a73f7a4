/**
 * Composes a German structured `:86:` (DK subfields with SEPA keywords) for the MT940 writer: the form German
 * ERPs and aqbanking read, and the one our parser reads back to the same facts.
 *
 * @module
 */
import { SEPA_KEYWORDS } from "./sepa-purpose.js";
import { sliceChars } from "./swift-text.js";
import type { WriteReport } from "./write-report.js";

/** What goes into the subfields. Text is on one line already. */
export interface GermanDetailsInput {
  /** DK transaction code (GVC), three digits. */
  readonly domesticCode?: string;
  readonly description?: string;
  readonly primaNota?: string;
  readonly endToEndId?: string;
  /** Written as KREF+, the customer's reference, which DK's mapping fills with a SEPA batch's `PmtInfId`. */
  readonly paymentInformationId?: string;
  readonly mandateId?: string;
  readonly creditorId?: string;
  readonly purpose?: string;
  readonly remittance?: string;
  /** The counterparty's ultimate party and which keyword names it (ABWA for money in, ABWE for money out). */
  readonly ultimate?: { readonly keyword: "ABWA" | "ABWE"; readonly name: string };
  readonly bankId?: string;
  readonly account?: string;
  readonly name?: string;
  readonly textKeyExtension?: string;
}

/** Characters per subfield (DK). */
const SUBFIELD = 27;
/** Purpose subfields, in the order they are filled. */
const PURPOSE_CODES = ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "60", "61", "62", "63"];

/** `?` separates subfields: one inside a value would split it. */
function clean(value: string, what: string, report: WriteReport, path: string): string {
  if (value.indexOf("?") < 0) return value;
  report.note("writeTextChanged", `"?" in ${what} written as "." (it separates :86: subfields)`, path);
  return value.replaceAll("?", ".");
}

/**
 * A keyword and its `+` anywhere in a value: the reader finds keywords in the purpose joined without separators, at the
 * start of a word or of a subfield, and the subfields cut the text inside words.
 */
const KEYWORD_IN_VALUE = new RegExp(`(${SEPA_KEYWORDS.join("|")})\\+`, "g");

/**
 * A value of the purpose with a space between each keyword in it and its `+` (`KREF +OTHER`): read as written, the
 * keyword ended the value and the text after it became that keyword's (bank data `KREF`), so remittance was lost.
 */
function apart(value: string, what: string, report: WriteReport, path: string): string {
  KEYWORD_IN_VALUE.lastIndex = 0;
  if (!KEYWORD_IN_VALUE.test(value)) return value;
  report.note(
    "writeTextChanged",
    `SEPA keywords (EREF+, KREF+…) inside ${what} written with a space before the "+" (a reader would take the text after them for the keyword's value)`,
    path,
  );
  return value.replace(KEYWORD_IN_VALUE, "$1 +");
}

function limit(value: string, max: number, what: string, report: WriteReport, path: string): string {
  if (value.length <= max) return value;
  report.note("writeTruncated", `${what} longer than ${max} characters cut`, path);
  return sliceChars(value, 0, max);
}

/**
 * The `:86:` text (not yet wrapped into lines): `[GVC]?00…?10…?20EREF+…?21…?30…?31…?32…?33…?34…`. Every keyword
 * starts its own subfield and runs on over the next ones; values longer than SEPA allows are cut (with a note).
 */
export function writeGermanDetails(input: GermanDetailsInput, report: WriteReport, path: string): string {
  let out = input.domesticCode ?? "";
  const sub = (code: string, value: string | undefined, what: string, max: number) => {
    if (value === undefined || value === "") return;
    out += `?${code}${limit(clean(value, what, report, path), max, what, report, path)}`;
  };
  sub("00", input.description, "booking text", SUBFIELD);
  sub("10", input.primaNota, "prima nota", 10);
  const purpose: string[] = [];
  const keyword = (name: string, value: string | undefined, max: number, what: string) => {
    if (value === undefined || value === "") return;
    purpose.push(`${name}+${limit(apart(clean(value, what, report, path), what, report, path), max, what, report, path)}`);
  };
  keyword("EREF", input.endToEndId, 35, "end-to-end id");
  keyword("KREF", input.paymentInformationId, 35, "payment-information id");
  keyword("MREF", input.mandateId, 35, "mandate id");
  keyword("CRED", input.creditorId, 35, "creditor id");
  keyword("PURP", input.purpose, 4, "purpose code");
  // SEPA allows 140 characters of remittance; banks write more, and the subfields below hold it (or cut it).
  keyword("SVWZ", input.remittance, Number.POSITIVE_INFINITY, "remittance");
  if (input.ultimate !== undefined) keyword(input.ultimate.keyword, input.ultimate.name, 70, "ultimate party");
  let next = 0;
  for (const text of purpose) {
    for (let at = 0; at < text.length; ) {
      const code = PURPOSE_CODES[next++];
      if (code === undefined) {
        report.note("writeTruncated", "purpose longer than the 14 subfields ?20–?29, ?60–?63 cut", path);
        break;
      }
      const piece = sliceChars(text, at, SUBFIELD);
      out += `?${code}${piece}`;
      at += piece.length;
    }
  }
  sub("30", input.bankId, "counterparty bank", 11);
  sub("31", input.account, "counterparty account", 34);
  if (input.name !== undefined && input.name !== "") {
    const name = limit(clean(input.name, "counterparty name", report, path), 2 * SUBFIELD, "counterparty name", report, path);
    const first = sliceChars(name, 0, SUBFIELD);
    out += `?32${first}`;
    if (name.length > first.length) out += `?33${sliceChars(name, first.length, SUBFIELD)}`;
  }
  sub("34", input.textKeyExtension, "text key extension", 3);
  // The stand-in code alone would read back as remittance "000": no subfields, no field text.
  return out === "000" && input.domesticCode === "000" ? "" : out;
}
