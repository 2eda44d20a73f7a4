/**
 * BAI2 field values: `YYMMDD` dates, `HHMM` times and implied-decimal amounts.
 *
 * @module
 */
import { type CurrencyCode, dateFromParts, type IsoDate, type Money, moneyFromMinor } from "../../core/index.js";

/** Two-digit years below this are 20xx, the others 19xx (BAI2 dates from 1970 on: the format is from 1987). */
const YEAR_PIVOT = 70;

function digits(text: string, start: number, length: number): number {
  let v = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** A `YYMMDD` date (`150715` → 2015-07-15), or `undefined` when it is not one. */
export function parseBai2Date(text: string): IsoDate | undefined {
  if (text.length !== 6) return undefined;
  const yy = digits(text, 0, 2);
  const mm = digits(text, 2, 2);
  const dd = digits(text, 4, 2);
  if (yy < 0 || mm < 0 || dd < 0) return undefined;
  return dateFromParts(yy < YEAR_PIVOT ? 2000 + yy : 1900 + yy, mm, dd);
}

/** What a BAI2 time field says. */
export type Bai2Time =
  /** A time of day, `HH:MM` or `HH:MM:SS`. */
  | { readonly kind: "time"; readonly value: string }
  /** `2400` or `9999`: the end of the day, not a moment. */
  | { readonly kind: "endOfDay" }
  | { readonly kind: "invalid" };

/**
 * A time field: `HHMM` (military time), also `HH:MM:SS` as some banks write it (NatWest `14:59:35`).
 * Returns `undefined` for an empty field.
 */
export function parseBai2Time(text: string): Bai2Time | undefined {
  if (text === "") return undefined;
  if (text === "2400" || text === "9999") return { kind: "endOfDay" };
  let h = -1;
  let m = -1;
  let s = -1;
  if (text.length === 4) {
    h = digits(text, 0, 2);
    m = digits(text, 2, 2);
  } else if (text.length === 6 && text.charCodeAt(2) !== 58) {
    h = digits(text, 0, 2);
    m = digits(text, 2, 2);
    s = digits(text, 4, 2);
    if (s < 0) return { kind: "invalid" };
  } else if ((text.length === 5 || text.length === 8) && text.charCodeAt(2) === 58 /* : */) {
    h = digits(text, 0, 2);
    m = digits(text, 3, 2);
    if (text.length === 8) {
      if (text.charCodeAt(5) !== 58) return { kind: "invalid" };
      s = digits(text, 6, 2);
      if (s < 0) return { kind: "invalid" };
    }
  }
  if (h < 0 || h > 23 || m < 0 || m > 59 || s > 59) return { kind: "invalid" };
  const hhmm = `${text.slice(0, 2)}:${text.charCodeAt(2) === 58 ? text.slice(3, 5) : text.slice(2, 4)}`;
  if (s < 0) return { kind: "time", value: hhmm };
  return { kind: "time", value: `${hhmm}:${text.length === 8 ? text.slice(6, 8) : text.slice(4, 6)}` };
}

/** Longest amount accepted: BAI2 amounts are at most 18 digits; more is garbage, not money. */
const MAX_AMOUNT_DIGITS = 30;

/**
 * An amount in minor units of `currency`, as BAI2 writes it (implied decimals: `12345` USD is 123.45,
 * JPY 12345 is 12345). An optional `+` or `-` sign is kept. `undefined` when the field is not an amount.
 */
export function parseBai2Amount(text: string, currency: CurrencyCode): Money | undefined {
  const n = text.length;
  if (n === 0) return undefined;
  let i = 0;
  const c0 = text.charCodeAt(0);
  if (c0 === 43 /* + */ || c0 === 45 /* - */) i = 1;
  if (i === n || n - i > MAX_AMOUNT_DIGITS) return undefined;
  // Up to 15 digits fit a double exactly; BigInt from a number is much cheaper than from a string.
  let small = 0;
  for (let j = i; j < n; j++) {
    const d = text.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return undefined;
    small = small * 10 + d;
  }
  const units = n - i <= 15 ? BigInt(small) : BigInt(text.slice(i));
  return moneyFromMinor(c0 === 45 ? -units : units, currency);
}

/** A count field (item count, record count): digits only; `undefined` when empty or not a count. */
export function parseBai2Count(text: string): number | undefined {
  if (text.length === 0 || text.length > 15) return undefined;
  const v = digits(text, 0, text.length);
  return v < 0 ? undefined : v;
}
