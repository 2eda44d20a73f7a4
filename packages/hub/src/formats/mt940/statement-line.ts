/**
 * The `:61:` statement line, the one field that carries an entry's money:
 * `YYMMDD[MMDD]<mark>[funds]<amount><type><customer ref>[//<bank ref>][\n<supplementary details>]`.
 * Read by position with `charCodeAt`, no regular expression: it runs once per entry.
 *
 * @module
 */
import type { CurrencyCode, Money } from "../../core/index.js";
import { swiftMoney } from "./swift-amount.js";
import { nearestEntryDate, parseYymmdd, type SwiftDate } from "./swift-date.js";

/**
 * The debit/credit mark: `C`/`D`; `RC`/`RD` reverse an earlier credit/debit; `EC`/`ED` are the expected
 * credits/debits of an MT942 (cmxl #59 missed those).
 */
export type DebitCreditMark = "C" | "D" | "RC" | "RD" | "EC" | "ED";

/**
 * A `:61:` line read into its parts. Absent parts are `undefined` rather than missing, so every line read has
 * the same shape (one hidden class for the engine, and this runs once per entry).
 */
export interface StatementLine {
  readonly valueDate: SwiftDate;
  /** The entry date in the year nearest the value date; `undefined` when the bank wrote none. */
  readonly entryDate: SwiftDate | undefined;
  readonly mark: DebitCreditMark;
  /** Signed from the account's side: a debit and the reversal of a credit are negative. */
  readonly amount: Money;
  /** The bank wrote `D-104,12` (cmxl #34): a minus after the mark, read as a reversal. */
  readonly minusAfterMark: boolean;
  /** The funds code: the third letter of the currency code, when the bank gives one. */
  readonly fundsCode: string | undefined;
  /** The transaction type identification code (`NTRF`, `FMSC`, `S103`…). */
  readonly transactionType: string | undefined;
  /** The reference for the account owner as written, trailing spaces removed; `NONREF` is kept as text. */
  readonly customerReference: string | undefined;
  /** The same text with its padding, for banks that pack two values into it (Rabobank). */
  readonly customerReferenceRaw: string;
  /** The account servicing institution's reference after `//`; may be longer than 16 characters (wolph #111). */
  readonly bankReference: string | undefined;
  /** Supplementary details: the lines after the first. */
  readonly supplementaryDetails: string | undefined;
}

/** Why a `:61:` line could not be read. */
export interface StatementLineError {
  readonly kind: "dateInvalid" | "amountInvalid" | "statementLineInvalid";
  readonly message: string;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl < 0 ? text.length : nl;
}

/**
 * Reads a `:61:` field (its text after the tag, continuation lines joined by `\n`) with amounts in `currency`.
 * A line break inside the mark and amount (Sparkasse, WoLpH `sparkassen.sta`) is tolerated.
 *
 * @example parseStatementLine("2312311229D104,12NTRFNONREF//B4E0", "EUR" as CurrencyCode)
 * // valueDate 2023-12-31, entryDate 2023-12-29, amount -104.12 EUR, type NTRF
 */
