/**
 * QIF dates. QIF defines no date format: Quicken writes `12/31'23` or `1/ 5/99` (old versions `1/ 1/100` for 2000,
 * some exporters `12/31/19100`), European software
 * `31.12.2023` or `D28.02'2009`, others `2023-12-31`, `28 Feb 2009` or `28-Feb-09`, or eight or six digits without
 * separators (`12312023`, `31122023`, `20231231`; `123123`, `311223`, `231231`, see `qif-six-digit-dates.ts`); bank
 * web exports glue text after the date (`03/25/099Share Withdrawal`).
 * Whether `03/04/2024` is March 4 or 3 April cannot be told from one date, and importers that decide it line by line
 * mix both in one file (OCA PR #185; securo #518/#547; MMEX #5602; sure #2498/#2588; GnuCash PR #2308).
 *
 * So the order is decided once per file, from all its dates: `!Option:MDY`/`!Option:DMY` when the file says;
 * else the order that more of its unambiguous dates (a day above 12) fit; else, when every date fits both, the
 * order under which consecutive dates lie closer together (registers are kept in date order, and a swapped day
 * and month scatters them over the year), reported as ambiguous. When as many dates fit only one order as only the
 * other (exports of two programs pasted together), each date that fits both takes the order of the nearest
 * date that fits one, as such files come in blocks (`orders`); also reported. A date that fits only the order not
 * chosen is still read in that order, its only reading, and reported (`qif-entry.ts`); the order decides the
 * dates that fit both.
 *
 * @module
 */
import { dateFromParts, daysBetween, type IsoDate } from "../../core/index.js";

/** The order of day and month in numeric dates. */
export type QifDateOrder = "MDY" | "DMY";

/**
 * A date as written, split into what can be decided without the file's order. `text`, on a date that reads, is what
 * was written after it (`Share Withdrawal` in `03/25/099Share Withdrawal`), trimmed; absent when nothing was.
 */
export type QifDateToken =
  /**
   * Day and month in an order the file decides: `first`/`second` are the first two numbers; `dotted` when a dot
   * separates them (`01.02.2024`, `28.02'2009`); `separated` unless written as 8 digits without separators
   * (`01022024`), which are neither dotted nor not.
   */
  | {
      readonly kind: "numeric";
      readonly first: number;
      readonly second: number;
      readonly year: number;
      readonly dotted: boolean;
      readonly separated: boolean;
      /**
       * Set when the year is two digits after a separator other than Quicken's `'` (`24/01/15`): such a date could
       * be written year first (YY/MM/DD), which no order the caller gives reads (`--date-order ymd` places the year
       * of six-digit dates only).
       */
      readonly twoDigitYear?: true;
      readonly text?: string;
    }
  /** A date whose order is in the text itself (year first, or a month name). */
  | { readonly kind: "fixed"; readonly date: IsoDate | undefined; readonly text?: string }
  /**
   * Six digits without separators (`123124`, `311224`, `241231`): year last, day and month in the file's order, or
   * year first (YYMMDD). Which of them a file writes only its six-digit dates together tell: `qif-six-digit-dates.ts`
   * decides, and turns each into a `numeric` or `fixed` token. {@link resolveQifDate} reads none before that.
   */
  | { readonly kind: "sixDigit"; readonly digits: string; readonly text?: string }
  | { readonly kind: "invalid" };

/**
 * How far into a `D` value a date with text after it is looked for: the longest forms (`12 septiembre 2023`,
 * `1/ 1/ 19100`) are shorter, and the bound keeps a long line from being tokenized once per word.
 */
const DATE_WITH_TEXT_MAX = 32;

/** Two-digit years below this are 20xx, the others 19xx (POSIX `%y`). */
const YEAR_PIVOT = 70;

/** English month names: a word is a month when it is one of them or a start of one of three letters or more (`Feb`, `Sept`). */
const ENGLISH_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
] as const;

/**
 * German, Dutch, French, Spanish and Italian names and abbreviations that differ from the English ones (European
 * Quicken, Moneyplex and bank exports write `28 Okt 2009`, `3 mrt 2024`, `12 déc. 2023`). Only these whole words:
 * as starts of words they would make dates of text (`ago` in `Dagobert 12 24`).
 */
