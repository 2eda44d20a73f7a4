/**
 * OFX element values: date-times, amounts and rates, as banks really write them.
 *
 * @module
 */
import {
  type CurrencyCode,
  currencyExponent,
  type Decimal,
  dateFromParts,
  formatDecimal,
  type IsoDate,
  type IsoDateTime,
  type Money,
  parseDecimal,
} from "../../core/index.js";

/** An OFX date-time read: the calendar date the bank wrote, and the moment when it wrote a time. */
export type OfxDate =
  | {
      readonly kind: "date";
      readonly date: IsoDate;
      readonly dateTime: IsoDateTime | undefined;
      /** Set when written the ISO 8601 way (`2024-01-05T12:30:00+01:00`, `20240105T123000Z`), not as OFX writes dates. */
      readonly iso?: true;
      /**
       * Set when a part written could not be read or kept and was left out (the reader reports it): the `time` after
       * the day (`20240105T12`, `2024-01-05T25:00:00`: the day is kept alone), or the `offset` after the time
       * (`+25:00`, `[-:EST]`: the time is kept without one), or the digits of a `fraction` of a second past the
       * nine a date-time holds (`.1234567891`: `1`); `text` is that part as written.
       */
      readonly dropped?: OfxDroppedPart;
    }
  /** Empty, or the `00000000` some banks write for "no date" (ofxparse `test_returns_none`). */
  | { readonly kind: "absent" }
  | { readonly kind: "invalid" };

/** What of a date could not be read (see `OfxDate`'s `dropped`). */
export interface OfxDroppedPart {
  readonly part: "time" | "offset" | "fraction";
  readonly text: string;
}

