/**
 * BAI2 (BAI Cash Management Balance Reporting Specifications, version 2) as a BankBridge format: the
 * balance and transaction report US banks send. See `bai2-machine.ts` for what is read and checked.
 *
 * @module
 */
import type { StatementFormat } from "../format.js";
import { blockedLength, runTogetherAt } from "./bai2-record-reader.js";
import { parseBai2 } from "./parse-bai2.js";
import { BAI2_TOTALS, parseBai2StreamBatches } from "./parse-bai2-stream.js";

/** How far into the document sniffing looks for the group header after the file header. */
const SNIFF_LINES = 4096;

function startsWithFileHeader(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0xfeff && c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return text.startsWith("01,", i) ? i : -1;
}

/** A field of a file trailer: a count or control total, maybe signed, maybe blank, with blanks around. */
function isTrailerField(text: string): boolean {
  const t = text.trim();
  let i = t.charCodeAt(0) === 43 || t.charCodeAt(0) === 45 ? 1 : 0;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Whether `head` has a line with a BAI2 file trailer's shape: `99,` then fields of digits (a sign, blanks, blank
 * fields), ended by the `/` delimiter, or else the trailer's three fields all written. A CSV row numbered 99
 * (`99,2024-01-02,Refund,3.50`) is not one: a lone `99,` at a line start is no evidence of BAI2.
 */
function hasFileTrailer(head: string): boolean {
  for (let at = head.indexOf("99,", 1); at >= 0; at = head.indexOf("99,", at + 3)) {
    const before = head.charCodeAt(at - 1);
    if (before !== 10 && before !== 13) continue;
    let end = at + 3;
    while (end < head.length && head.charCodeAt(end) !== 10 && head.charCodeAt(end) !== 13) end++;
    let body = head.slice(at + 3, end).trimEnd();
    const delimited = body.endsWith("/");
    if (delimited) body = body.slice(0, -1);
    const fields = body.split(",");
    if (!fields.every(isTrailerField)) continue;
    if (delimited || (fields.length === 3 && fields.every((f) => f.trim() !== ""))) return true;
  }
  return false;
}

/**
 * The BAI2 format (`bai2`). Recognised by a file header record (`01,`) at the start followed by a group
 * header (`02,`) or a file trailer (`99,` with numeric fields) on a later line; a `.bai`/`.bai2` file name makes a lone file header enough.
 *
 * @example
 * const registry = createFormatRegistry([bai2Format]);
 * const { statements, issues } = registry.parse(bytes); // one statement per 03 account
 */
export const bai2Format: StatementFormat = {
  id: "bai2",
  description: "BAI2 cash management balance report (01/02/03/16/88/49/98/99 records), one statement per account",
  sniff({ text, filename }) {
    const start = startsWithFileHeader(text);
    if (start < 0) return 0;
    const head = text.slice(start, start + SNIFF_LINES * 20);
    // A blocked file has no line ends: its group header starts at the record length its file header declares; in a
    // file of records run together, right after its file header's `/`. A file with nothing to report may have no
    // group: its file trailer, of BAI2's shape, follows the header.
    const hasGroup =
      head.includes("\n02,") ||
      head.includes("\r02,") ||
      blockedLength(text, start) > 0 ||
      runTogetherAt(text, start) ||
      hasFileTrailer(head);
    const named = filename !== undefined && /\.bai2?$/i.test(filename);
    if (hasGroup) return named ? 0.95 : 0.9;
    return named ? 0.8 : 0.4;
  },
  parse: parseBai2,
  stream: parseBai2StreamBatches,
  totals: BAI2_TOTALS,
};