const OTHER_MONTHS: Readonly<Record<string, number>> = {
  mär: 3,
  märz: 3,
  maerz: 3,
  mrz: 3,
  mai: 5,
  okt: 10,
  oktober: 10,
  dez: 12,
  dezember: 12,
  januar: 1,
  februar: 2,
  juni: 6,
  juli: 7,
  mrt: 3,
  maart: 3,
  mei: 5,
  janv: 1,
  janvier: 1,
  févr: 2,
  fév: 2,
  fevr: 2,
  février: 2,
  mars: 3,
  avr: 4,
  avril: 4,
  juin: 6,
  juil: 7,
  juillet: 7,
  août: 8,
  aout: 8,
  déc: 12,
  décembre: 12,
  ene: 1,
  abr: 4,
  ago: 8,
  dic: 12,
  gen: 1,
  mag: 5,
  giu: 6,
  lug: 7,
  set: 9,
  ott: 10,
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
  gennaio: 1,
  febbraio: 2,
  aprile: 4,
  maggio: 5,
  giugno: 6,
  luglio: 7,
  settembre: 9,
  ottobre: 10,
  dicembre: 12,
};

function monthOf(word: string): number | undefined {
  const w = word.toLowerCase();
  if (Object.hasOwn(OTHER_MONTHS, w)) return OTHER_MONTHS[w];
  if (w.length < 3) return undefined;
  const i = ENGLISH_MONTHS.findIndex((m) => m.startsWith(w));
  return i < 0 ? undefined : i + 1;
}

/**
 * The year a QIF year field means, or `undefined` when the digits are no year QIF software writes. Four digits as
 * written; two digits by a pivot at 70 (`1/5/99` is 1999, `1/5/04` 2004). Quicken writes years from 2000 on after an
 * apostrophe (`1/5'01`, `1/1' 0`), which the pivot reads as 20xx too; KMyMoney can be set to write one for every
 * year, and its `12/31'99` is 1999, not 2099.
 *
 * Old Quicken versions wrote the year as years since 1900 (C's `tm_year`): `1/ 1/100` is 2000, `105` 2005. Bank web
 * exports padded it to three digits before 2000 too (`03/25/099` for 1999, GnuCash's doc/examples/web.qif; GnuCash
 * reads any year below 1902 as 1900 + n). Three digits are read from `070` to `169`, 1970 to 2069, the years the
 * two-digit pivot reads: `1/1/199` is a 199x cut short, not 2099. Others put the number after a fixed `19`, so
 * 2000 became `19100`; before 2000 that made four digits (`1999`), so only `19100` to `19169` are read. Any other
 * three- or five-digit year is none.
 */
export function expandYear(digits: string): number | undefined {
  const y = Number(digits);
  if (digits.length === 4) return y;
  if (digits.length <= 2) return y < YEAR_PIVOT ? 2000 + y : 1900 + y;
  if (digits.length === 3) return y >= YEAR_PIVOT && y < 100 + YEAR_PIVOT ? 1900 + y : undefined;
  const sinceY2k = digits.length === 5 && digits.startsWith("19") ? Number(digits.slice(2)) : -1;
  return sinceY2k >= 100 && sinceY2k < 100 + YEAR_PIVOT ? 1900 + sinceY2k : undefined;
}

function isLetter(c: number): boolean {
  // Latin-1 letters too (`Mär`, `déc`, `août`), not × (D7) and ÷ (F7).
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Splits a date as written (`12/31'23`, `28.02'2009`, `28 Feb 2009`) into a {@link QifDateToken}.
 *
 * Bank web exports glue the transaction's description to its date (`D03/25/099Share Withdrawal`, GnuCash's
 * doc/examples/web.qif), and GnuCash reads the date and ignores the rest. So when the whole value is no date, the
 * shortest start of it that is a complete date, ending in a digit and followed by a letter or white space, is read,
 * and the rest kept as `text`. The year is the whole run of digits (a digit never follows it), so its form is decided
 * before any text: `1/1/20245` is no year 2024 followed by `5`, and `1/1/199Share` is no date, as `1/1/199` is none.
 */
export function tokenizeQifDate(raw: string): QifDateToken {
  const text = raw.trim();
  const whole = tokenizeWhole(text);
  if (whole.kind !== "invalid") return whole;
  const end = Math.min(text.length, DATE_WITH_TEXT_MAX + 1);
  for (let p = 1; p < end; p++) {
    if (!isDigit(text.charCodeAt(p - 1)) || !/[\p{L}\s]/u.test(text.charAt(p))) continue;
    const date = tokenizeWhole(text.slice(0, p));
    if (date.kind !== "invalid") return { ...date, text: text.slice(p).trim() };
  }
  return whole;
}