export function parseStatementLine(text: string, currency: CurrencyCode): StatementLine | StatementLineError {
  let p = 0;
  while (p < text.length && text.charCodeAt(p) === 32) p++;
  let end = lineEnd(text, p);
  const valueDate = parseYymmdd(text, p);
  if (valueDate === undefined) {
    return {
      kind: isDigitRun(text, p, 6) ? "dateInvalid" : "statementLineInvalid",
      message: `value date "${text.slice(p, p + 6)}" is not YYMMDD`,
    };
  }
  p += 6;
  let entryDate: SwiftDate | undefined;
  if (isDigitRun(text, p, 4)) {
    entryDate = nearestEntryDate(text, p, valueDate);
    if (entryDate === undefined) return { kind: "dateInvalid", message: `entry date "${text.slice(p, p + 4)}" is not MMDD` };
    p += 4;
  } else if (text.startsWith("    ", p)) {
    // No entry date, written as four spaces where it would be (WoLpH's pattern allows them, wolph #117).
    p += 4;
  }
  // A line break between the date and the amount is a wrapping artefact, not the supplementary details.
  if (p === end && p < text.length) end = lineEnd(text, ++p);
  let mark: DebitCreditMark;
  const m0 = text.charCodeAt(p);
  const m1 = text.charCodeAt(p + 1);
  if (m0 === 82 /* R */ && (m1 === 67 || m1 === 68)) {
    mark = m1 === 67 ? "RC" : "RD";
    p += 2;
  } else if (m0 === 69 /* E */ && (m1 === 67 || m1 === 68)) {
    mark = m1 === 67 ? "EC" : "ED";
    p += 2;
  } else if (m0 === 67 /* C */ || m0 === 68 /* D */) {
    mark = m0 === 67 ? "C" : "D";
    p += 1;
  } else {
    return { kind: "statementLineInvalid", message: `debit/credit mark "${text.slice(p, p + 2)}" is none of C, D, RC, RD, EC, ED` };
  }
  if (p === end && p < text.length) end = lineEnd(text, ++p);
  let minusAfterMark = false;
  if (text.charCodeAt(p) === 45 /* - */) {
    minusAfterMark = true;
    p++;
  }
  let fundsCode: string | undefined;
  if (isUpper(text.charCodeAt(p))) {
    fundsCode = text.charAt(p);
    p++;
  }
  if (p === end && p < text.length) end = lineEnd(text, ++p);
  // A space before the amount (Cuscal, per WoLpH's pattern) holds nothing: the amount must follow.
  if (text.charCodeAt(p) === 32) {
    let q = p + 1;
    while (q < end && text.charCodeAt(q) === 32) q++;
    if (isDigit(text.charCodeAt(q))) p = q;
  }
  // The amount's extent and value in one pass (parseSwiftAmount would scan it again).
  const amountStart = p;
  let comma = -1;
  let digits = 0;
  let units = 0;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (isDigit(c)) {
      digits++;
      if (digits <= 15) units = units * 10 + (c - 48);
      p++;
    } else if (c === 44 && comma < 0) {
      comma = p;
      p++;
    } else break;
  }
  // Money out is negative: debits and reversals of credits (wolph #130: RC is negative, so balances close).
  // `D-` is a debit written negative, i.e. the reversal of a debit (cmxl #34), and `C-` the reversal of a credit.
  const negative = minusAfterMark ? mark === "C" || mark === "EC" : mark === "D" || mark === "RC" || mark === "ED";
  if (minusAfterMark) mark = mark === "D" ? "RD" : mark === "C" ? "RC" : mark;
  // A second comma, or a comma first (",50"), is not an amount. Nor is one that goes on after a point, an
  // apostrophe or a space with more digits (`1.250,00`, `12.34`, `1 000,00`): SWIFT amounts are digits and one
  // comma, and reading up to the separator would take a smaller amount and make the rest a reference.
  const after = text.charCodeAt(p);
  const amount =
    after === 44 ||
    comma === amountStart ||
    ((after === 46 || after === 39 || after === 32) && p + 1 < end && isDigit(text.charCodeAt(p + 1)))
      ? undefined
      : swiftMoney(text, amountStart, p, comma, digits, units, currency, negative);
  if (amount === undefined) {
    return {
      kind: "amountInvalid",
      message: `amount "${text.slice(amountStart, Math.min(end, amountStart + 20))}" is not a SWIFT amount such as 1234,56`,
    };
  }
  let transactionType: string | undefined;
  if (p < end && isLetter(text.charCodeAt(p))) {
    const typeEnd = Math.min(p + 4, end);
    transactionType = text.slice(p, typeEnd);
    p = typeEnd;
  }
  const refEnd = text.indexOf("//", p);
  const customerEnd = refEnd >= 0 && refEnd < end ? refEnd : end;
  const customerReferenceRaw = text.slice(p, customerEnd);
  // Trimmed as `trimEnd`/`trim` do, but without calling them for the texts that have nothing to trim: most.
  const trimmed = mayTrim(customerReferenceRaw.charCodeAt(customerReferenceRaw.length - 1))
    ? customerReferenceRaw.trimEnd()
    : customerReferenceRaw;
  let bankReference: string | undefined;
  if (customerEnd < end) {
    const b = trim(text.slice(customerEnd + 2, end));
    if (b !== "") bankReference = b;
  }
  let supplementaryDetails: string | undefined;
  if (end < text.length) {
    const s = trim(text.slice(end + 1));
    if (s !== "") supplementaryDetails = s;
  }
  return {
    valueDate,
    entryDate,
    mark,
    amount,
    minusAfterMark,
    fundsCode,
    transactionType,
    customerReference: trimmed === "" ? undefined : trimmed,
    customerReferenceRaw,
    bankReference,
    supplementaryDetails,
  };
}

/**
 * Whether `String.prototype.trim` might remove the character `c` (white space, line terminators, the BOM): a
 * quick, conservative test, so that `trim` is only called when it may change something. `NaN` (no character)
 * is false.
 */
function mayTrim(c: number): boolean {
  return c <= 32 || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x3000) || c === 0xfeff));
}

/** `s.trim()`, without the call when neither end can be trimmed. */
function trim(s: string): string {
  return s.length > 0 && !mayTrim(s.charCodeAt(0)) && !mayTrim(s.charCodeAt(s.length - 1)) ? s : s.trim();
}

function isDigitRun(text: string, start: number, count: number): boolean {
  if (start + count > text.length) return false;
  for (let i = start; i < start + count; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** True when `result` is an error rather than a statement line. */
export function isStatementLineError(result: StatementLine | StatementLineError): result is StatementLineError {
  return "kind" in result;
}
