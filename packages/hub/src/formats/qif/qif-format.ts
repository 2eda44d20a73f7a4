/**
 * QIF (Quicken Interchange Format) as a BankBridge format: the export of Quicken, GnuCash, MS Money and many
 * banks' "download for Quicken" buttons. See `parse-qif.ts` for what is read.
 *
 * @module
 */
import type { StatementFormat } from "../format.js";
import { parseQif } from "./parse-qif.js";

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
    return filename !== undefined && /\.qif$/i.test(filename) && head.startsWith("!") ? 0.6 : 0;
  },
  parse: parseQif,
};