/** {@link tokenizeQifDate} for a value that is the date alone (trimmed). */
function tokenizeWhole(text: string): QifDateToken {
  const numbers: string[] = [];
  const before: string[] = [];
  let word: string | undefined;
  let wordAt = -1;
  let i = 0;
  let separator = "";
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      numbers.push(text.slice(i, j));
      before.push(separator);
      separator = "";
      i = j;
    } else if (isLetter(c)) {
      let j = i;
      while (j < text.length && isLetter(text.charCodeAt(j))) j++;
      if (word !== undefined) return { kind: "invalid" };
      word = text.slice(i, j);
      wordAt = numbers.length;
      separator = "";
      i = j;
    } else {
      separator += text.charAt(i);
      i++;
    }
  }
  if (word !== undefined) {
    // `28 Feb 2009`, `28-Feb-09`, `Feb 28, 2009`: the name is the month, the longer or last number the year.
    const month = monthOf(word);
    if (month === undefined || numbers.length !== 2) return { kind: "invalid" };
    const [x, y] = numbers as [string, string];
    const dayText = wordAt === 0 ? x : x.length === 4 ? y : x;
    const yearText = dayText === x ? y : x;
    const year = expandYear(yearText);
    if (dayText.length > 2 || (yearText.length !== 2 && yearText.length !== 4) || year === undefined) return { kind: "invalid" };
    return { kind: "fixed", date: dateFromParts(year, month, Number(dayText)) };
  }
  if (numbers.length === 1 && numbers[0]?.length === 6) return { kind: "sixDigit", digits: numbers[0] };
  if (numbers.length === 1 && numbers[0]?.length === 8) {
    // Eight digits without separators: `12312023`/`31122023` (day and month in the file's order) or `20231231`. The
    // last four digits tell them apart: a year 19xx/20xx there makes the first two readings; YYYYMMDD's month is
    // 01-12, so its last four digits never are one, and no date is both (qif-dates.test checks every date).
    const s = numbers[0];
    const year = Number(s.slice(4));
    if (year >= 1900 && year <= 2099) {
      return { kind: "numeric", first: Number(s.slice(0, 2)), second: Number(s.slice(2, 4)), year, dotted: false, separated: false };
    }
    return { kind: "fixed", date: dateFromParts(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8))) };
  }
  if (numbers.length !== 3) return { kind: "invalid" };
  const [a, b, c] = numbers as [string, string, string];
  if (a.length === 4) {
    // Year first: `2023-12-31`, `2023/12/31`. Nobody writes year-day-month.
    if (b.length > 2 || c.length > 2) return { kind: "invalid" };
    return { kind: "fixed", date: dateFromParts(Number(a), Number(b), Number(c)) };
  }
  const year = expandYear(c);
  if (a.length > 2 || b.length > 2 || year === undefined) return { kind: "invalid" };
  return {
    kind: "numeric",
    first: Number(a),
    second: Number(b),
    year,
    dotted: (before[1] ?? "").trim() === ".",
    separated: true,
    ...(c.length === 2 && !(before[2] ?? "").includes("'") ? { twoDigitYear: true as const } : {}),
  };
}

/**
 * The date a token means in `order`, or `undefined` when it is no date in that order (and for six digits not yet
 * decided, see {@link QifDateToken}).
 */
export function resolveQifDate(token: QifDateToken, order: QifDateOrder): IsoDate | undefined {
  if (token.kind === "fixed") return token.date;
  if (token.kind === "invalid" || token.kind === "sixDigit") return undefined;
  return order === "MDY" ? dateFromParts(token.year, token.first, token.second) : dateFromParts(token.year, token.second, token.first);
}

/** How the file's order was decided. */
export interface QifDateOrderDecision {
  readonly order: QifDateOrder;
  /**
   * `option`: the file or the caller said; `dates`: more of its unambiguous dates fit it; when every date fits
   * both, `separator`: they are all written with dots, which is day first; else `sequence` or `default`.
   * `proximity`: as many dates fit only one order as only the other, and the dates that fit both are read in the
   * order of the nearest of them (`orders`); `order` is then the one most of those are read in.
   */
  readonly basis: "option" | "dates" | "separator" | "sequence" | "proximity" | "default";
  /**
   * True when the order is a guess: a numeric date that reads differently in the two orders fits both, and no
   * option or majority of dates that fit only one decides it.
   */
  readonly ambiguous: boolean;
  /** Numeric dates that only fit the order chosen. */
  readonly fitting: number;
  /** Numeric dates that only fit the order not chosen. */
  readonly against: number;
  /** Numeric dates that fit both orders and read differently in each (`01/02`, not `05/05`). */
  readonly both: number;
  /** Numeric dates looked at. */
  readonly numeric: number;
  /**
   * With basis `proximity`, the order of each token (by index) that fits both: the one its nearest dates fitting
   * one order give. Other tokens are read in `order`, else in their only reading.
   */
  readonly orders?: readonly (QifDateOrder | undefined)[];
  /** With basis `proximity`, how many of the dates that read differently are read in each order. */
  readonly read?: Readonly<Record<QifDateOrder, number>>;
}

