/**
 * How CMB writes values: amounts as yuan decimal strings, dates `yyyyMMdd` (receipts `yyyy-MM-dd`), times
 * `HHmmss`, currencies as CMB's two-digit numbers.
 *
 * @module
 */
import { daysBetween, type IsoDate, tryIsoDate } from "@bankbridge/hub/core";

/** CMB currency numbers (ccynbr). */
const CURRENCY_NUMBERS: Readonly<Record<string, string>> = { CNY: "10", HKD: "21", USD: "32", EUR: "35" };

/** The CMB currency number of an ISO code (`10` for CNY). */
export function cmbCurrencyNumber(iso: string): string {
  return CURRENCY_NUMBERS[iso] ?? "00";
}

/** The ISO code of a CMB currency number, or undefined. */
export function isoCurrencyOf(ccynbr: string): string | undefined {
  for (const [iso, n] of Object.entries(CURRENCY_NUMBERS)) if (n === ccynbr) return iso;
  return undefined;
}

/** Minor units (2 decimals) as a yuan string, `-1234.56`. */
export function yuan(minor: bigint): string {
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  return `${neg ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** A positive yuan string with at most 2 decimals as minor units, or undefined. */
export function parseYuan(text: unknown): bigint | undefined {
  if (typeof text !== "string" || !/^\d{1,15}(\.\d{1,2})?$/.test(text)) return undefined;
  const [int = "0", frac = ""] = text.split(".");
  return BigInt(int) * 100n + BigInt(frac.padEnd(2, "0"));
}

/** `2026-03-02` → `20260302`. */
export function compactDate(date: IsoDate): string {
  return date.replaceAll("-", "");
}

/** `20260302` → the IsoDate, or undefined. */
export function parseCompactDate(text: unknown): IsoDate | undefined {
  if (typeof text !== "string" || !/^\d{8}$/.test(text)) return undefined;
  return tryIsoDate(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`);
}

/** `2026-03-02` (strict) → the IsoDate, or undefined. */
export function parseDashedDate(text: unknown): IsoDate | undefined {
  return typeof text === "string" ? tryIsoDate(text) : undefined;
}

/** Days from `from` to `to` inclusive (1 for the same day; ≤ 0 when `to` is before `from`). */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return daysBetween(from, to) + 1;
}

/** `10:15:07` of an ISO date-time → `101507`. */
export function compactTime(isoDateTime: string): string {
  return isoDateTime.slice(11, 19).replaceAll(":", "");
}

/** An instant in the bank's zone as `yyyyMMddHHmmss` (with `SSS` when `millis`). */
export function bankStamp(ms: number, offsetMinutes: number, millis = false): string {
  const iso = new Date(ms + offsetMinutes * 60_000).toISOString();
  const s = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return millis ? `${s}${iso.slice(20, 23)}` : s;
}

/** An instant in the bank's zone as `yyyy-MM-dd HH:mm:ss`. */
export function bankDateTime(ms: number, offsetMinutes: number): string {
  const iso = new Date(ms + offsetMinutes * 60_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
