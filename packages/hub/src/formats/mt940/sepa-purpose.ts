/**
 * The SEPA keywords German banks write inside the `:86:` purpose subfields (`?20`–`?29`, `?60`–`?63`):
 * `EREF+`, `KREF+`, `MREF+`, `CRED+`, `SVWZ+`, `ABWA+`, `ABWE+`… A keyword may be split across two subfields
 * (`…034 S` + `VWZ+ . SPOTIFY`, wolph #109), so keywords are found in the purpose joined without separators,
 * and the subfield boundaries are kept to cut a value that runs past its SEPA length.
 *
 * @module
 */
import { addBankData, addRemittance, type EntryDetails, setParty } from "./entry-details.js";
import type { JoinedLines } from "./joined-lines.js";

/** Longest value of each keyword in the DK specification; `SVWZ` (the remittance) takes all that follows. */
const LIMITS: Readonly<Record<string, number>> = {
  EREF: 35,
  KREF: 35,
  MREF: 35,
  CRED: 35,
  DEBT: 35,
  ABWA: 70,
  ABWE: 70,
  IBAN: 34,
  BIC: 11,
  PURP: 4,
  SQTP: 4,
  MDAT: 10,
  DDAT: 10,
  ORCR: 35,
  ORMR: 35,
  COAM: 30,
  OAMT: 30,
  SVWZ: Number.POSITIVE_INFINITY,
};

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Four upper-case letters as one number (base 26), so a keyword is recognised without slicing a string. */
function code4(text: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 4; i++) {
    const c = text.charCodeAt(i) - 65;
    if (c < 0 || c > 25) return -1;
    n = n * 26 + c;
  }
  return n;
}

/** The keywords by index, and each one's longest value ({@link LIMITS}). */
const NAMES: readonly string[] = Object.keys(LIMITS);

/** Every keyword the reader takes in the purpose (`EREF`, `BIC`…): the writer keeps them out of the values it writes. */
export const SEPA_KEYWORDS: readonly string[] = NAMES;
const LIMIT_OF: readonly number[] = NAMES.map((k) => LIMITS[k] as number);
const BIC_INDEX = NAMES.indexOf("BIC");

/** The index in {@link NAMES} of a four-letter keyword given as its {@link code4}, or -1. */
const FOUR_LETTER: ReadonlyMap<number, number> = new Map(NAMES.flatMap((k, i) => (k.length === 4 ? [[code4(k, 0), i] as const] : [])));

/*
 * The purpose is the `?2x`/`?6x` subfields of the field joined without separators. It is read in place, in the
 * field's text: an offset in the purpose maps to the text through the subfields' `ranges` (start, end pairs in
 * the text) and `boundaries` (where each subfield starts in the purpose). Building the joined purpose as a string
 * (slices, concatenations, and the copy that flattens them on the first search) took about a quarter of the
 * split; nearly every read falls inside one subfield and goes straight to the text, and only what crosses a
 * subfield boundary takes the slower way. The lists below are reused from entry to entry: the split is
 * synchronous and never re-entered.
 */

/** Where each subfield starts in the purpose (the first `n` entries are the current purpose's). */
const BOUNDARIES: number[] = [];
/** The keywords found: their index in {@link NAMES}, start and value start (the first `count` entries). */
const KEYWORD_NAMES: number[] = [];
const KEYWORD_STARTS: number[] = [];
const KEYWORD_VALUES: number[] = [];
/** The bounds {@link trimBounds} found. */
const TRIMMED = { start: 0, end: 0 };

function setAt(list: number[], i: number, value: number): void {
  if (i < list.length) list[i] = value;
  else list.push(value);
}

/** The subfield that holds purpose offset `at`: the last one starting at or before it (0 when none). */
function subfieldAt(boundaries: readonly number[], n: number, at: number): number {
  let k = n - 1;
  while (k > 0 && (boundaries[k] as number) > at) k--;
  return k;
}

/** The purpose's character at `at` (`NaN` outside it, as `charCodeAt`), for reads that cross a subfield boundary. */
function charAt(text: string, ranges: readonly number[], boundaries: readonly number[], n: number, at: number): number {
  if (at < 0 || n === 0) return Number.NaN;
  const k = subfieldAt(boundaries, n, at);
  const t0 = ranges[2 * k] as number;
  const offset = at - (boundaries[k] as number);
  return offset >= 0 && offset < (ranges[2 * k + 1] as number) - t0 ? text.charCodeAt(t0 + offset) : Number.NaN;
}

