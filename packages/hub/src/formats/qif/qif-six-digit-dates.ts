/**
 * QIF dates of six digits without separators: `123124` (MMDDYY), `311224` (DDMMYY) or `241231` (YYMMDD). Unlike
 * eight digits, whose year (19xx/20xx) shows where it is, one such date rarely tells: `241231` is 2024-12-31 as
 * YYMMDD and 2031-12-24 as DDMMYY, and every YYMMDD date of 2001 to 2028 is also a DDMMYY date (its year is a day,
 * its month a month). So, like the day-month order, whether a file's six-digit dates put the year first is decided
 * once for the file, from all of them:
 *
 * - the caller's `--date-order ymd` (`formatOptions.dateOrder: "YMD"`) puts the year first: year first; the caller's
 *   `--date-order dmy`/`mdy`, else the file's `!Option:MDY`/`!Option:DMY`, names the year last: year last;
 * - more of them fit only one way (`123124` has no month 31 as YYMMDD; `310425` no 31 April as DDMMYY), and the
 *   sequence does not say otherwise: that one;
 * - else the way under which consecutive dates lie closer together (a register is in date order; read the wrong
 *   way, its years follow its days and jump over decades), reported as ambiguous. Counts alone cannot decide for
 *   year first: YYMMDD dates of 2001 to 2028 never fit only that way;
 * - else year last, as in every other QIF date.
 *
 * Read year last, they are day and month in the file's order like any numeric date (`qif-dates.ts`) and count
 * towards it. A date that fits only the way not chosen is read that way and reported, as a date that fits only the
 * other day-month order is.
 *
 * @module
 */
import { dateFromParts, daysBetween, type IsoDate } from "../../core/index.js";
import { expandYear, type QifDateOrder, type QifDateToken, resolveQifDate } from "./qif-dates.js";

/** How a file's six-digit dates were decided to be read. */
export interface QifSixDigitDecision {
  /** True for YYMMDD, false for year last (MMDDYY or DDMMYY, by the file's day-month order). */
  readonly yearFirst: boolean;
  /**
   * `option`: the order was given: YMD (`--date-order ymd`) puts the year first, a day-month order (`!Option:MDY`,
   * `--date-order dmy`) the year last; `dates`: more of them fit only this way, and the sequence agrees; `sequence`:
   * they follow each other more closely; else `default`.
   */
  readonly basis: "option" | "dates" | "sequence" | "default";
  /** True when some date reads differently each way and no date that fits only one way decided. */
  readonly ambiguous: boolean;
  /** Six-digit dates in the file. */
  readonly dates: number;
  /** Six-digit dates that fit only the way chosen, and only the other. */
  readonly fitting: number;
  readonly against: number;
  /** Six-digit dates that fit both ways and read differently in them (`050607`, not `010101`). */
  readonly both: number;
}

/** The order a caller or a file may give for six-digit dates: year first (YYMMDD), or year last in a day-month order. */
export type QifSixDigitOption = QifDateOrder | "YMD";

/** A six-digit date read year first, and year last (a numeric token, day and month in the file's order). */
function readings(token: Extract<QifDateToken, { kind: "sixDigit" }>): { first: QifDateToken; last: QifDateToken } {
  const d = token.digits;
  const text = token.text === undefined ? {} : { text: token.text };
  const yy = expandYear(d.slice(0, 2)) as number;
  const first: QifDateToken = { kind: "fixed", date: dateFromParts(yy, Number(d.slice(2, 4)), Number(d.slice(4, 6))), ...text };
  const last: QifDateToken = {
    kind: "numeric",
    first: Number(d.slice(0, 2)),
    second: Number(d.slice(2, 4)),
    year: expandYear(d.slice(4, 6)) as number,
    dotted: false,
    separated: false,
    ...text,
  };
  return { first, last };
}

/** The date of a year-last reading in either day-month order, `prefer` first. */
const lastDate = (t: QifDateToken, prefer: QifDateOrder) =>
  resolveQifDate(t, prefer) ?? resolveQifDate(t, prefer === "MDY" ? "DMY" : "MDY");

