/**
 * How ICBC writes values: amounts as integer fen, dates `yyyyMMdd`, timestamps DB2-style
 * `yyyy-MM-dd-HH.mm.ss.ffffff`, currencies as 3-digit codes (`001` RMB).
 *
 * @module
 */
import type { IsoDate } from "@bankbridge/hub/core";

/** ICBC currency codes by ISO code. */
const CURRENCY_CODES: Readonly<Record<string, string>> = { CNY: "001", HKD: "013", USD: "014", EUR: "038" };

/** `001` for CNY, … (`999` for a currency ICBC NC has no code for here). */
export function icbcCurrency(iso: string): string {
  return CURRENCY_CODES[iso] ?? "999";
}

/** The ISO code of an ICBC currency code, if known. */
export function isoCurrency(icbc: string): string | undefined {
  return Object.entries(CURRENCY_CODES).find(([, c]) => c === icbc)?.[0];
}

/** `2026-03-02` → `20260302`. */
export function ymd(date: IsoDate | string): string {
  return date.replaceAll("-", "");
}

/** `20260302` → `2026-03-02`, or `undefined` if not a real calendar day. */
export function isoFromYmd(text: string): IsoDate | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const back = new Date(t);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return undefined;
  return `${y}-${mo}-${d}` as IsoDate;
}

/** Days from `a` to `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The bank's wall clock at `nowMs`: `pub` date/time and the DB2 timestamp. */
export function bankClock(nowMs: number, utcOffsetMinutes: number): { date: string; time: string; timestamp: string } {
  const local = new Date(nowMs + utcOffsetMinutes * 60_000);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  const date = `${local.getUTCFullYear()}${p2(local.getUTCMonth() + 1)}${p2(local.getUTCDate())}`;
  const hms = `${p2(local.getUTCHours())}${p2(local.getUTCMinutes())}${p2(local.getUTCSeconds())}`;
  const ms = String(local.getUTCMilliseconds()).padStart(3, "0");
  return {
    date,
    // pub TranTime is hhmmssaaabbb: milliseconds then microseconds.
    time: `${hms}${ms}000`,
    timestamp: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}-${hms.slice(0, 2)}.${hms.slice(2, 4)}.${hms.slice(4)}.${ms}000`,
  };
}

/** `2026-03-02T10:15:07+08:00` (optionally with fractions) → `2026-03-02-10.15.07.000000`, the bank's local time as written. */
export function db2Timestamp(isoDateTime: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/.exec(isoDateTime);
  if (!m) return isoDateTime;
  const [, d, h, mi, s, frac] = m;
  return `${d}-${h}.${mi}.${s}.${(frac ?? "").padEnd(6, "0")}`;
}

/** `HHmmss` of an ISO date-time as written. */
export function hhmmss(isoDateTime: string): string {
  const m = /T(\d{2}):(\d{2}):(\d{2})/.exec(isoDateTime);
  return m ? `${m[1]}${m[2]}${m[3]}` : "000000";
}

/** A bigint minor-unit amount as unsigned integer fen text. */
export function fen(amount: bigint): string {
  return String(amount < 0n ? -amount : amount);
}
