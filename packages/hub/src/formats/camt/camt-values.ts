/**
 * Readers for the typed values of camt text nodes (amounts, codes, dates, date-times, booleans, counts). They
 * run once per value of a large document, so none uses a regular expression; each returns `undefined` for a
 * value it cannot read, and the caller reports it with the element's path.
 *
 * @module
 */
import {
  type CurrencyCode,
  currencyExponent,
  type IsoDate,
  type IsoDateTime,
  MAX_DIGITS,
  MAX_SCALE,
  type Money,
  toCurrencyCode,
  tryIsoDate,
} from "../../core/index.js";
import type { XmlAttributes } from "../xml/index.js";
import { hasHighByte } from "../xml/utf8-bytes.js";

/** XML white space. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/**
 * The value without surrounding white space. Schema types other than strings collapse white space, and
 * pretty-printers put amounts and codes on their own line; the common case (nothing to trim) costs two reads.
 */
export function collapse(text: string): string {
  const n = text.length;
  if (n === 0 || (!isSpace(text.charCodeAt(0)) && !isSpace(text.charCodeAt(n - 1)))) return text;
  return text.trim();
}

const currencies = new Map<string, CurrencyCode | null>();

/** The ISO currency for a `Ccy` attribute or currency element, cached: a document repeats the same few codes. */
export function currencyOf(text: string | undefined): CurrencyCode | undefined {
  if (text === undefined) return undefined;
  let code = currencies.get(text);
  if (code === undefined) {
    code = toCurrencyCode(text) ?? null;
    // Bounded: a hostile document must not grow the cache with a new string per amount.
    if (currencies.size < 1024) currencies.set(text, code);
  }
  return code ?? undefined;
}

const byAttributes = new Map<string, CurrencyCode | null>();

/**
 * The currency of an amount element's attributes (`Ccy="EUR"`), or `undefined` when it has none or an unknown
 * one. Cached by the attributes' raw text: a document writes the same few, and this skips parsing them into
 * name and value lists for every amount.
 */
export function currencyAttribute(attributes: XmlAttributes | undefined): CurrencyCode | undefined {
  if (attributes === undefined) return undefined;
  const raw = attributes.raw;
  // Raw text above ASCII is not cached: read from UTF-8 bytes (the reader's utf8Bytes) it is not characters,
  // and the same raw string read decoded means something else. Bank currency attributes are ASCII.
  if (hasHighByte(raw, 0, raw.length)) return currencyOf(attributes.get("Ccy"));
  let code = byAttributes.get(raw);
  if (code === undefined) {
    code = currencyOf(attributes.get("Ccy")) ?? null;
    if (byAttributes.size < 1024) byAttributes.set(raw, code);
  }
  return code ?? undefined;
}

const POW10 = [1n, 10n, 100n, 1000n, 10000n, 100000n];

/**
 * A non-negative camt amount (`ActiveOrHistoricCurrencyAndAmount`: digits, an optional `.` and decimals; no
 * sign, exponent or grouping) in `currency`, at the larger of the currency's exponent and the decimals written.
 * Returns `undefined` for anything else and beyond the model's limits (40 digits, 18 decimals).
 */
export function camtMoney(raw: string, currency: CurrencyCode): Money | undefined {
  const text = collapse(raw);
  const n = text.length;
  if (n === 0 || n > MAX_DIGITS + 1) return undefined;
  let dot = -1;
  let digits = 0;
  // Small amounts (the usual case) are summed as a number, exactly: 15 digits stay below 2^53.
  let small = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      small = small * 10 + (c - 48);
    } else if (c === 46 && dot < 0) dot = i;
    else return undefined;
  }
  if (digits === 0 || digits > MAX_DIGITS) return undefined;
  const scale = dot < 0 ? 0 : n - dot - 1;
  if (scale > MAX_SCALE) return undefined;
  let units = digits <= 15 ? BigInt(small) : BigInt(dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1));
  const exponent = currencyExponent(currency);
  if (scale >= exponent) return { minor: units, scale, currency };
  units *= POW10[exponent - scale] ?? 10n ** BigInt(exponent - scale);
  return { minor: units, scale: exponent, currency };
}

