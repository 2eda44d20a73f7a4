/**
 * Small pieces the MT940 writer builds lines from: SWIFT amounts and dates, and text kept inside the field
 * structure (no line breaks, 65-character lines that cannot be mistaken for a tag or a separator).
 *
 * @module
 */
import { currencyExponent, type IsoDate, type Money } from "../../core/index.js";

/**
 * `end`, or one less when it would split a character written as two UTF-16 units (an emoji, a rare CJK
 * character): cut there, each half would be written as U+FFFD. Never below `min`.
 */
export function charBoundary(text: string, end: number, min = 0): number {
  if (end <= min || end >= text.length) return end;
  const before = text.charCodeAt(end - 1);
  const after = text.charCodeAt(end);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff ? end - 1 : end;
}

/** `text` cut to at most `max` UTF-16 units without splitting a character. */
export function sliceChars(text: string, start: number, max: number): string {
  return text.slice(start, charBoundary(text, Math.min(text.length, start + max), start + 1));
}

/** SWIFT's line width. */
export const SWIFT_LINE = 65;

/**
 * The absolute amount with a decimal comma, as SWIFT writes it (`1234,50`; JPY `1500,`). Zeros beyond the
 * currency's decimals are dropped (`1.2300` EUR → `1,23`), never digits that carry value.
 */
export function swiftAmount(m: Money): string {
  let minor = m.minor < 0n ? -m.minor : m.minor;
  let scale = m.scale;
  const exponent = currencyExponent(m.currency);
  while (scale > exponent && minor % 10n === 0n) {
    minor /= 10n;
    scale--;
  }
  const digits = minor.toString().padStart(scale + 1, "0");
  return `${digits.slice(0, digits.length - scale)},${digits.slice(digits.length - scale)}`;
}

/** More decimals than the currency has, after dropping zeros (SWIFT allows no more than the currency's). */
export function hasExtraDecimals(m: Money): boolean {
  return swiftAmount(m).length - swiftAmount(m).indexOf(",") - 1 > currencyExponent(m.currency);
}

/** `2024-03-15` → `240315`. */
export function yymmdd(date: IsoDate): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}

/** `2024-03-15` → `0315`. */
export function mmdd(date: IsoDate): string {
  return `${date.slice(5, 7)}${date.slice(8, 10)}`;
}

/** Whether `text` has line breaks or other control characters, which no MT940 value can hold. */
export function hasLineBreak(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 127) return true;
  }
  return false;
}

/**
 * The text on one line: each line break and each other control character becomes a space (a reader strips
 * control characters at line ends, which could uncover a `:20:` tag in the middle of a value).
 */
export function oneLine(text: string): string {
  return hasLineBreak(text) ? text.replace(/\r\n|[\p{Cc}]/gu, " ") : text;
}

/**
 * `text` cut into lines of at most 65 characters (the first `firstWidth`, as it shares its line with the field's
 * tag), wherever the cut falls: the German `:86:` is read back by joining its lines without separator. A line
 * never starts with `:`, `-` or `{`, which a reader would take for a new field, the end of the message or an
 * envelope: such a cut moves one character back.
 */
export function hardWrap(text: string, firstWidth = SWIFT_LINE): string[] {
  const lines: string[] = [];
  let at = 0;
  let width = firstWidth;
  while (text.length - at > width) {
    let end = at + width;
    while (end > at + 1 && /[:{-]/.test(text.charAt(end))) end--;
    end = charBoundary(text, end, at + 1);
    lines.push(text.slice(at, end));
    at = end;
    width = SWIFT_LINE;
  }
  lines.push(text.slice(at));
  return lines;
}
