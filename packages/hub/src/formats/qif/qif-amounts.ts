/**
 * QIF amounts: `-1,234.56` from Quicken, `-1.234,56` or `-1 234,56` from European software, sometimes with a
 * currency sign. Like the date order, the decimal mark is decided once per file: an amount such as `1,234`
 * means 1234 in one file and 1.234 in another, and only the file's other amounts tell.
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

/**
 * What one amount says about the decimal mark: `.` or `,` when it can only be read one way, `undefined` when
 * it has no mark or one that could be either (`1,234`: a mark followed by exactly three digits).
 */
function evidence(text: string): QifDecimalMark | undefined {
  const lastDot = text.lastIndexOf(".");
  const lastComma = text.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? "." : ",";
  const at = lastDot >= 0 ? lastDot : lastComma;
  if (at < 0) return undefined;
  const mark: QifDecimalMark = lastDot >= 0 ? "." : ",";
  if (text.indexOf(mark) !== at) return mark === "." ? "," : "."; // the mark repeats: it groups thousands
  let digitsAfter = 0;
  for (let i = at + 1; i < text.length; i++) if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) digitsAfter++;
  return digitsAfter === 3 ? undefined : mark;
}

/** Decides the decimal mark of a file from all its amounts (`.` unless the amounts say `,`). */
export function decideQifDecimalMark(amounts: Iterable<string>): { mark: QifDecimalMark; ambiguous: boolean } {
  let dot = 0;
  let comma = 0;
  for (const a of amounts) {
    const e = evidence(a);
    if (e === ".") dot++;
    else if (e === ",") comma++;
  }
  return { mark: comma > dot ? "," : ".", ambiguous: dot > 0 && comma > 0 };
}

/** An amount in `currency` read with the file's decimal mark, keeping the decimals written; `undefined` if it is none. */
export function parseQifAmount(raw: string, mark: QifDecimalMark, currency: CurrencyCode): Money | undefined {
  const group = mark === "." ? 44 : 46;
  let out = "";
  const text = raw.trim();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === group || isNoise(c)) continue;
    out += c === (mark === "." ? 46 : 44) ? "." : text.charAt(i);
  }
  // Some exporters write the sign last (`12.50-`).
  if (out.endsWith("-") && !out.startsWith("-")) out = `-${out.slice(0, -1)}`;
  return out === "" ? undefined : tryParseMoney(out, currency);
}
