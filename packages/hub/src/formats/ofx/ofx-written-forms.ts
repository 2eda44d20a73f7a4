/**
 * Values written in a form OFX does not use, which the reader reads all the same (or all it can of them: a date's time
 * or offset that cannot be read is left out, and said): each kind counted into one warning per document
 * (`OfxIssues.tally`), as a bank that writes one value so writes them all. Only values that are kept
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

/** OFX_DATE_PART_DROPPED's message when the first date's part dropped is digits of its fraction of a second. */
function fractionMessage(count: number, element: string, quoted: string, digits: string): string {
  const first = `(the first: ${element} "${quoted}", whose digits "${digits}" past the ninth were dropped)`;
  // Counted with dates that lost a time or an offset, the message names all three.
  return count === 1
    ? `a date writes a fraction of a second longer than the nine digits a date-time keeps ${first}; the rest was kept`
    : `${count} dates write a time or an offset that cannot be read, or a fraction of a second longer than the nine digits a date-time keeps ${first}; the day, and what could be read of the time, were kept without the rest`;
}

/**
 * Counts the date `written` of `element` (`DTPOSTED`…) when it was read as ISO 8601 (`2024-01-05T12:30:00+01:00`):
 * `OFX_DATE_ISO`; or, in either form, when a time or offset it writes could not be read and was left out
 * (`2024-01-05T12:30:00+25:00`, `20240105T12`, `[-:EST]`), or digits of a fraction of a second past the nine a
 * date-time keeps: `OFX_DATE_PART_DROPPED`, and not `OFX_DATE_ISO`,
 * which says the dates it counts were read as written. `date` is what `parseOfxDate` made of it; `path` locates it,
 * `at` is its place in the document.
 */
export function noteDate(tally: OfxTally, date: OfxDate, written: string, element: string, path: string, at: number): void {
  if (date.kind !== "date") return;
  const quoted = written.slice(0, QUOTED);
  const dropped = date.dropped;
  if (dropped !== undefined) {
    const part = dropped.text.slice(0, QUOTED);
    tally.tally("OFX_DATE_PART_DROPPED", at, (count) => ({
      message:
        dropped.part === "fraction"
          ? fractionMessage(count, element, quoted, part)
          : `${count === 1 ? "a date writes" : `${count} dates write`} a time or an offset that cannot be read (the first: ${element} "${quoted}", whose ${dropped.part} "${part}" is none); ${
              count > 1
                ? "the day, and a time that could be read, were kept without what could not be read"
                : dropped.part === "time"
                  ? "the day was kept without it"
                  : "the day and the time were kept without it"
            }`,
      path,
      details: { count, written: quoted, part: dropped.part, dropped: part },
    }));
    return;
  }
  if (date.iso !== true) return;
  tally.tally("OFX_DATE_ISO", at, (count) => ({
    message: `${count === 1 ? "a date is" : `${count} dates are`} written the ISO 8601 way (the first: ${element} "${quoted}"), where OFX writes 20240131101500[-5:EST]; ${count === 1 ? "it was" : "they were"} read as written, with the offset ${count === 1 ? "it states" : "they state"}`,
    path,
    details: { count, written: quoted },
  }));
}
