/**
 * Calendar dates as `YYYY-MM-DD` strings: banks book by calendar day, not instant, so a booking date has no
 * time zone and must never pass through `Date` (which would shift it across midnight).
 *
 * @module
 */
import type { Brand } from "./brand.js";
import { HubError } from "./errors.js";

/** A valid proleptic-Gregorian calendar date `YYYY-MM-DD`. */
export type IsoDate = Brand<string, "IsoDate">;

/** An ISO 8601 date-time as the bank gave it (`2024-03-01T10:15:00+08:00`; offset optional). */
export type IsoDateTime = Brand<string, "IsoDateTime">;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS[month - 1] ?? 0);
}

/** The date for year, month (1–12) and day, or `undefined` if there is no such day. */
export function dateFromParts(year: number, month: number, day: number): IsoDate | undefined {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}` as IsoDate;
}

/** `text` as an IsoDate if it is exactly `YYYY-MM-DD` and a real day, else `undefined`. */
export function tryIsoDate(text: string): IsoDate | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digitsAt(text, 0, 4);
  const m = digitsAt(text, 5, 2);
  const d = digitsAt(text, 8, 2);
  if (y < 0 || m < 0 || d < 0) return undefined;
  return dateFromParts(y, m, d) === undefined ? undefined : (text as IsoDate);
}

/** `text` as an IsoDate; throws `DATE_INVALID`. */
export function toIsoDate(text: string): IsoDate {
  const d = tryIsoDate(text);
  if (d === undefined)
    throw new HubError("DATE_INVALID", `"${text.slice(0, 40)}" is not a YYYY-MM-DD date`, { details: { date: text.slice(0, 40) } });
  return d;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;

/** `text` as an IsoDateTime if it is an ISO 8601 date-time with a real date, else `undefined`. */
export function tryIsoDateTime(text: string): IsoDateTime | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null || m[1] === undefined || tryIsoDate(m[1]) === undefined) return undefined;
  return text as IsoDateTime;
}

/** The calendar-date part of a date-time, as the bank wrote it (no time-zone conversion). */
export function datePart(value: IsoDateTime): IsoDate {
  return value.slice(0, 10) as IsoDate;
}

/** Days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
}

/** `date` moved by `days` (an integer) calendar days. Throws RangeError outside the years 0001–9999. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const t = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  // toISOString writes years beyond 9999 (or before 0000) as "+010000-…": never let that pass as an IsoDate.
  const moved = Number.isInteger(days) && !Number.isNaN(t.getTime()) ? tryIsoDate(t.toISOString().slice(0, 10)) : undefined;
  if (moved === undefined) throw new RangeError(`${date} + ${days} days is not a date between 0001-01-01 and 9999-12-31`);
  return moved;
}

function digitsAt(s: string, start: number, len: number): number {
  let v = 0;
  for (let i = start; i < start + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