/** Sum of day distances between consecutive dates that read. */
function spread(dates: readonly (IsoDate | undefined)[]): number {
  let total = 0;
  let previous: IsoDate | undefined;
  for (const d of dates) {
    if (d === undefined) continue;
    if (previous !== undefined) total += Math.abs(daysBetween(previous, d));
    previous = d;
  }
  return total;
}

/**
 * Decides whether the file's six-digit dates (among `tokens`, all its dates in file order) are YYMMDD or year last;
 * `undefined` when it has none. `option`: the order the caller or the file gives, if any: `YMD` for year first, a
 * day-month order for year last.
 */
export function decideQifSixDigitOrder(
  tokens: readonly QifDateToken[],
  option: QifSixDigitOption | undefined,
): QifSixDigitDecision | undefined {
  let firstOnly = 0;
  let lastOnly = 0;
  let differ = 0;
  const read: { first: IsoDate | undefined; mdy: IsoDate | undefined; dmy: IsoDate | undefined }[] = [];
  for (const t of tokens) {
    if (t.kind !== "sixDigit") continue;
    const { first, last } = readings(t);
    const ymd = resolveQifDate(first, "MDY");
    const mdy = resolveQifDate(last, "MDY");
    const dmy = resolveQifDate(last, "DMY");
    read.push({ first: ymd, mdy, dmy });
    if (ymd !== undefined && mdy === undefined && dmy === undefined) firstOnly++;
    else if (ymd === undefined && (mdy !== undefined || dmy !== undefined)) lastOnly++;
    else if (ymd !== undefined && ((mdy !== undefined && mdy !== ymd) || (dmy !== undefined && dmy !== ymd))) differ++;
  }
  if (read.length === 0) return undefined;
  const dates = read.length;
  const counts = (yearFirst: boolean) =>
    yearFirst ? { fitting: firstOnly, against: lastOnly, both: differ } : { fitting: lastOnly, against: firstOnly, both: differ };
  if (option !== undefined) {
    const yearFirst = option === "YMD";
    return { yearFirst, basis: "option", ambiguous: false, dates, ...counts(yearFirst) };
  }
  const byCount = firstOnly === lastOnly ? undefined : firstOnly > lastOnly;
  // Each date read each way as the parser reads it: its only reading where it has one, year last in the day-month
  // order that makes the closer sequence.
  const first = spread(read.map((r) => r.first ?? r.mdy ?? r.dmy));
  const last = Math.min(spread(read.map((r) => r.mdy ?? r.dmy ?? r.first)), spread(read.map((r) => r.dmy ?? r.mdy ?? r.first)));
  const bySequence = first === last ? undefined : first < last;
  if (byCount !== undefined && (bySequence === undefined || bySequence === byCount)) {
    return { yearFirst: byCount, basis: "dates", ambiguous: false, dates, ...counts(byCount) };
  }
  // The dates that fit one way only are too few to trust against the sequence: YYMMDD dates of 2001-2028 all fit
  // DDMMYY too, so one MMDDYY date pasted among them would turn the file's years into its days. The sequence decides.
  const ambiguous = differ > 0 || byCount !== undefined;
  if (bySequence !== undefined) return { yearFirst: bySequence, basis: "sequence", ambiguous, dates, ...counts(bySequence) };
  return { yearFirst: false, basis: "default", ambiguous, dates, ...counts(false) };
}

/**
 * A six-digit date as the file's decision reads it: YYMMDD as a `fixed` token, year last as a `numeric` one (the
 * day-month order still to apply). `against` when it only fits the way not decided, and is read that way. Other
 * tokens are returned as they are.
 */
export function settleQifSixDigitDate(token: QifDateToken, yearFirst: boolean): { token: QifDateToken; against: boolean } {
  if (token.kind !== "sixDigit") return { token, against: false };
  const { first, last } = readings(token);
  const firstFits = resolveQifDate(first, "MDY") !== undefined;
  const lastFits = lastDate(last, "MDY") !== undefined;
  if (yearFirst) return firstFits || !lastFits ? { token: first, against: false } : { token: last, against: true };
  return lastFits || !firstFits ? { token: last, against: false } : { token: first, against: true };
}
