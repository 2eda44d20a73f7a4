/**
 * Cell values as the text a user sees, the one representation the bank-CSV engine reads: numbers as plain
 * decimal strings without binary noise, date cells as `YYYY-MM-DD HH:mm:ss`, booleans as `TRUE`/`FALSE`.
 * Shared by the .xlsx and the .xls reader, which differ only in where value and number format come from.
 *
 * @module
 */

/** What a number format makes of a number: which of the renderings below applies. */
export type NumberFormatKind = "number" | "date" | "time" | "text";

/** A number format reduced to what {@link numberCellText} needs. */
export interface NumberFormatInfo {
  readonly kind: NumberFormatKind;
  /** Fixed decimals of a plain number format (`0.00` → 2), shown by padding with zeros. */
  readonly decimals?: number;
}

const GENERAL: NumberFormatInfo = { kind: "number" };

/**
 * Excel's built-in number formats that matter here (ECMA-376 part 1, 18.8.30, and the zh-CN locale's
 * built-in date formats 27–36 and 50–58, which Chinese exports use without writing them out).
 */
const BUILTIN: ReadonlyMap<number, NumberFormatInfo> = new Map<number, NumberFormatInfo>([
  [0, GENERAL],
  [1, { kind: "number", decimals: 0 }],
  [2, { kind: "number", decimals: 2 }],
  [3, { kind: "number", decimals: 0 }],
  [4, { kind: "number", decimals: 2 }],
  ...[14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58].map((id): [number, NumberFormatInfo] => [
    id,
    { kind: "date" },
  ]),
  ...[18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47].map((id): [number, NumberFormatInfo] => [id, { kind: "time" }]),
  [37, { kind: "number", decimals: 0 }],
  [38, { kind: "number", decimals: 0 }],
  [39, { kind: "number", decimals: 2 }],
  [40, { kind: "number", decimals: 2 }],
  [49, { kind: "text" }],
]);

/** The built-in format `id` (an .xlsx `numFmtId` or an .xls `ifmt` without a FORMAT record). */
export function builtinNumberFormat(id: number): NumberFormatInfo {
  return BUILTIN.get(id) ?? GENERAL;
}

/**
 * Classifies a format code such as `yyyy-mm-dd hh:mm`, `#,##0.00_);[Red](#,##0.00)` or `@`. Only the first
 * section counts (the one for positive numbers). Quoted text, escaped characters, colours, conditions and
 * locale tags are not date tokens, so they are removed before looking for `y`, `d`, `h` and `s`.
 */
export function classifyNumberFormat(code: string): NumberFormatInfo {
  const section = firstSection(code);
  const bare = section
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/_./g, "")
    .replace(/\*./g, "")
    .replace(/\[(?:h+|m+|s+)\]/gi, "h") // elapsed time ([h]:mm) is time
    .replace(/\[[^\]]*\]/g, "")
    .replace(/AM\/PM|A\/P|上午\/下午/gi, "h")
    .replace(/general/gi, "");
  if (bare.trim() === "@") return { kind: "text" };
  const lower = bare.toLowerCase();
  if (/[yd]/.test(lower)) return { kind: "date" };
  if (/[hs]/.test(lower)) return { kind: "time" };
  // `m` alone (no hour or second beside it) is a month: `mmm` shows the month's name.
  if (lower.includes("m")) return { kind: "date" };
  if (/[%eE/?]/.test(bare)) return GENERAL;
  const dot = bare.indexOf(".");
  if (dot < 0) return /[0#]/.test(bare) ? { kind: "number", decimals: 0 } : GENERAL;
  const decimals = /^[0#]*/.exec(bare.slice(dot + 1))?.[0].length ?? 0;
  return { kind: "number", decimals };
}

function firstSection(code: string): string {
  let quoted = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"') quoted = !quoted;
    else if (c === "\\") i++;
    else if (c === ";" && !quoted) return code.slice(0, i);
  }
  return code;
}

/** A number's text as a user sees it, or the finding that it cannot be shown as its format asks. */
export interface CellText {
  readonly text: string;
  /** Set when a date cell holds a number that is no date (negative, beyond 9999-12-31). */
  readonly problem?: string;
}

/**
 * The text of a numeric cell under its number format: dates and times from Excel serial numbers, numbers as
 * plain decimals ({@link plainNumber}) padded to the format's fixed decimals.
 *
 * @param date1904 the workbook counts days from 1904-01-01 (old Mac files) instead of 1900-01-00.
 */
