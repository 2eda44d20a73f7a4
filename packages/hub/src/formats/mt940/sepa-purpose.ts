/**
 * The SEPA keywords German banks write inside the `:86:` purpose subfields (`?20`–`?29`, `?60`–`?63`):
 * `EREF+`, `KREF+`, `MREF+`, `CRED+`, `SVWZ+`, `ABWA+`, `ABWE+`… A keyword may be split across two subfields
 * (`…034 S` + `VWZ+ . SPOTIFY`, wolph #109), so keywords are found in the purpose joined without separators,
 * and the subfield boundaries are kept to cut a value that runs past its SEPA length.
 *
 * @module
 */
import { addBankData, addRemittance, type EntryDetails, setParty, setReference } from "./entry-details.js";
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

const FOUR_LETTER: ReadonlyMap<number, string> = new Map(
  Object.keys(LIMITS)
    .filter((k) => k.length === 4)
    .map((k) => [code4(k, 0), k]),
);

interface Keyword {
  readonly name: string;
  readonly start: number;
  readonly valueStart: number;
}

function findKeywords(purpose: string, boundaries: readonly number[]): Keyword[] {
  const found: Keyword[] = [];
  for (let plus = purpose.indexOf("+"); plus >= 0; plus = purpose.indexOf("+", plus + 1)) {
    let start = plus - 4;
    let name = start >= 0 ? FOUR_LETTER.get(code4(purpose, start)) : undefined;
    if (name === undefined && plus >= 3 && purpose.startsWith("BIC", plus - 3)) {
      start = plus - 3;
      name = "BIC";
    }
    // A keyword starts the purpose, a subfield or a word: `KREF+EREF+…` has two, `XEREF+` none.
    if (name !== undefined && (start === 0 || boundaries.includes(start) || !isAlnum(purpose.charCodeAt(start - 1)))) {
      found.push({ name, start, valueStart: plus + 1 });
    }
  }
  return found;
}

/**
 * The purpose's `[a, b)`, trimmed, cut back out of the field's lines (see JoinedLines): the purpose itself is a
 * joined copy made for searching, and a value sliced from it would keep the copy alive.
 */
function purposeValue(
  field: JoinedLines,
  ranges: readonly number[],
  boundaries: readonly number[],
  purpose: string,
  a: number,
  b: number,
): string {
  let start = a;
  let end = b;
  while (start < end && purpose.charCodeAt(start) <= 32) start++;
  while (end > start && purpose.charCodeAt(end - 1) <= 32) end--;
  let out = "";
  for (let k = 0; k < boundaries.length; k++) {
    const p0 = boundaries[k] as number;
    const t0 = ranges[2 * k] as number;
    const p1 = p0 + ((ranges[2 * k + 1] as number) - t0);
    if (p1 <= start || p0 >= end) continue;
    out += field.piece(t0 + Math.max(start, p0) - p0, t0 + Math.min(end, p1) - p0);
  }
  return out;
}

/** Length of `text[start, end)` without its leading and trailing spaces. */
function trimmedLength(text: string, start: number, end: number): number {
  let a = start;
  let b = end;
  while (a < b && text.charCodeAt(a) <= 32) a++;
  while (b > a && text.charCodeAt(b - 1) <= 32) b--;
  return b - a;
}

/** The value's end: where it exceeds its keyword's length, at the last subfield boundary within it. */
function cutAt(purpose: string, start: number, end: number, limit: number, boundaries: readonly number[]): number {
  if (trimmedLength(purpose, start, end) <= limit) return end;
  let cut = -1;
  for (const b of boundaries) {
    if (b <= start || b >= end) continue;
    if (trimmedLength(purpose, start, b) <= limit) cut = b;
  }
  return cut < 0 ? end : cut;
}

function assign(details: EntryDetails, name: string, v: string): void {
  if (v === "") return;
  switch (name) {
    case "EREF":
      setReference(details, "endToEndId", v);
      return;
    case "KREF":
      setReference(details, "customerReference", v);
      return;
    case "MREF":
      setReference(details, "mandateId", v);
      return;
    case "CRED":
      setReference(details, "creditorId", v);
      return;
    case "SVWZ":
      addRemittance(details, v);
      return;
    case "ABWA":
      details.ultimateDebtor ??= v;
      return;
    case "ABWE":
      details.ultimateCreditor ??= v;
      return;
    case "IBAN":
      setParty(details, "account", v);
      return;
    case "BIC":
      setParty(details, "bankId", v);
      return;
    case "PURP":
      details.purpose ??= v;
      return;
    default:
      addBankData(details, name, v);
  }
}

/**
 * Splits a German purpose into SEPA keyword values and free text. The purpose is the `?2x`/`?6x` subfields of
 * `field`, given as `ranges` (start, end pairs of offsets in `field.text`), joined. EREF, KREF, MREF and CRED go
 * to the references, SVWZ and text outside keywords to the remittance, ABWA/ABWE to the ultimate parties, others
 * to `bankData`. A limited value that runs on (`EREF+TFNR 40005 00005` then a subfield `MTLG:…` without keyword)
 * ends at the subfield boundary and the rest is remittance.
 */
export function splitSepaPurpose(field: JoinedLines, ranges: readonly number[], details: EntryDetails): void {
  let purpose = "";
  const boundaries: number[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    boundaries.push(purpose.length);
    purpose += field.text.slice(ranges[i], ranges[i + 1]);
  }
  const value = (a: number, b: number) => purposeValue(field, ranges, boundaries, purpose, a, b);
  const keywords = findKeywords(purpose, boundaries);
  if (keywords.length === 0) {
    addRemittance(details, value(0, purpose.length));
    return;
  }
  addRemittance(details, value(0, (keywords[0] as Keyword).start));
  for (let i = 0; i < keywords.length; i++) {
    const k = keywords[i] as Keyword;
    const end = i + 1 < keywords.length ? (keywords[i + 1] as Keyword).start : purpose.length;
    const cut = cutAt(purpose, k.valueStart, end, LIMITS[k.name] ?? Number.POSITIVE_INFINITY, boundaries);
    assign(details, k.name, value(k.valueStart, cut));
    if (cut < end) addRemittance(details, value(cut, end));
  }
}