function digits(text: string, start: number, length: number): number {
  if (start + length > text.length) return -1;
  let v = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Zone names whose offset is not in doubt, for `[EST]` written without an offset. */
const ZONE_OFFSETS: Readonly<Record<string, string>> = {
  GMT: "+00:00",
  UTC: "+00:00",
  EST: "-05:00",
  EDT: "-04:00",
  MST: "-07:00",
  MDT: "-06:00",
  PST: "-08:00",
  PDT: "-07:00",
};

/**
 * The `[offset:TZ]` part as an ISO offset (`-05:00`, `+05:30` for `+5.30` and `+5.5`, `+00:00`), or
 * `undefined` when it is missing or not a number of hours (`[-:EST]`, ofxparse `investment_medium.ofx`).
 */
function offsetOf(text: string): string | undefined {
  const open = text.indexOf("[");
  if (open < 0) {
    // ISO 8601's `Z` (UTC) and `-0500` right after the time, which some exporters write instead of OFX's brackets.
    if (/^\s*[Zz]\s*$/.test(text)) return "+00:00";
    // ISO 8601 also allows the hours alone (`+01`).
    const iso = /^\s*([+-])(\d\d)(?::?(\d\d))?\s*$/.exec(text);
    const mm = iso?.[3] ?? "00";
    if (iso === null || Number(mm) >= 60 || Number(iso[2]) >= 24) return undefined;
    return `${iso[1] === "-" && `${iso[2]}${mm}` !== "0000" ? "-" : "+"}${iso[2]}:${mm}`;
  }
  let i = open + 1;
  while (text.charCodeAt(i) === 32) i++;
  // A zone name alone (`[EST]`, `[GMT]`): the few whose offset is not in doubt. CST and IST name several zones.
  const named = /^([A-Za-z]{3,4})\s*\]/.exec(text.slice(i));
  if (named !== null) return ZONE_OFFSETS[(named[1] ?? "").toUpperCase()];
  let sign = 1;
  if (text.charCodeAt(i) === 45 /* - */ || text.charCodeAt(i) === 43 /* + */) {
    if (text.charCodeAt(i) === 45) sign = -1;
    i++;
  }
  let hours = 0;
  const hoursStart = i;
  while (i < text.length && i - hoursStart < 2 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)
    hours = hours * 10 + text.charCodeAt(i++) - 48;
  if (i === hoursStart) return undefined;
  let minutes = hours * 60;
  const digitAt = (k: number) => text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57;
  if (i - hoursStart === 2 && digitAt(i) && digitAt(i + 1) && !digitAt(i + 2)) {
    // `+0530`, `-0500`: hours and minutes run together (ISO 8601's basic form).
    const mm = (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48;
    if (mm >= 60) return undefined;
    minutes += mm;
    i += 2;
  } else if (
    text.charCodeAt(i) === 58 /* : */ &&
    digitAt(i + 1) &&
    digitAt(i + 2) &&
    (text.charCodeAt(i + 3) === 93 /* ] */ || text.charCodeAt(i + 3) === 58) /* : */
  ) {
    // `[+05:30]`, `[+05:30:IST]`: minutes after a colon (a zone name is never digits).
    const mm = (text.charCodeAt(i + 1) - 48) * 10 + text.charCodeAt(i + 2) - 48;
    if (mm >= 60) return undefined;
    minutes += mm;
    i += 3;
  } else if (text.charCodeAt(i) === 46 /* . */) {
    // The spec says "gmt offset" in hours and shows only whole ones; banks write both `-5.5` (decimal hours,
    // ofxparse test_parses_time_offset) and `+5.30` / `-3.30` (hours.minutes: India, Newfoundland). Exactly
    // two digits that are a quarter hour (00, 15, 30, 45: every offset in use is one) are minutes; anything
    // else is a fraction of an hour (`.5`, `.75`, `.50`, `.500`). `.15` and `.45` read as decimal hours
    // would be 9 and 27 minutes, which no zone uses, so the rule loses nothing.
    let fraction = 0;
    let scale = 1;
    i++;
    while (i < text.length && scale < 1000 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
      fraction = fraction * 10 + text.charCodeAt(i++) - 48;
      scale *= 10;
    }
    const clockMinutes = scale === 100 && fraction < 60 && fraction % 15 === 0;
    minutes += clockMinutes ? fraction : Math.round((fraction * 60) / scale);
  }
  const next = text.charCodeAt(i);
  if (i < text.length && next !== 58 /* : */ && next !== 93 /* ] */ && next !== 32) return undefined;
  if (minutes >= 24 * 60) return undefined;
  return `${sign < 0 && minutes > 0 ? "-" : "+"}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}

/**
 * Reads an OFX date-time: `YYYYMMDD`, then optionally `HHMMSS` (or `HHMM`), `.XXX` milliseconds (some banks
 * write `:XXX`) and `[offset:TZ]`, e.g. `20240131120000.000[-5:EST]`; some exporters write ISO 8601's `-0500` or `Z`
 * (UTC) instead of the brackets, or the whole date the ISO 8601 way (`2024-01-31T12:00:00+01:00`, `20240131T120000Z`,
 * and the basic date with the extended time, `20240131T12:00:00`), or a decimal comma before the fraction of a second,
 * which are read too and marked `iso` (the reader reports it). The date is the calendar day as written,
 * never moved by the offset; the date-time keeps the offset (`2024-01-31T12:00:00.000-05:00`). A time or an offset
 * that cannot be read is left out and named in `dropped` (the reader reports it): the rest is kept.
 *
 * A time written without an offset is kept without one (`2024-01-31T12:00:00`), although OFX says such a time is
 * GMT (OFX 2.1.1 §3.2.8.2; ofxtools reads it so). The model keeps date-times as the bank gave them (docs/model.md),
 * and banks that leave the offset out often mean their local time (`20240131000000` for the day, Quicken-style noon
 * `120000.000`): an offset the bank did not write would state an instant it may not mean. A caller that trusts its
 * bank to follow the spec can read such a time as GMT. The date is the day as written either way.
 *
 * @example parseOfxDate("20090401122017.000[-5:EST]") // { kind: "date", date: "2009-04-01", dateTime: "2009-04-01T12:20:17.000-05:00" }
 */
export function parseOfxDate(raw: string): OfxDate {
  const text = raw.trim();
  if (text === "") return { kind: "absent" };
  const y = digits(text, 0, 4);
  const m = digits(text, 4, 2);
  const d = digits(text, 6, 2);
  if (y >= 0 && m < 0 && text.charCodeAt(4) === 45 /* - */) return isoDate(text);
  if (y < 0 || m < 0 || d < 0) return { kind: "invalid" };
  if (y === 0 && m === 0 && d === 0) return { kind: "absent" };
  const date = dateFromParts(y, m, d);
  if (date === undefined) return { kind: "invalid" };
  // ISO 8601's basic form puts a `T` between the date and the time (`20240105T123000Z`): read without it, the time
  // and its offset were lost.
  const t = text.charCodeAt(8);
  const iso = (t === 84 || t === 116) /* T t */ && isDigitCode(text.charCodeAt(9));
  const start = iso ? 9 : 8;
  // The basic date with ISO 8601's extended time (`20240105T12:30:00`): unambiguous, though neither OFX's form nor
  // one ISO 8601 form; read like the extended form, its time was lost.
  const extended = iso ? EXTENDED_TIME.exec(text.slice(9, 17)) : null;
  if (extended !== null) return withTime(text, date, 9, extended[3] !== undefined, 9 + extended[0].length, true, true);
  let i = start;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const timeDigits = i - start;
  if (timeDigits === 4 || timeDigits === 6) return withTime(text, date, start, timeDigits === 6, i, iso);
  // Nothing after the day, or only an offset, which moves nothing without a time (`20240105[0:GMT]`): the day is all.
  if (text.length === 8 || (timeDigits === 0 && !iso && offsetOf(text.slice(8)) !== undefined)) return dateOnly(date, iso);
  // Something after the day that is no time OFX or ISO 8601 writes (`2024010512`, `20240105T12`): the day alone
  // is kept, and what was left out is said.
  return dateOnly(date, iso, { part: "time", text: text.slice(8).trim() });
}

/** ISO 8601's extended time, `HH:MM` and optionally `:SS`. */
const EXTENDED_TIME = /^(\d\d):(\d\d)(:\d\d)?/;

/** The digits of a fraction of a second a date-time keeps (docs/model.md: nanoseconds, `tryIsoDateTime`). */
const FRACTION_DIGITS = 9;

/** `date` without a time, marked when written the ISO way, and with what was `dropped` when a time was written. */
function dateOnly(date: IsoDate, iso: boolean, dropped?: OfxDroppedPart): OfxDate {
  const day: OfxDate = iso ? { kind: "date", date, dateTime: undefined, iso } : { kind: "date", date, dateTime: undefined };
  return dropped === undefined ? day : { ...day, dropped };
}

/**
 * `date` at the time written at `start` in `text` (`HHMM` or `HHMMSS` digits, or `HH:MM[:SS]` when `colons`), the
 * fraction of a second and the offset after it, from `i` on. A time that is none (`25:00`) leaves the date alone, and
 * an offset that is none (`+25:00`, `[-:EST]`) the time without one, as `dropped`: the bank's time is kept, without
 * an offset it did not state. A fraction longer than a date-time holds keeps its first nine digits, the rest
 * `dropped` (after an offset that is none, which says more of what the time means). A fraction after a decimal
 * comma (`123000,5`) is ISO 8601's, not OFX's: it marks the date `iso`.
 */
function withTime(text: string, date: IsoDate, start: number, seconds: boolean, from: number, iso: boolean, colons = false): OfxDate {
  const step = colons ? 3 : 2;
  const hh = digits(text, start, 2);
  const mm = digits(text, start + step, 2);
  const ss = seconds ? digits(text, start + 2 * step, 2) : 0;
  if (hh > 23 || mm > 59 || ss > 59) return dateOnly(date, iso, { part: "time", text: text.slice(start).trim() });
  let i = from;
  let fraction = "";
  let extra = "";
  let isoForm = iso;
  const sep = text.charCodeAt(i);
  // ISO 8601 allows a decimal comma before the fraction, in either of its forms and after OFX's time alike (taken for
  // an offset that is none, the fraction was dropped); OFX files have a colon there too (`:014`), ISO ones never.
  // A fraction after minutes (`1230,5`, `12:30.5`: of a minute, which the time does not keep) is left to be said as
  // no offset rather than dropped without a word; only zeros (`1230.000`), which lose nothing, are passed over.
  if (sep === 46 /* . */ || (sep === 44 /* , */ && seconds) || (sep === 58 /* : */ && !iso)) {
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    if (!seconds && !/^0*$/.test(text.slice(i + 1, j))) j = i;
    else if (j > i + 1) {
      const end = Math.min(j, i + 1 + FRACTION_DIGITS);
      fraction = `.${text.slice(i + 1, end)}`;
      extra = text.slice(end, j);
      if (sep === 44) isoForm = true;
    }
    i = j;
  }
  const written = text.slice(i).trim();
  const offset = written === "" ? "" : (offsetOf(written) ?? "");
  const time = `${two(hh)}:${two(mm)}${seconds ? `:${two(ss)}${fraction}` : ""}`;
  const dateTime = `${date}T${time}${offset}` as IsoDateTime;
  const read: OfxDate = isoForm ? { kind: "date", date, dateTime, iso: true } : { kind: "date", date, dateTime };
  if (offset === "" && written !== "") return { ...read, dropped: { part: "offset", text: written } };
  return extra !== "" && seconds ? { ...read, dropped: { part: "fraction", text: extra } } : read;
}

/** ISO 8601's extended form: the date, then optionally `T` (or a space) and `HH:MM`, `:SS` and a fraction. */
const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(:\d\d)?)?/;

/**
 * A date written the ISO 8601 way (`2024-01-05`, `2024-01-05T12:30:00.5+01:00`), as some exporters write OFX dates:
 * the day as written, the time with the offset written (`Z`, `+01:00`, `+0100`, `+01`, or OFX's `[-5:EST]`).
 * Anything else after a date without a time makes it no date: only OFX's own form is read past trailing text.
 */
function isoDate(text: string): OfxDate {
  const match = ISO_DATE.exec(text);
  if (match === null) return { kind: "invalid" };
  const date = dateFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
  if (date === undefined) return { kind: "invalid" };
  if (match[4] === undefined) return match[0].length === text.length ? dateOnly(date, true) : { kind: "invalid" };
  return withTime(text, date, 11, match[6] !== undefined, match[0].length, true, true);
}

/**
 * `text` as a plain decimal string (`-1006.60`), or `undefined`. OFX allows `.` or `,` as the decimal mark
 * (ofxtools `stmtrs_euro.ofx`: `-200,00`; Actual `data-multi-decimal.ofx`); with both, the last one is the
 * decimal mark and the other groups thousands (ofxparse: `-1.006,60` and `-1,006.60` are both −1006.60). Spaces
 * may group thousands too (`-1 200,00`).
 */
function normalizeNumber(raw: string): string | undefined {
  let text = raw.trim();
  if (text === "") return undefined;
  // Spaces grouping thousands, as French software writes them (`-1 200,00`, also with a no-break or thin space):
  // only between a group of one to three digits and groups of exactly three.
  if (SPACE_GROUPED.test(text)) text = text.replace(/[ \u00a0\u2009\u202f]/g, "");
  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      dots++;
      lastDot = i;
    } else if (c === 44) {
      commas++;
      lastComma = i;
    }
  }
  // The common cases first, without rebuilding the string.
  if (commas === 0 && dots <= 1) return text;
  if (dots === 0 && commas === 1) return `${text.slice(0, lastComma)}.${text.slice(lastComma + 1)}`;
  let decimal = -1;
  let group: string;
  if (dots > 0 && commas > 0) {
    decimal = Math.max(lastDot, lastComma);
    group = decimal === lastDot ? "," : ".";
    if ((decimal === lastDot ? dots : commas) > 1) return undefined;
  } else {
    // Only one kind of mark, several times: it groups thousands (1,234,567).
    group = dots > 0 ? "." : ",";
  }
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (i === decimal) out += ".";
    else if (ch !== group) out += ch;
  }
  return out;
}

/** An amount whose thousands are grouped with spaces: `-1 200,00`, `12 345 678.9`. */
const SPACE_GROUPED = /^[+-]?\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:[.,]\d+)?$/;

/** Money from a parsed decimal, at least at the currency's own scale. */
function toMoney(d: Decimal, currency: CurrencyCode): Money {
  const exponent = currencyExponent(currency);
  if (d.scale >= exponent) return { minor: d.units, scale: d.scale, currency };
  return { minor: d.units * 10n ** BigInt(exponent - d.scale), scale: exponent, currency };
}

/**
 * An OFX amount in `currency`, signed as written, keeping every decimal the bank wrote (`+00000000000115.8331`
 * USD stays 115.8331). `null` and `-null` are zero: some banks send them for interest-rate notices (ofxparse
 * `testThatParseTransactionWithNullAmountIgnored`). `undefined` when it is not an amount (`$120`, empty).
 */
export function parseOfxAmount(raw: string, currency: CurrencyCode): Money | undefined {
  const fast = plainAmount(raw, currency);
  if (fast !== undefined) return fast;
  let text = raw.trim();
  if (text === "null" || text === "-null" || text === "+null") return toMoney({ units: 0n, scale: 0 }, currency);
  text = plainSign(text) ?? text;
  // A sign after the number (`5.00-`, as mainframe and accounting exports write it) or parentheses (`(5.00)`) is a
  // negative amount; read as the number alone it would be a credit of 5.00, as the JavaScript peers read it.
  const last = text.charCodeAt(text.length - 1);
  if (text.length > 1 && (last === 45 || last === 43) && isDigitCode(text.charCodeAt(text.length - 2)) && isDigitCode(text.charCodeAt(0)))
    text = `${last === 45 ? "-" : ""}${text.slice(0, -1).trimEnd()}`;
  else if (text.length > 2 && text.charCodeAt(0) === 40 && last === 41) {
    const inner = text.slice(1, -1).trim();
    if (inner !== "" && isDigitCode(inner.charCodeAt(0))) text = `-${inner}`;
  }
  const normalized = normalizeNumber(text);
  if (normalized === undefined) return undefined;
  // Leading zeros would count against the digit limit without adding value.
  const sign = normalized.charCodeAt(0) === 45 || normalized.charCodeAt(0) === 43 ? normalized[0] : "";
  let body = sign === "" ? normalized : normalized.slice(1);
  let z = 0;
  while (z < body.length - 1 && body.charCodeAt(z) === 48 && body.charCodeAt(z + 1) !== 46) z++;
  if (z > 0) body = body.slice(z);
  const d = parseDecimal(sign === "-" ? `-${body}` : body);
  return d === undefined ? undefined : toMoney(d, currency);
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A space that may stand between a sign and the digits: a space, a tab, a no-break or thin space. */
function isSignSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x2009 || c === 0x202f;
}

/**
 * `text` (trimmed) with its leading sign written as OFX writes it, when the bank wrote it otherwise: apart from the
 * digits (`- 5.00`, `+ 5.00`), or as the typographic minus (U+2212, `−5.00`, also apart) or an en dash (U+2013) right
 * before them (`–5.00`, as word processors turn a hyphen into one); `undefined` for any other text. Word processors
 * and spreadsheet exports write these; read as the number alone, the amount was refused. An en dash apart from the
 * digits (`– 5.00`) is a dash between words rather than a sign, and is left to be refused. What follows the sign must
 * begin with a digit or `.` and not end in a sign: a second sign or a parenthesis (`- (5.00)`, `−-5`, `+ 5.00-`) stays
 * unread.
 */
function plainSign(text: string): string | undefined {
  const c = text.charCodeAt(0);
  let i: number;
  let sign: string;
  if (c === 0x2212) {
    sign = "-";
    i = 1;
    while (isSignSpace(text.charCodeAt(i))) i++;
  } else if (c === 0x2013) {
    sign = "-";
    i = 1;
  } else if ((c === 45 || c === 43) && isSignSpace(text.charCodeAt(1))) {
    sign = c === 45 ? "-" : "";
    i = 2;
    while (isSignSpace(text.charCodeAt(i))) i++;
  } else return undefined;
  const next = text.charCodeAt(i);
  // A sign after the digits too (`+ 5.00-`) is a second sign: the trailing one would be read, the leading one dropped.
  const last = text.charCodeAt(text.length - 1);
  if (last === 45 || last === 43) return undefined;
  return isDigitCode(next) || next === 46 ? sign + text.slice(i) : undefined;
}

/**
 * Whether the amount `raw`, read by {@link parseOfxAmount}, writes its sign in a way OFX does not (see `plainSign`:
 * `- 5.00`, `−5.00`, `–5.00`): the reader reports those, once per document.
 */
export function ofxSignUnusual(raw: string): boolean {
  const c = raw.charCodeAt(0);
  // Most amounts start with a digit or a sign right before one: decided at the first character or the second.
  if (c !== 45 && c !== 43 && c !== 0x2212 && c !== 0x2013 && !isSignSpace(c)) return false;
  return plainSign(raw.trim()) !== undefined;
}

// A document is in one or two currencies: the last one's exponent is kept rather than looked up per amount.
let lastCurrency = "";
let lastExponent = 2;

function exponentOf(currency: CurrencyCode): number {
  if (currency !== lastCurrency) {
    lastExponent = currencyExponent(currency);
    lastCurrency = currency;
  }
  return lastExponent;
}

/** Powers of ten exact in a double. */
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/**
 * The common case of {@link parseOfxAmount} without a substring: an optional sign, at most 15 digits with at
 * most one `.`, nothing else. Counted in a double (exact at 15 digits) and made a BigInt once. `undefined`
 * for anything else, which the general path reads.
 */
function plainAmount(text: string, currency: CurrencyCode): Money | undefined {
  const n = text.length;
  if (n === 0 || n > 17) return undefined;
  let i = 0;
  const c0 = text.charCodeAt(0);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) i = 1;
  let units = 0;
  let digits = 0;
  let dot = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      digits++;
    } else if (c === 46 && dot < 0) dot = i;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  let scale = dot < 0 ? 0 : n - dot - 1;
  const exponent = exponentOf(currency);
  if (scale < exponent) {
    if (digits + exponent - scale > 15) return undefined;
    units *= POW10[exponent - scale] as number;
    scale = exponent;
  }
  return { minor: BigInt(c0 === 45 ? -units : units), scale, currency };
}

/** An exchange rate (CURRATE): a positive decimal, `.` or `,` as the decimal mark. */
export function parseOfxRate(raw: string): { readonly text: string; readonly value: Decimal } | undefined {
  const normalized = normalizeNumber(raw);
  if (normalized === undefined) return undefined;
  const value = parseDecimal(normalized);
  if (value === undefined || value.units <= 0n) return undefined;
  const text = formatDecimal(value);
  // The model's rate: up to 20 integer digits and 18 decimals, no sign.
  return /^\d{1,20}(\.\d{1,18})?$/.test(text) ? { text, value } : undefined;
}
