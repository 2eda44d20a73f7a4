/**
 * Values written in a form OFX does not use, which the reader reads all the same: each kind counted into one warning
 * per document (`OfxIssues.tally`), as a bank that writes one value so writes them all. Only values that are kept
 * are counted: a statement's are held until it is read (`OfxTallies`), and `at` (the value's place among the
 * document's values) lets the warning name the first in the file, though statement values are noted at its end.
 *
 * @module
 */
import type { OfxTally } from "./ofx-issues.js";
import type { OfxDate } from "./ofx-values.js";
import { ofxSignUnusual } from "./ofx-values.js";

/** How much of a value is quoted in a message. */
const QUOTED = 40;

/**
 * Counts the amount `written` (read, by `parseOfxAmount`) when its sign is written apart from the digits or as a
 * typographic minus or en dash (`- 5.00`, `−5.00`): `OFX_AMOUNT_SIGN_UNUSUAL`. `what` names it in the message
 * (`TRNAMT`, `ledger balance (LEDGERBAL)`), `path` locates it, `at` is its place in the document.
 */
export function noteAmountSign(tally: OfxTally, written: string, what: string, path: string, at: number): void {
  if (!ofxSignUnusual(written)) return;
  const quoted = written.slice(0, QUOTED);
  tally.tally("OFX_AMOUNT_SIGN_UNUSUAL", at, (count) => ({
    message: `${count === 1 ? "an amount writes its" : `${count} amounts write their`} sign apart from the digits or as a typographic minus or dash (the first: ${what} "${quoted}"), where OFX writes "-" right before the digits; ${count === 1 ? "it was" : "they were"} read with that sign`,
    path,
    details: { count, written: quoted },
  }));
}

/**
 * Counts the date `written` of `element` (`DTPOSTED`…) when it was read as ISO 8601 (`2024-01-05T12:30:00+01:00`):
 * `OFX_DATE_ISO`. `date` is what `parseOfxDate` made of it; `path` locates it, `at` is its place in the document.
 */
export function noteIsoDate(tally: OfxTally, date: OfxDate, written: string, element: string, path: string, at: number): void {
  if (date.kind !== "date" || date.iso !== true) return;
  const quoted = written.slice(0, QUOTED);
  tally.tally("OFX_DATE_ISO", at, (count) => ({
    message: `${count === 1 ? "a date is" : `${count} dates are`} written the ISO 8601 way (the first: ${element} "${quoted}"), where OFX writes 20240131101500[-5:EST]; ${count === 1 ? "it was" : "they were"} read as written, with the offset ${count === 1 ? "it states" : "they state"}`,
    path,
    details: { count, written: quoted },
  }));
}