/** Whether a subfield starts at purpose offset `at`. */
function isBoundary(boundaries: readonly number[], n: number, at: number): boolean {
  for (let k = 0; k < n; k++) if (boundaries[k] === at) return true;
  return false;
}

/**
 * Finds the keywords, in order, into the KEYWORD_ lists; returns how many. A keyword starts the purpose, a
 * subfield or a word: `KREF+EREF+…` has two, `XEREF+` none.
 */
function findKeywords(text: string, ranges: readonly number[], boundaries: readonly number[], n: number): number {
  let count = 0;
  // The next `+` in the text at or after the current subfield: each stretch of the text is searched once.
  let q = -2;
  for (let k = 0; k < n && q !== -1; k++) {
    const t0 = ranges[2 * k] as number;
    const t1 = ranges[2 * k + 1] as number;
    const base = boundaries[k] as number;
    if (q < t0) q = text.indexOf("+", t0);
    for (; q >= 0 && q < t1; q = text.indexOf("+", q + 1)) {
      const plus = base + (q - t0);
      let start = plus - 4;
      let name = -1;
      if (start >= 0) {
        let code: number;
        if (start >= base) code = code4(text, q - 4);
        else {
          code = 0;
          for (let i = start; i < plus; i++) {
            const c = charAt(text, ranges, boundaries, n, i) - 65;
            if (c < 0 || c > 25) {
              code = -1;
              break;
            }
            code = code * 26 + c;
          }
        }
        name = FOUR_LETTER.get(code) ?? -1;
      }
      if (name < 0 && plus >= 3) {
        const bic =
          plus - 3 >= base
            ? text.charCodeAt(q - 1) === 67 && text.charCodeAt(q - 2) === 73 && text.charCodeAt(q - 3) === 66
            : charAt(text, ranges, boundaries, n, plus - 3) === 66 &&
              charAt(text, ranges, boundaries, n, plus - 2) === 73 &&
              charAt(text, ranges, boundaries, n, plus - 1) === 67;
        if (bic) {
          start = plus - 3;
          name = BIC_INDEX;
        }
      }
      if (name < 0) continue;
      if (start !== 0) {
        const before = start - 1 >= base ? text.charCodeAt(t0 + (start - 1 - base)) : charAt(text, ranges, boundaries, n, start - 1);
        if (isAlnum(before) && !isBoundary(boundaries, n, start)) continue;
      }
      setAt(KEYWORD_NAMES, count, name);
      setAt(KEYWORD_STARTS, count, start);
      setAt(KEYWORD_VALUES, count, plus + 1);
      count++;
    }
  }
  return count;
}

/** The purpose's `[a, b)` without leading and trailing characters up to space, into {@link TRIMMED}. */
function trimBounds(text: string, ranges: readonly number[], boundaries: readonly number[], n: number, a: number, b: number): void {
  let start = a;
  let end = b;
  if (start < end) {
    // Forward from `a`, a subfield at a time.
    let k = subfieldAt(boundaries, n, start);
    for (;;) {
      const t0 = ranges[2 * k] as number;
      const base = boundaries[k] as number;
      const stop = Math.min(end, base + ((ranges[2 * k + 1] as number) - t0));
      while (start < stop && text.charCodeAt(t0 + (start - base)) <= 32) start++;
      if (start < stop || start >= end || k + 1 >= n) break;
      k++;
    }
  }
  if (start < end) {
    // Back from `b`.
    let k = subfieldAt(boundaries, n, end - 1);
    for (;;) {
      const t0 = ranges[2 * k] as number;
      const base = boundaries[k] as number;
      const stop = Math.max(start, base);
      while (end > stop && text.charCodeAt(t0 + (end - 1 - base)) <= 32) end--;
      if (end > stop || end <= start || k === 0) break;
      k--;
    }
  }
  TRIMMED.start = start;
  TRIMMED.end = end;
}