/** Sum of day distances between consecutive dates: small for a register, large when day and month are swapped. */
function spread(tokens: readonly QifDateToken[], order: QifDateOrder): number {
  let total = 0;
  let previous: IsoDate | undefined;
  for (const t of tokens) {
    if (t.kind !== "numeric") continue;
    // Only asked when no date fits just one order, so every numeric date is read here (one fitting neither is none).
    const date = resolveQifDate(t, order);
    if (date === undefined) continue;
    if (previous !== undefined) total += Math.abs(daysBetween(previous, date));
    previous = date;
  }
  return total;
}

const distance = (a: IsoDate, b: IsoDate) => Math.abs(daysBetween(a, b));

/**
 * The order of each token that fits both orders, when as many dates fit only one order as only the other: the
 * order of the nearest date in the file that fits one. Exports pasted together come in blocks, so a run of dates
 * that fit both belongs to the dates around it. A run between two dates of different orders holds the point where
 * one block ends: it is put where the dates follow each other most closely (registers are in date order), and
 * where several points do that equally, nearest the middle of the run.
 */
function ordersByProximity(tokens: readonly QifDateToken[]): (QifDateOrder | undefined)[] {
  const orders: (QifDateOrder | undefined)[] = tokens.map(() => undefined);
  /** Numeric tokens that can be read, in file order, with the order they fit when only one. */
  const dated: { index: number; only: QifDateOrder | undefined; date: IsoDate | undefined }[] = [];
  tokens.forEach((t, index) => {
    if (t.kind !== "numeric") return;
    const mdy = resolveQifDate(t, "MDY");
    const dmy = resolveQifDate(t, "DMY");
    if (mdy === undefined && dmy === undefined) return;
    const only = dmy === undefined ? "MDY" : mdy === undefined ? "DMY" : undefined;
    dated.push({ index, only, date: only === undefined ? undefined : (mdy ?? dmy) });
  });
  let start = 0;
  while (start < dated.length) {
    if (dated[start]?.only !== undefined) {
      start++;
      continue;
    }
    let end = start;
    while (end < dated.length && dated[end]?.only === undefined) end++;
    // dated[start..end) fit both; the dates around them, if any, fit one order each (the caller makes sure there is
    // one). Before the first or after the last, or between two of one order, the run takes theirs.
    const left = dated[start - 1];
    const right = dated[end];
    const run = dated.slice(start, end).map((d) => tokens[d.index] as QifDateToken);
    const split =
      left === undefined
        ? 0
        : right === undefined || left.only === right.only
          ? run.length
          : bestSplit(run, left as Anchor, right as Anchor);
    for (let k = 0; k < run.length; k++) {
      const order = k < split ? left?.only : right?.only;
      orders[(dated[start + k] as { index: number }).index] = order;
    }
    start = end;
  }
  return orders;
}

type Anchor = { readonly only: QifDateOrder; readonly date: IsoDate };

/**
 * How many of `run` (dates that fit both, between `left` and `right` of different orders) to read in `left`'s
 * order, the rest in `right`'s: where the chain of dates from `left` to `right` is shortest, then nearest the middle.
 */
