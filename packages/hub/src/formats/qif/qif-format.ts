/**
 * QIF (Quicken Interchange Format) as a BankBridge format: the export of Quicken, GnuCash, MS Money and many
 * banks' "download for Quicken" buttons. See `parse-qif.ts` for what is read.
 *
 * @module
 */
import type { StatementFormat } from "../format.js";
import { parseQif } from "./parse-qif.js";
import { tokenizeQifDate } from "./qif-dates.js";

/**
 * Whether `head` starts with a QIF transaction record: a `D` line with a date the parser reads, then field lines (a
 * letter and a value, one a `T` or `U` amount with digits) up to a `^` line.
 */
function headerlessRecords(head: string): boolean {
  const lines = head.split(/\r\n|\r|\n/, 40);
  // Any date the parser reads, in every form it reads (`12/31/19100`, `12312023`, `123124`, `28 Feb 2009`), with the
  // text bank web exports glue after it (`D03/25/099Share Withdrawal`): the file is read as with a !Type: header.
  // Or digits laid out as a date that is none (`1/1/199`): the parser says what is wrong with it.
  const first = lines[0] ?? "";
  if (first.charCodeAt(0) !== 68 /* D */) return false;
  if (!/^D\s*\d{1,4}[./'\- ]\s*\d{1,2}[./'\- ]\s*\d{1,5}\s*$/.test(first) && tokenizeQifDate(first.slice(1)).kind === "invalid")
    return false;
  let amount = false;
  for (const line of lines.slice(1)) {
    if (line.trim() === "^") return amount;
    if (!/^[A-Z$%]/.test(line)) return false;
    if (/^[TU][-+]?[\d.,' ]*\d/.test(line)) amount = true;
  }
  return false;
}

/**
 * The QIF format (`qif`). Recognised by a `!Type:`, `!Account` or `!Option:` header at the start (or `!type bank`).
 *
 * @example
 * const registry = createFormatRegistry([qifFormat]);
 * const { statements, issues } = registry.parse(bytes, { filename: "checking.qif" });
 * // issues include QIF_DATE_ORDER_AMBIGUOUS when every date fits both D/M/Y and M/D/Y
 */
export const qifFormat: StatementFormat = {
  id: "qif",
  description: "QIF (Quicken Interchange Format): bank, credit-card and cash accounts",
  sniff({ text, filename }) {
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c !== 0xfeff && c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
    const head = text.slice(i, i + 16).toLowerCase();
    if (head.startsWith("!type:") || head.startsWith("!account") || head.startsWith("!option:") || head.startsWith("!clear:")) return 0.95;
    // `!type bank`, a space for the colon (some French banks).
    if (/^!type\s+(bank|cash|ccard|oth [al])\b/.test(head)) return 0.9;
    const named = filename !== undefined && /\.qif$/i.test(filename);
    if (head.startsWith("!")) return named ? 0.6 : 0;
    // No header at all (the parser reads such records as a bank account, QIF_TYPE_MISSING): records of one-letter
    // fields, the first a date, ended by `^`. A file named .qif is taken on less.
    return headerlessRecords(text.slice(i, i + 2048)) ? (named ? 0.7 : 0.55) : 0;
  },
  parse: parseQif,
};