/** The purpose's `[a, b)`, trimmed, cut out of the field's lines (see JoinedLines). */
function value(field: JoinedLines, ranges: readonly number[], boundaries: readonly number[], n: number, a: number, b: number): string {
  if (a >= b) return "";
  trimBounds(field.text, ranges, boundaries, n, a, b);
  const start = TRIMMED.start;
  const end = TRIMMED.end;
  if (start >= end) return "";
  let out = "";
  for (let k = subfieldAt(boundaries, n, start); k < n; k++) {
    const p0 = boundaries[k] as number;
    if (p0 >= end) break;
    const t0 = ranges[2 * k] as number;
    const p1 = p0 + ((ranges[2 * k + 1] as number) - t0);
    if (p1 <= start) continue;
    const piece = field.piece(t0 + Math.max(start, p0) - p0, t0 + Math.min(end, p1) - p0);
    out = out === "" ? piece : out + piece;
  }
  return out;
}

/** The value's end: where it exceeds its keyword's length, at the last subfield boundary within it. */
function cutAt(
  text: string,
  ranges: readonly number[],
  boundaries: readonly number[],
  n: number,
  start: number,
  end: number,
  limit: number,
): number {
  if (end - start <= limit) return end;
  trimBounds(text, ranges, boundaries, n, start, end);
  if (TRIMMED.end - TRIMMED.start <= limit) return end;
  let cut = -1;
  for (let k = 0; k < n; k++) {
    const b = boundaries[k] as number;
    if (b <= start || b >= end) continue;
    trimBounds(text, ranges, boundaries, n, start, b);
    if (TRIMMED.end - TRIMMED.start <= limit) cut = b;
  }
  return cut < 0 ? end : cut;
}

/** The entry's references, created on first use. */
function referencesOf(details: EntryDetails): NonNullable<EntryDetails["references"]> {
  const refs = details.references ?? {};
  details.references = refs;
  return refs;
}

/** An IBAN or account as compared: without spaces, upper case (`de89 3704…` is `DE893704…`). */
function accountKey(v: string): string {
  return v.replace(/\s+/g, "").toUpperCase();
}

/** A BIC as compared: upper case, and the branch code `XXX` of a BIC11 is the BIC8 itself. */
function bicKey(v: string): string {
  const k = accountKey(v);
  return k.length === 11 && k.endsWith("XXX") ? k.slice(0, 8) : k;
}

/**
 * A keyword's value when its slot is already filled (a keyword written twice, or `IBAN+` beside `?31`): kept as
 * bank data under the keyword unless it says the same (as `key` compares them), so that nothing the bank wrote is
 * lost.
 */
function keepSecond(details: EntryDetails, name: string, first: string | undefined, v: string, key?: (v: string) => string): boolean {
  if (first === undefined) return false;
  if (key === undefined ? first !== v : key(first) !== key(v)) addBankData(details, name, v);
  return true;
}

function assign(details: EntryDetails, name: string, v: string): void {
  if (v === "") return;
  // The references as named properties (setReference's `refs[key]` would be a keyed access on every entry).
  switch (name) {
    case "EREF": {
      const refs = referencesOf(details);
      if (!keepSecond(details, name, refs.endToEndId, v)) refs.endToEndId = v;
      return;
    }
    case "KREF": {
      const refs = referencesOf(details);
      if (!keepSecond(details, name, refs.customerReference, v)) {
        refs.customerReference = v;
        details.krefFrom = "KREF+";
      }
      return;
    }
    case "MREF": {
      const refs = referencesOf(details);
      if (!keepSecond(details, name, refs.mandateId, v)) refs.mandateId = v;
      return;
    }
    case "CRED": {
      const refs = referencesOf(details);
      if (!keepSecond(details, name, refs.creditorId, v)) refs.creditorId = v;
      return;
    }
    case "SVWZ":
      addRemittance(details, v);
      return;
    case "ABWA":
      if (!keepSecond(details, name, details.ultimateDebtor, v)) details.ultimateDebtor = v;
      return;
    case "ABWE":
      if (!keepSecond(details, name, details.ultimateCreditor, v)) details.ultimateCreditor = v;
      return;
    case "IBAN":
      if (!keepSecond(details, name, details.counterparty?.account, v, accountKey)) setParty(details, "account", v);
      return;
    case "BIC":
      if (!keepSecond(details, name, details.counterparty?.bankId, v, bicKey)) setParty(details, "bankId", v);
      return;
    case "PURP":
      if (!keepSecond(details, name, details.purpose, v)) details.purpose = v;
      return;
    default:
      addBankData(details, name, v);
  }
}

