/**
 * SWIFT dates: `YYMMDD` value dates, `MMDD` entry dates without a year, and `:13D:` date-times. Read into
 * calendar dates without passing through `Date`.
 *
 * @module
 */
import { daysInMonth, type IsoDate, type IsoDateTime } from "../../core/index.js";

/** A calendar date read from a SWIFT field. */
export interface SwiftDate {
  readonly date: IsoDate;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /**
   * True when the day was past the month's end and was read as its last day: German banks write 30 February for
   * month-end interest under the 30/360 convention (WoLpH `february_30.sta`).
   */
  readonly adjusted: boolean;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// Statements have a handful of distinct dates and thousands of lines: each date is built once and shared.
const DATES = new Map<number, SwiftDate | null>();
// Consecutive entries mostly have the same dates (and value and entry date are often one day): the last one
// is checked before the map.
let lastKey = -1;
let lastDate: SwiftDate | undefined;

/** The day, or the month's last day when `day` is 29–31 past it; `undefined` for no such month or day. */
function calendar(year: number, month: number, day: number): SwiftDate | undefined {
  const key = year * 10000 + month * 100 + day;
  if (key === lastKey) return lastDate;
  const date = calendarDay(key, year, month, day);
  lastKey = key;
  lastDate = date;
  return date;
}

function calendarDay(key: number, year: number, month: number, day: number): SwiftDate | undefined {
  const hit = DATES.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let result: SwiftDate | undefined;
  if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
    const last = daysInMonth(year, month);
    const adjusted = day > last;
    const d = adjusted ? last : day;
    result = { date: `${year}-${two(month)}-${two(d)}` as IsoDate, year, month, day: d, adjusted };
  }
  if (DATES.size > 8192) DATES.clear();
  DATES.set(key, result ?? null);
  return result;
}

function digits(text: string, start: number, count: number): number {
  if (start + count > text.length) return -1;
  let v = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The `YYMMDD` date at `start`, or `undefined` when those six characters are not a date. Two-digit years
 * 80–99 are 1980–1999 and 00–79 are 2000–2079 (MT940 predates 2000; no bank statement is dated after 2079 yet).
 */
export function parseYymmdd(text: string, start: number): SwiftDate | undefined {
  const key = digits(text, start, 6);
  if (key < 0) return undefined;
  const yy = Math.floor(key / 10000);
  return calendar(yy >= 80 ? 1900 + yy : 2000 + yy, Math.floor(key / 100) % 100, key % 100);
}

/**
 * The `MMDD` entry date at `start` in the year that puts it nearest to `value`: a value date of 31 December
 * with entry date `0105` is booked on 5 January of the next year, and a value date of 2 January with `1230`
 * was booked on 30 December of the year before. Many parsers get this wrong (wolph/mt940 #17 and #121,
 * python-fints #63, go-hbci #20, phpFinTS #62/#199, fints-hbci-php #86/#101, mt940js #89, fruitl00p #48).
 * `undefined` when the four characters are not a month and day.
 */
export function nearestEntryDate(text: string, start: number, value: SwiftDate): SwiftDate | undefined {
  const mmdd = digits(text, start, 4);
  if (mmdd < 0) return undefined;
  const month = Math.floor(mmdd / 100);
  const day = mmdd % 100;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  // Within five months of each other the same year is always the nearest: the common case, decided at once.
  if (Math.abs(month - value.month) <= 5) return calendar(value.year, month, day);
  const target = dayNumber(value.year, value.month, value.day);
  let bestYear = value.year;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let year = value.year - 1; year <= value.year + 1; year++) {
    const distance = Math.abs(dayNumber(year, month, Math.min(day, daysInMonth(year, month))) - target);
    if (distance < bestDistance) {
      bestYear = year;
      bestDistance = distance;
    }
  }
  return calendar(bestYear, month, day);
}

/** Days since 1970-01-01 (proleptic Gregorian), for comparing dates without `Date`. */
function dayNumber(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * A `:13D:` date-time indication `YYMMDDhhmm[±hhmm]` (`1701191815+0100` → `2017-01-19T18:15+01:00`), kept with
 * its offset and without seconds, as the bank gave it. `undefined` when it is not one.
 */
export function parseDateTimeIndication(text: string): IsoDateTime | undefined {
  const t = text.trim();
  if (t.length !== 10 && t.length !== 15) return undefined;
  const date = parseYymmdd(t, 0);
  const hour = digits(t, 6, 2);
  const minute = digits(t, 8, 2);
  if (date === undefined || date.adjusted || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let zone = "";
  if (t.length === 15) {
    const sign = t.charAt(10);
    const zh = digits(t, 11, 2);
    const zm = digits(t, 13, 2);
    if ((sign !== "+" && sign !== "-") || zh < 0 || zh > 23 || zm < 0 || zm > 59) return undefined;
    zone = `${sign}${two(zh)}:${two(zm)}`;
  }
  return `${date.date}T${two(hour)}:${two(minute)}${zone}` as IsoDateTime;
}