function bestSplit(run: readonly QifDateToken[], left: Anchor, right: Anchor): number {
  const n = run.length;
  const a = run.map((t) => resolveQifDate(t, left.only) as IsoDate);
  const b = run.map((t) => resolveQifDate(t, right.only) as IsoDate);
  // prefix[k]: from left through a[0..k-1]; suffix[k]: from b[k..n-1] through right.
  const prefix: number[] = [0];
  for (let k = 1; k <= n; k++) {
    const from = k === 1 ? left.date : (a[k - 2] as IsoDate);
    prefix.push((prefix[k - 1] as number) + distance(from, a[k - 1] as IsoDate));
  }
  const suffix: number[] = new Array<number>(n + 1).fill(0);
  for (let k = n - 1; k >= 0; k--) {
    const to = k === n - 1 ? right.date : (b[k + 1] as IsoDate);
    suffix[k] = (suffix[k + 1] as number) + distance(b[k] as IsoDate, to);
  }
  let best = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= n; k++) {
    const join = distance(k === 0 ? left.date : (a[k - 1] as IsoDate), k === n ? right.date : (b[k] as IsoDate));
    const cost = (prefix[k] as number) + join + (suffix[k] as number);
    // Equal chains: the point nearer the middle (each date then goes to the nearer block), the later one on a tie
    // (the middle date stays with the block before it).
    if (cost < bestCost || (cost === bestCost && Math.abs(2 * k - n) <= Math.abs(2 * best - n))) {
      best = k;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * Decides the day-month order for a whole file from all its dates (in file order) and its `!Option:`
 * (`MDY` or `DMY`), if any.
 */
export function decideQifDateOrder(tokens: readonly QifDateToken[], option: QifDateOrder | undefined): QifDateOrderDecision {
  let onlyMdy = 0;
  let onlyDmy = 0;
  let numeric = 0;
  let separated = 0;
  let dotted = 0;
  /** Dates that fit both orders and read differently in each (`01/02`, not `05/05`). */
  let both = 0;
  for (const t of tokens) {
    if (t.kind !== "numeric") continue;
    numeric++;
    // Dates of 8 digits have no separator to tell: they are left out of the dots rule.
    if (t.separated) separated++;
    if (t.dotted) dotted++;
    const mdy = resolveQifDate(t, "MDY") !== undefined;
    const dmy = resolveQifDate(t, "DMY") !== undefined;
    if (mdy && !dmy) onlyMdy++;
    else if (dmy && !mdy) onlyDmy++;
    else if (mdy && t.first !== t.second) both++;
  }
  const fits = (order: QifDateOrder) => (order === "MDY" ? { fitting: onlyMdy, against: onlyDmy } : { fitting: onlyDmy, against: onlyMdy });
  if (option !== undefined) return { order: option, basis: "option", ambiguous: false, ...fits(option), both, numeric };
  if (onlyMdy !== onlyDmy) {
    // The file mixes orders when both counts are above 0: the majority decides, and each date of the other is
    // reported where it is read.
    const order: QifDateOrder = onlyDmy > onlyMdy ? "DMY" : "MDY";
    return { order, basis: "dates", ambiguous: false, ...fits(order), both, numeric };
  }
  const tie = onlyMdy;
  const ambiguous = both > 0;
  // Dates written with dots (`01.02.2024`) are day first wherever they are written (German, Swiss, Austrian,
  // Polish, Russian software); Quicken's month-first dates use slashes. Monthly bookings on the 1st (rent,
  // salary) read month first would also lie closer together, so the separator is asked before the sequence.
  // Still reported: no date proves it.
  const allDotted = separated > 0 && dotted === separated;
  if (tie > 0 && both > 0) {
    // As many dates fit only one order as only the other: two exports pasted together, evenly. Each date that fits
    // both follows the dates nearest it; the file's order (for the dates reported as fitting only the other) is the
    // one most of them are read in.
    const orders = ordersByProximity(tokens);
    const read = { MDY: 0, DMY: 0 };
    tokens.forEach((t, i) => {
      const o = orders[i];
      if (o !== undefined && t.kind === "numeric" && t.first !== t.second) read[o]++;
    });
    const order: QifDateOrder = read.DMY > read.MDY || (read.DMY === read.MDY && allDotted) ? "DMY" : "MDY";
    return { order, basis: "proximity", ambiguous, fitting: tie, against: tie, both, numeric, orders, read };
  }
  // No date reads differently in the two orders (`05/05`, or none): nothing to be unsure of, but an order to name.
  if (numeric === 0 || (both === 0 && tie === 0)) {
    return { order: "MDY", basis: "default", ambiguous, fitting: 0, against: 0, both, numeric };
  }
  if (allDotted) return { order: "DMY", basis: "separator", ambiguous, fitting: tie, against: tie, both, numeric };
  // An even tie of dates that fit one order each, and none other that reads differently: the order only names
  // which of them are reported.
  if (tie > 0) return { order: "MDY", basis: "default", ambiguous, fitting: tie, against: tie, both, numeric };
  // Every date fits both orders.
  const mdy = spread(tokens, "MDY");
  const dmy = spread(tokens, "DMY");
  if (mdy === dmy) return { order: "MDY", basis: "default", ambiguous, fitting: 0, against: 0, both, numeric };
  return { order: dmy < mdy ? "DMY" : "MDY", basis: "sequence", ambiguous, fitting: 0, against: 0, both, numeric };
}