/** DK's purpose subfield: 27 characters. */
const SUBFIELD = 27;

/**
 * A purpose without SEPA keywords: the lines the payer wrote, one subfield each (DTAUS-era purposes, booking
 * notes). A subfield continues in the next only when it is full (DK: "bei Längenüberschreitung … im nachfolgenden
 * Subfeld fortgesetzt"); a shorter one ends its line, so `?20Miete Dezember?21Wohnung 3 links` is two lines, not
 * "Miete DezemberWohnung 3 links" (aqbanking makes every subfield a line; a full one that is cut mid-word stays one
 * here). A bank that cut where a space was, and dropped it as trailing (`…VISA 4998 XXXX` `XXXX 1234`), gives two
 * pieces that read right joined with a space; a line of exactly 27 characters that ends a sentence is glued to the
 * next, which no rule can tell from a cut word. A bank whose subfields run longer than 27 characters,
 * or that puts the space between two words in a subfield of its own, does not fill them that way: its purpose is
 * read as one text, as before.
 */
function purposeLines(
  field: JoinedLines,
  ranges: readonly number[],
  boundaries: readonly number[],
  n: number,
  details: EntryDetails,
): void {
  const end = (k: number) =>
    k + 1 < n ? (boundaries[k + 1] as number) : (boundaries[k] as number) + ((ranges[2 * k + 1] as number) - (ranges[2 * k] as number));
  let longest = 0;
  let blank = false;
  for (let k = 0; k < n && n > 1; k++) {
    longest = Math.max(longest, (ranges[2 * k + 1] as number) - (ranges[2 * k] as number));
    // A subfield of spaces (and fillers) is the space between two words: that bank runs its text on.
    if (!blank) blank = value(field, ranges, boundaries, n, boundaries[k] as number, end(k)) === "";
  }
  if (n === 1 || longest > SUBFIELD || blank) {
    addRemittance(details, value(field, ranges, boundaries, n, 0, end(n - 1)));
    return;
  }
  let start = 0;
  for (let k = 0; k < n; k++) {
    const length = (ranges[2 * k + 1] as number) - (ranges[2 * k] as number);
    if (length >= SUBFIELD && k + 1 < n) continue;
    addRemittance(details, value(field, ranges, boundaries, n, start, end(k)));
    start = end(k);
  }
}

/**
 * Splits a German purpose into SEPA keyword values and free text. The purpose is the `?2x`/`?6x` subfields of
 * `field`, given as `ranges` (start, end pairs of offsets in `field.text`), joined (without keywords and with
 * `dkLines`, DK's purpose lines: see {@link purposeLines}). EREF, KREF, MREF and CRED go
 * to the references, SVWZ and text outside keywords to the remittance, ABWA/ABWE to the ultimate parties, others
 * to `bankData`. A limited value that runs on (`EREF+TFNR 40005 00005` then a subfield `MTLG:…` without keyword)
 * ends at the subfield boundary and the rest is remittance.
 */
export function splitSepaPurpose(field: JoinedLines, ranges: readonly number[], details: EntryDetails, dkLines = false): void {
  const text = field.text;
  const n = ranges.length >> 1;
  const boundaries = BOUNDARIES;
  let length = 0;
  for (let k = 0; k < n; k++) {
    setAt(boundaries, k, length);
    length += (ranges[2 * k + 1] as number) - (ranges[2 * k] as number);
  }
  const count = findKeywords(text, ranges, boundaries, n);
  if (count === 0) {
    if (dkLines) purposeLines(field, ranges, boundaries, n, details);
    else addRemittance(details, value(field, ranges, boundaries, n, 0, length));
    return;
  }
  addRemittance(details, value(field, ranges, boundaries, n, 0, KEYWORD_STARTS[0] as number));
  for (let i = 0; i < count; i++) {
    const name = KEYWORD_NAMES[i] as number;
    const valueStart = KEYWORD_VALUES[i] as number;
    const end = i + 1 < count ? (KEYWORD_STARTS[i + 1] as number) : length;
    const cut = cutAt(text, ranges, boundaries, n, valueStart, end, LIMIT_OF[name] as number);
    assign(details, NAMES[name] as string, value(field, ranges, boundaries, n, valueStart, cut));
    if (cut < end) addRemittance(details, value(field, ranges, boundaries, n, cut, end));
  }
}
