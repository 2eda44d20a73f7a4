/**
 * Calendar arithmetic in a bank's zone. Banks book by local calendar day; the simulated clock speaks epoch
 * milliseconds. Fixed offsets only: the euro bank ignores summer time on purpose (the sandbox wants
 * repeatable days, not a tz database).
 *
 * @module
 */
import type { IsoDate, IsoDateTime } from "@bankbridge/hub/core";

export const DAY_MS = 86_400_000;

/** The bank-local calendar day of `instantMs` in a zone `offsetMinutes` east of UTC. */
export function localDate(instantMs: number, offsetMinutes: number): IsoDate {
  return new Date(instantMs + offsetMinutes * 60_000).toISOString().slice(0, 10) as IsoDate;
}

/** The instant at which local day `date` begins in a zone `offsetMinutes` east of UTC. */
export function startOfLocalDay(date: IsoDate, offsetMinutes: number): number {
  return Date.parse(`${date}T00:00:00Z`) - offsetMinutes * 60_000;
}

/** `date` moved by `days` calendar days. */
export function shiftDate(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10) as IsoDate;
}

/** Whole days from `a` to `b`. */
export function dayDiff(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** `2026-03-02T10:15:07+08:00`: the instant written in the bank's zone, whole seconds. */
export function localDateTime(instantMs: number, offsetMinutes: number): IsoDateTime {
  const local = new Date(instantMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}` as IsoDateTime;
}

/** Day of week of a date, 0 = Sunday. */
export function weekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Day of the year, 1-based. */
export function dayOfYear(date: IsoDate): number {
  return dayDiff(`${date.slice(0, 4)}-01-01` as IsoDate, date) + 1;
}