export function numberCellText(value: number, format: NumberFormatInfo, date1904: boolean): CellText {
  if (!Number.isFinite(value)) return { text: "", problem: "the number is not finite" };
  if (format.kind === "date" || format.kind === "time") {
    const text = serialToText(value, date1904, format.kind === "time");
    return text === undefined ? { text: plainNumber(value), problem: `${plainNumber(value)} is not a date Excel can show` } : { text };
  }
  const plain = plainNumber(value);
  return { text: format.decimals === undefined ? plain : padDecimals(plain, format.decimals) };
}

/**
 * A number as a plain decimal string: integers exactly (account numbers stored as numbers keep all their
 * digits), everything else rounded to 15 significant digits as Excel displays it, so `0.1 + 0.2` is `0.3` and
 * never `0.30000000000000004`, and never in exponent notation.
 */
export function plainNumber(value: number): string {
  if (Object.is(value, -0)) return "0";
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return String(value);
  const [mantissa = "0", exp = "0"] = value.toPrecision(15).split("e");
  return expand(trimFraction(mantissa), Number(exp));
}

function trimFraction(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** `digits` (a decimal without exponent, possibly signed) times 10^exp, written out in full. */
function expand(digits: string, exp: number): string {
  if (exp === 0) return digits;
  const negative = digits.startsWith("-");
  const body = negative ? digits.slice(1) : digits;
  const dot = body.indexOf(".");
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? "" : body.slice(dot + 1);
  const all = intPart + fracPart;
  const point = intPart.length + exp;
  let out: string;
  if (point <= 0) out = `0.${"0".repeat(-point)}${all}`;
  else if (point >= all.length) out = all + "0".repeat(point - all.length);
  else out = `${all.slice(0, point)}.${all.slice(point)}`;
  out = trimFraction(out).replace(/^0+(?=\d)/, "");
  return negative && out !== "0" ? `-${out}` : out;
}

/** Pads `plain` with zeros to `decimals` places; never rounds (a value with more places keeps them all). */
function padDecimals(plain: string, decimals: number): string {
  if (decimals === 0) return plain;
  const dot = plain.indexOf(".");
  const have = dot < 0 ? 0 : plain.length - dot - 1;
  if (have >= decimals) return plain;
  return `${plain}${dot < 0 ? "." : ""}${"0".repeat(decimals - have)}`;
}

/** Days of the 1900 system's serial 1 (1900-01-01) and the 1904 system's serial 0, from 1970-01-01. */
const EPOCH_1900 = daysFromCivil(1899, 12, 31);
const EPOCH_1904 = daysFromCivil(1904, 1, 1);
/** The largest serial Excel shows as a date: 9999-12-31 in the 1900 system. */
const MAX_SERIAL = 2_958_465;

/**
 * An Excel serial date as `YYYY-MM-DD HH:mm:ss` (or `HH:mm:ss` for a time-only format), rounded to the
 * second as Excel rounds for display. The 1900 system counts 1900-02-29, a day that never was (Lotus 1-2-3
 * did, and Excel kept it): serial 60 is shown as that day, as Excel does, and serials after it are one day
 * ahead of a plain day count.
 */
export function serialToText(serial: number, date1904: boolean, timeOnly = false): string | undefined {
  if (!(serial >= 0) || serial > MAX_SERIAL) return undefined;
  const totalSeconds = Math.round(serial * 86_400);
  let days = Math.floor(totalSeconds / 86_400);
  const seconds = totalSeconds - days * 86_400;
  const time = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  if (timeOnly && days === 0) return time;
  let date: string;
  if (date1904) date = civilText(EPOCH_1904 + days);
  else if (days === 0) date = "1900-01-00";
  else if (days === 60) date = "1900-02-29";
  else {
    if (days > 60) days -= 1;
    date = civilText(EPOCH_1900 + days);
  }
  return `${date} ${time}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Days from 1970-01-01 to a proleptic-Gregorian date (H. Hinnant's algorithm; no `Date`, no time zone). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilText(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${two(m)}-${two(d)}`;
}

/** An ISO 8601 date-time from an .xlsx `t="d"` cell as `YYYY-MM-DD HH:mm:ss`; `undefined` if it is not one. */
export function isoCellText(iso: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(iso.trim());
  if (m === null) return undefined;
  return `${m[1]} ${m[2] ?? "00"}:${m[3] ?? "00"}:${m[4] ?? "00"}`;
}

/** The text Excel shows for an error value (BIFF error codes, [MS-XLS] 2.5.10). */
export function biffErrorText(code: number): string {
  return BIFF_ERRORS.get(code) ?? "#ERROR!";
}

const BIFF_ERRORS = new Map<number, string>([
  [0x00, "#NULL!"],
  [0x07, "#DIV/0!"],
  [0x0f, "#VALUE!"],
  [0x17, "#REF!"],
  [0x1d, "#NAME?"],
  [0x24, "#NUM!"],
  [0x2a, "#N/A"],
  [0x2b, "#GETTING_DATA"],
]);