/**
 * A plain non-negative decimal as the exact text the model keeps for exchange rates (`"1.0828"`: 1–20 integer
 * digits, optionally `.` and 1–18 decimals), or `undefined`.
 */
export function camtRate(raw: string): string | undefined {
  const text = collapse(raw);
  const dot = text.indexOf(".");
  const intLength = dot < 0 ? text.length : dot;
  const fracLength = dot < 0 ? 0 : text.length - dot - 1;
  if (intLength < 1 || intLength > 20 || (dot >= 0 && (fracLength < 1 || fracLength > 18))) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (i !== dot && (c < 48 || c > 57)) return undefined;
  }
  return text;
}

/**
 * An `ISODate`. The schema type is `xs:date`, which allows a time-zone suffix (`2024-03-15+01:00`, `…Z`): the
 * calendar day is kept and the zone dropped, as the model's dates have none.
 */
export function camtDate(raw: string): IsoDate | undefined {
  // Dates repeat from entry to entry: checked once, shared like codes.
  const known = dates.get(raw);
  if (known !== undefined) return known ?? undefined;
  const date = readDate(collapse(raw));
  if (raw.length <= 12) {
    if (dates.size >= 4096) dates.clear();
    dates.set(raw, date ?? null);
  }
  return date;
}

const dates = new Map<string, IsoDate | null>();

function readDate(text: string): IsoDate | undefined {
  if (text.length === 10) return tryIsoDate(text);
  const zone = text.slice(10);
  if (zone === "Z" || (zone.length === 6 && (zone[0] === "+" || zone[0] === "-") && zone[3] === ":")) return tryIsoDate(text.slice(0, 10));
  return undefined;
}

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    // Past the end charCodeAt gives NaN, which no comparison accepts: written so that NaN fails.
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * An `ISODateTime` kept as written, when the model accepts it: `YYYY-MM-DDTHH:MM`, optional `:SS` with up to 9
 * decimals, optional `Z` or `±HH:MM`/`±HHMM` (the same language as `tryIsoDateTime`, without its regular
 * expression).
 */
export function camtDateTime(raw: string): IsoDateTime | undefined {
  const s = collapse(raw);
  const n = s.length;
  if (n < 16 || s.charCodeAt(10) !== 0x54 /* T */ || tryIsoDate(s.slice(0, 10)) === undefined) return undefined;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (hour < 0 || hour > 23 || s.charCodeAt(13) !== 0x3a || minute < 0 || minute > 59) return undefined;
  let i = 16;
  if (i < n && s.charCodeAt(i) === 0x3a) {
    const second = digits(s, i + 1, 2);
    if (i + 3 > n || second < 0 || second > 60) return undefined;
    i += 3;
    if (i < n && s.charCodeAt(i) === 0x2e /* . */) {
      const start = ++i;
      while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      if (i === start || i - start > 9) return undefined;
    }
  }
  if (i === n) return s as IsoDateTime;
  const c = s.charCodeAt(i);
  if (c === 0x5a /* Z */) return i + 1 === n ? (s as IsoDateTime) : undefined;
  if (c !== 0x2b && c !== 0x2d) return undefined;
  const zh = digits(s, i + 1, 2);
  if (zh < 0 || zh > 23) return undefined;
  const colon = s.charCodeAt(i + 3) === 0x3a ? 1 : 0;
  const zm = digits(s, i + 3 + colon, 2);
  if (zm < 0 || zm > 59 || i + 5 + colon !== n) return undefined;
  return s as IsoDateTime;
}

/** An `xs:boolean` (`true`, `false`, `1`, `0`), or `undefined`. */
export function camtBoolean(raw: string): boolean | undefined {
  const text = collapse(raw);
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  return undefined;
}

/** A count (`Max15NumericText`, `Max5NumericText`): 1–15 digits, as a number, or `undefined`. */
export function camtCount(raw: string): number | undefined {
  const text = collapse(raw);
  if (text.length === 0 || text.length > 15) return undefined;
  const v = digits(text, 0, text.length);
  return v < 0 ? undefined : v;
}
