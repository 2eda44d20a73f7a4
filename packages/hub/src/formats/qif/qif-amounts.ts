/**
 * QIF amounts: `-1,234.56` from Quicken, `-1.234,56` or `-1 234,56` from European software, sometimes with a
 * currency sign. Most amounts show their decimal mark: a mark followed by one, two or more than three digits,
 * the last of two different marks, or the other mark when one repeats. Those are read that way, whatever the rest
 * of the file says. Only an amount whose single mark is followed by exactly three digits (`1,234`, `1.000`) could
 * be either, and like the date order that is decided once per file: by the marks the file's other amounts show,
 * else `.` (Quicken's), reported as ambiguous.
 *
 * @module
 */
import { type CurrencyCode, type Money, tryParseMoney } from "../../core/index.js";

/** The decimal mark of a file's amounts. */
export type QifDecimalMark = "." | ",";

/** Characters that group digits or mark a currency, dropped before reading the number. */
function isNoise(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 39 /* ' */ || c === 36 /* $ */ || c === 0x20ac /* € */ || c === 0xa3 /* £ */;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * What one amount says about the decimal mark: `.` or `,` when it can only be read one way, `undefined` when
 * it has no mark or one that could be either (`1,234`: a single mark after one to three digits, not a lone `0`,
 * and followed by exactly three).
 */
function evidence(text: string): QifDecimalMark | undefined {
  const lastDot = text.lastIndexOf(".");
  const lastComma = text.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? "." : ",";
  const at = lastDot >= 0 ? lastDot : lastComma;
  if (at < 0) return undefined;
  const mark: QifDecimalMark = lastDot >= 0 ? "." : ",";
  // The mark repeats: it groups thousands, when the groups are of three digits (`1.2.3` and a date, `01.02.2024`,
  // in the amount field say nothing).
  if (text.indexOf(mark) !== at) return groupsThousands(text, mark) ? (mark === "." ? "," : ".") : undefined;
  let digitsAfter = 0;
  for (let i = at + 1; i < text.length; i++) if (isDigit(text.charCodeAt(i))) digitsAfter++;
  // A thousands separator is followed by a group of exactly three digits.
  if (digitsAfter !== 3) return mark;
  // ...and comes after the number's first group, of one to three digits that do not begin with 0: `0.500`,
  // `.500` and `1234.500` are decimals (as written for the three-decimal dinars), never 500 or 1 234 500.
  let start = at;
  while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
  const digitsBefore = at - start;
  return digitsBefore === 0 || digitsBefore > 3 || text.charCodeAt(start) === 48 ? mark : undefined;
}

/**
 * Whether the `group` marks in the whole part of `text` (before the decimal mark, if any) group digits as people
 * write numbers: the last group of three, the ones before it of three (`1,234,567.89`) or of two (Indian lakhs,
 * `1,23,456.00`), the first of one to three (one to two). True when there is none; `1.2.3` and a date are not.
 */
function groupsThousands(text: string, group: QifDecimalMark): boolean {
  const point = group === "." ? "," : ".";
  const end = text.indexOf(point, text.indexOf(group) + 1);
  const sizes: number[] = [];
  let digits = 0;
  for (let i = 0; i < (end < 0 ? text.length : end); i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c === group.charCodeAt(0)) {
      sizes.push(digits);
      digits = 0;
    }
  }
  if (sizes.length === 0) return true;
  if (digits !== 3) return false;
  const middle = sizes.slice(1);
  const size = middle[0] ?? 3;
  if ((size !== 3 && size !== 2) || middle.some((n) => n !== size)) return false;
  const first = sizes[0] as number;
  return first >= 1 && first <= size;
}

/** The decimal mark of a file, decided once from all its amounts. */
export interface QifDecimalMarkDecision {
  /** The mark amounts that could be read either way are read with; amounts that show their mark keep it. */
  readonly mark: QifDecimalMark;
  /** True when some amounts can only be read with `.` and others only with `,`; `mark` is the more frequent. */
  readonly mixed: boolean;
  /** True when no amount shows its mark but some could be read either way (the mark is the default, a guess). */
  readonly ambiguous: boolean;
  /** How many amounts could be read either way, when `ambiguous`; else 0. */
  readonly amounts: number;
}

/**
 * Decides the decimal mark of a file from all its amounts: the mark most amounts show, else `.`; see
 * {@link QifDecimalMarkDecision} for when that is reported.
 */
export function decideQifDecimalMark(amounts: Iterable<string>): QifDecimalMarkDecision {
  let dot = 0;
  let comma = 0;
  let either = 0;
  for (const a of amounts) {
    const e = evidence(a);
    if (e === ".") dot++;
    else if (e === ",") comma++;
    else if (a.includes(".") || a.includes(",")) either++;
  }
  const ambiguous = dot === 0 && comma === 0 && either > 0;
  return { mark: comma > dot ? "," : ".", mixed: dot > 0 && comma > 0, ambiguous, amounts: ambiguous ? either : 0 };
}

/**
 * An amount in `currency`, keeping the decimals written; `undefined` if it is none. An amount that shows its
 * decimal mark (`12,50`, `1.234,56`, `1,000,000`) is read with it; only one that could be read either way
 * (`1,234`) is read with the file's `mark`.
 */
export function parseQifAmount(raw: string, mark: QifDecimalMark, currency: CurrencyCode): Money | undefined {
  const text = raw.trim();
  // `12,50` in a file of `10.00`s is twelve and a half, not 1250: a comma before two digits groups nothing.
  const decimal = evidence(text) ?? mark;
  const point = decimal === "." ? 46 : 44;
  const group = decimal === "." ? 44 : 46;
  // `1.2.3` is no amount in either reading: it used to be read as 123.
  if (!groupsThousands(text, decimal === "." ? "," : ".")) return undefined;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === group || isNoise(c)) continue;
    out += c === point ? "." : text.charAt(i);
  }
  // Some exporters write the sign last (`12.50-`).
  if (out.endsWith("-") && !out.startsWith("-")) out = `-${out.slice(0, -1)}`;
  return out === "" ? undefined : tryParseMoney(out, currency);
}
