/**
 * Reads the numbers of bank exports exactly: `1,234.56`, `1.234,56`, `+10000.00`, `¥28.16`, `-3.90`, `12.50-`,
 * `(12.50)`, `12 500,00`. One `charCodeAt` pass, then `parseDecimal` on the digits: never a float.
 *
 * @module
 */
import { type CurrencyCode, currencyExponent, type Decimal, MAX_SCALE, type Money, parseDecimal } from "../../core/index.js";

/** How one profile writes numbers, as character codes (-1: none). */
export interface NumberStyle {
  readonly decimalMark: number;
  readonly thousands: number;
}

/** The style for a decimal mark and grouping separator as a profile writes them. */
export function numberStyle(decimalMark: "." | ",", thousands: string): NumberStyle {
  return { decimalMark: decimalMark.charCodeAt(0), thousands: thousands === "" ? -1 : thousands.charCodeAt(0) };
}

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const SPACE = 32;
const OPEN = 40;
const CLOSE = 41;

/** Currency signs written before or after amounts: ¥ ￥ $ € £. */
function isCurrencySign(c: number): boolean {
  return c === 0xa5 || c === 0xffe5 || c === 36 || c === 0x20ac || c === 0xa3;
}

/**
 * The number in `text` (already trimmed), or `undefined` when it is anything else. A sign may come first, after
 * a currency sign, or last (`12.50-`); parentheses mean negative; grouping separators are dropped wherever they are.
 *
 * @example readAmountText("-1,234.50", numberStyle(".", ",")) // { units: -123450n, scale: 2 }
 */
export function readAmountText(text: string, style: NumberStyle): Decimal | undefined {
  const n = text.length;
  let start = 0;
  let end = n;
  let negative = false;
  let signs = 0;
  // Strip what may surround the digits, from both ends.
  for (;;) {
    if (start >= end) return undefined;
    const c = text.charCodeAt(start);
    if (c === MINUS || c === PLUS) {
      negative = c === MINUS;
      signs++;
      start++;
    } else if (isCurrencySign(c) || c === SPACE) start++;
    else if (c === OPEN && text.charCodeAt(end - 1) === CLOSE) {
      negative = true;
      signs++;
      start++;
      end--;
    } else break;
  }
  for (;;) {
    if (start >= end) return undefined;
    const c = text.charCodeAt(end - 1);
    if (c === MINUS || c === PLUS) {
      negative = c === MINUS;
      signs++;
      end--;
    } else if (isCurrencySign(c) || c === SPACE) end--;
    else break;
  }
  if (signs > 1) return undefined;
  // Digits, grouping separators and at most one decimal mark; up to 15 digits the value is summed as it is read
  // (exact below 2^53), so the common amount costs no string building and no BigInt parse of text.
  let plain = true;
  let marks = 0;
  let digits = 0;
  let decimals = 0;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
      if (marks > 0) decimals++;
      continue;
    }
    if (c === style.decimalMark) {
      if (++marks > 1) return undefined;
      if (c !== DOT) plain = false;
    } else if (c === style.thousands) plain = false;
    else return undefined;
  }
  if (digits === 0) return undefined;
  if (digits <= 15) {
    if (decimals > MAX_SCALE) return undefined;
    const units = BigInt(value);
    return { units: negative ? -units : units, scale: decimals };
  }
  let body: string;
  if (plain) body = text.slice(start, end);
  else {
    body = "";
    let from = start;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === style.thousands) {
        body += text.slice(from, i);
        from = i + 1;
      } else if (c === style.decimalMark && c !== DOT) {
        body += `${text.slice(from, i)}.`;
        from = i + 1;
      }
    }
    body += text.slice(from, end);
  }
  const d = parseDecimal(body);
  if (d === undefined) return undefined;
  return negative ? { units: -d.units, scale: d.scale } : d;
}

const POW10: bigint[] = Array.from({ length: 19 }, (_, i) => 10n ** BigInt(i));

/** The decimal as money of `currency`, at no fewer decimals than the currency has (never rounded). */
export function moneyOf(d: Decimal, currency: CurrencyCode): Money {
  const exponent = currencyExponent(currency);
  if (d.scale >= exponent) return { minor: d.units, scale: d.scale, currency };
  return { minor: d.units * (POW10[exponent - d.scale] ?? 10n ** BigInt(exponent - d.scale)), scale: exponent, currency };
}
