/**
 * The German structured `:86:` (DK "Mehrzweckfeld"): a three-digit transaction code (GVC), then subfields
 * `?NN`: `?00` booking text, `?10` prima nota, `?20`–`?29` purpose, `?30` counterparty bank code or BIC,
 * `?31` counterparty account or IBAN, `?32`/`?33` counterparty name, `?34` text key extension, `?60`–`?63`
 * more purpose. Other banks write the same structure with another separator: Triodos and some Polish banks `>`,
 * PKO BP and mBank `~`, others `<` (the Polish banks' "~38" is the counterparty's IBAN, "~30"/"~31" its sort code and
 * the rest of its account number). These Polish banks fill empty subfields with a byte 0xFF (`˙` in windows-1250,
 * `ÿ` in windows-1252, a no-break space in IBM 852), which is read as nothing, and number their subfields in rising
 * order, so a `<10` inside a value is text, not a new subfield (see {@link polishBoundaries}).
 *
 * @module
 */
import { cachedIban } from "./cached-iban.js";
import { addBankData, type EntryDetails } from "./entry-details.js";
import { interned } from "./interned.js";
import { JoinedLines } from "./joined-lines.js";
import { splitSepaPurpose } from "./sepa-purpose.js";

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The byte 0xFF that Polish banks write into empty subfields, as windows-1250 (`˙`), windows-1252 (`ÿ`) and IBM 852
 * (a no-break space) read it. `˙` is never text; `ÿ` and the no-break space are, so outside the Polish dialects
 * (`polish`) they are fillers only where a value holds nothing else (see {@link onlyFillers}).
 */
function isFiller(c: number, polish: boolean): boolean {
  return c === 0x2d9 || (polish && (c === 0xff || c === 0xa0));
}

/** Blanks and fillers, which a value does not begin or end with. */
function isBlank(c: number, polish: boolean): boolean {
  return c <= 32 || isFiller(c, polish);
}

/** The subfield numbers of the structure; in the Polish dialects, a separator with another number is text. */
function isKnownCode(code: number): boolean {
  return code === 0 || code === 10 || (code >= 20 && code <= 34) || code === 38 || (code >= 60 && code <= 63);
}

/** The separators of subfield `:86:` dialects, as character codes, in the order they are tried. */
export const SUBFIELD_SEPARATORS: readonly number[] = [63 /* ? */, 62 /* > */, 126 /* ~ */, 60 /* < */];

/**
 * Whether `separator` is one of the Polish dialects' (`~`, `<`). Those characters are ordinary text elsewhere
 * (`~15 Liter`, `<01.05.2024>`), so their fields must start with the code and `00`, and their subfields rise.
 */
function isPolish(separator: number): boolean {
  return separator === 126 || separator === 60;
}

/** The separator whose subfields the field's first line starts with, or `undefined` when it has none. */
export function subfieldSeparator(first: string): string | undefined {
  for (const c of SUBFIELD_SEPARATORS) if (hasSubfields(first, c)) return String.fromCharCode(c);
  return undefined;
}

/**
 * True when the field's text looks like subfields separated by `separator`: it starts, after blanks and an optional
 * three-digit code, with the separator and two digits. For the Polish `~` and `<`, the code and `00` are required
 * (`020~00…`).
 */
export function hasSubfields(first: string, separator: number): boolean {
  let p = 0;
  while (p < first.length && first.charCodeAt(p) === 32) p++;
  const coded = isDigit(first.charCodeAt(p)) && isDigit(first.charCodeAt(p + 1)) && isDigit(first.charCodeAt(p + 2));
  if (coded) p += 3;
  if (first.charCodeAt(p) !== separator) return false;
  if (isPolish(separator)) return coded && first.charCodeAt(p + 1) === 48 && first.charCodeAt(p + 2) === 48;
  return isDigit(first.charCodeAt(p + 1)) && isDigit(first.charCodeAt(p + 2));
}

/** The number of the subfield whose separator is at `i`. */
function subfieldCode(t: string, i: number): number {
  return (t.charCodeAt(i + 1) - 48) * 10 + (t.charCodeAt(i + 2) - 48);
}

/** The offset of the next separator followed by two digits (and, with `known`, a known number) at or after `from`, or -1. */
function nextSubfield(t: string, from: number, separator: string, known = false): number {
  let i = t.indexOf(separator, from);
  while (i >= 0) {
    if (isDigit(t.charCodeAt(i + 1)) && isDigit(t.charCodeAt(i + 2)) && (!known || isKnownCode(subfieldCode(t, i)))) return i;
    i = t.indexOf(separator, i + 1);
  }
  return -1;
}

/** Subfield numbers run from 00 to 99. */
const CODES = 100;
// Scratch space of polishBoundaries, reused from field to field (it runs once per entry of a Polish statement).
let markerAt = new Int32Array(64);
let markerBefore = new Int32Array(64);
const runLength = new Int32Array(CODES);
const runSpaced = new Int32Array(CODES);
const runEnd = new Int32Array(CODES);

/**
 * Where the subfields of a Polish-dialect field start, whose `~` and `<` are ordinary characters in text
 * (`ZAKUP <100 ZL`, `Zakup ~50 litrow`): the known subfield markers that make the longest run of rising numbers, as
 * these banks write them. Between runs of the same length, the one with fewer markers right after a space wins
 * (`~20Zakup ~25 szt.~21stacja`: the `~25` is text). A marker left out is text of the subfield before it.
 *
 * The best run ending in each subfield number is kept as the markers are read, so the work is linear in the
 * field's length whatever text it holds.
 */
function polishBoundaries(t: string, from: number, separator: string): number[] {
  runLength.fill(0);
  let n = 0;
  let best = -1;
  let bestLength = 0;
  let bestSpaced = 0;
  for (let i = nextSubfield(t, from, separator, true); i >= 0; i = nextSubfield(t, i + 1, separator, true)) {
    if (n === markerAt.length) {
      const at = new Int32Array(n * 2);
      at.set(markerAt);
      markerAt = at;
      const before = new Int32Array(n * 2);
      before.set(markerBefore);
      markerBefore = before;
    }
    const code = subfieldCode(t, i);
    const own = i > 0 && t.charCodeAt(i - 1) === 32 ? 1 : 0;
    // The best run that this marker can follow: the longest (then least spaced) ending in a lower number.
    let length = 1;
    let spaced = own;
    let before = -1;
    for (let c = 0; c < code; c++) {
      const l = runLength[c] as number;
      if (l === 0) continue;
      const sp = (runSpaced[c] as number) + own;
      // On a full tie, the run that ends earliest in the text (as a scan of the markers in order would take it).
      const end = runEnd[c] as number;
      if (l + 1 > length || (l + 1 === length && (sp < spaced || (sp === spaced && end < before)))) {
        length = l + 1;
        spaced = sp;
        before = end;
      }
    }
    markerAt[n] = i;
    markerBefore[n] = before;
    if (
      (runLength[code] as number) === 0 ||
      length > (runLength[code] as number) ||
      (length === runLength[code] && spaced < (runSpaced[code] as number))
    ) {
      runLength[code] = length;
      runSpaced[code] = spaced;
      runEnd[code] = n;
    }
    if (length > bestLength || (length === bestLength && spaced < bestSpaced)) {
      best = n;
      bestLength = length;
      bestSpaced = spaced;
    }
    n++;
  }
  const chosen = new Array<number>(bestLength);
  for (let k = best, j = bestLength - 1; k >= 0; k = markerBefore[k] as number, j--) chosen[j] = markerAt[k] as number;
  return chosen;
}

/** The three-digit domestic codes by value: entries with one code share one string (and its hash). */
const DOMESTIC_CODES: readonly string[] = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));

function domesticCode(n: number): string {
  return DOMESTIC_CODES[n] as string;
}

/** A counterparty account (`?31`) as read: its text as written, what the entry keeps, and how it is written. */
interface AccountReading {
  readonly text: string;
  readonly account: string;
  readonly scheme: "iban" | "bban" | "other";
}

const ACCOUNT_SLOTS = 64;
/**
 * The accounts read last, direct-mapped by their length and a few characters. A statement names the same few
 * counterparties over and over: a hit is compared in place in the field's text, with no new string, and
 * costs no IBAN check.
 */
const ACCOUNTS: (AccountReading | undefined)[] = new Array<AccountReading | undefined>(ACCOUNT_SLOTS).fill(undefined);

/** The account in `joined.text[a, b)` (trimmed, not empty). */
function readAccount(joined: JoinedLines, a: number, b: number): AccountReading {
  const t = joined.text;
  const n = b - a;
  const slot = (n * 7 + t.charCodeAt(b - 1) * 31 + t.charCodeAt(a + (n >> 1)) * 5 + t.charCodeAt(a)) & (ACCOUNT_SLOTS - 1);
  const seen = ACCOUNTS[slot];
  if (seen !== undefined && seen.text.length === n && t.startsWith(seen.text, a)) return seen;
  const v = joined.piece(a, b);
  const iban = cachedIban(v);
  const reading: AccountReading = { text: v, account: iban ?? v, scheme: iban !== undefined ? "iban" : /^\d+$/.test(v) ? "bban" : "other" };
  ACCOUNTS[slot] = reading;
  return reading;
}

/**
 * Reads a subfield `:86:` (its lines) into `details`. The field's line breaks are wrapping only (lines are cut
 * at 65 characters wherever they fall, even inside a word, a keyword or a `?NN` marker), so lines are joined
 * without separator, and so are the purpose subfields that SEPA keywords run over, or that are full (27 characters):
 * `?20Rechnung Nr. 12345 vom 01.0` `?213.2024` is "…01.03.2024"; without keywords a shorter subfield is a line of
 * its own (see `splitSepaPurpose`). `?32`+`?33` join into
 * the name.
 */
export function parseGermanDetails(lines: readonly string[], details: EntryDetails, separator = "?"): void {
  const polish = isPolish(separator.charCodeAt(0));
  const joined = new JoinedLines(lines);
  const t = joined.text;
  let p = 0;
  while (p < t.length && t.charCodeAt(p) === 32) p++;
  const d0 = t.charCodeAt(p);
  const d1 = t.charCodeAt(p + 1);
  const d2 = t.charCodeAt(p + 2);
  if (isDigit(d0) && isDigit(d1) && isDigit(d2)) {
    const code = (d0 - 48) * 100 + (d1 - 48) * 10 + (d2 - 48);
    // 000 before `?` subfields is no transaction code: BankBridge's writer puts it before the subfields of an entry
    // that has none, because readers such as aqbanking take subfields only after three digits (999 means
    // "unstructured"). Other dialects' 000 (Triodos `000>10…`, Polish `000~00…`) is the bank's code.
    if (code !== 0 || separator !== "?") {
      details.domesticCode = domesticCode(code);
      details.domesticCodeIssuer = undefined;
    }
    p += 3;
  }
  // The purpose subfields as ranges of `t`: joined for the keyword search, cut back out of the lines.
  const purposeRanges: number[] = [];
  let nameStart = -1;
  let nameEnd = -1;
  let nameSplit = -1;
  let secondStart = -1;
  // Whether the counterparty's account came from ?38 (an IBAN), which a ?31 does not replace.
  let ibanFrom38 = false;
  const bounds = polish ? polishBoundaries(t, p, separator) : undefined;
  let next = 0;
  let start = bounds === undefined ? nextSubfield(t, p, separator) : (bounds[next++] ?? -1);
  if (start < 0) start = t.length;
  const lead = joined.trimmed(p, start);
  if (lead !== "") addBankData(details, "86", lead);
  while (start < t.length) {
    const code = subfieldCode(t, start);
    let end = bounds === undefined ? nextSubfield(t, start + 3, separator) : (bounds[next++] ?? -1);
    if (end < 0) end = t.length;
    const vs = start + 3;
    if ((code >= 20 && code <= 29) || (code >= 60 && code <= 63)) {
      // Purpose subfields join without a separator, so only fillers go: a blank at either end may be a word's end.
      let a = vs;
      let b = end;
      while (a < b && isFiller(t.charCodeAt(a), polish)) a++;
      while (b > a && isFiller(t.charCodeAt(b - 1), polish)) b--;
      // A subfield of spaces is the space between two words, kept as written; one of fillers and spaces is no text
      // but for one space.
      if (a < b && (!onlyFillers(t, a, b) || firstFiller(t, a, b) < 0)) purposeRanges.push(a, b);
      else {
        const space = firstSpace(t, a, b);
        if (space >= 0) purposeRanges.push(space, space + 1);
      }
    } else if (code === 32 || code === 33) {
      // ?32 and ?33 usually follow each other; the name is their two ranges joined (an empty one takes its place
      // all the same). A third is kept as bank data.
      if (nameStart < 0) {
        nameStart = vs;
        nameEnd = end;
      } else if (nameSplit < 0) {
        nameSplit = nameEnd;
        secondStart = vs;
        nameEnd = end;
      } else {
        const more = namePart(joined, vs, end, polish, true);
        if (more !== "") addBankData(details, `${separator}${code}`, more);
      }
    } else {
      // The value's bounds, trimmed.
      let a = vs;
      let b = end;
      while (a < b && isBlank(t.charCodeAt(a), polish)) a++;
      while (b > a && isBlank(t.charCodeAt(b - 1), polish)) b--;
      // The account is looked up in place (below); every other value is cut here.
      const v = code === 31 && details.counterparty?.account === undefined ? "" : joined.piece(a, b);
      if (a < b && !onlyFillers(t, a, b)) {
        if (code === 0) details.description ??= interned(v);
        else if (code === 10) addBankData(details, "primaNota", interned(v));
        else if (code === 30) {
          const party = details.counterparty ?? {};
          details.counterparty = party;
          party.bankId ??= interned(v);
        } else if (code === 31) {
          const party = details.counterparty ?? {};
          details.counterparty = party;
          if (party.account === undefined) {
            const reading = readAccount(joined, a, b);
            party.account = reading.account;
            party.accountScheme = reading.scheme;
          } else {
            const account = cachedIban(v) ?? v;
            if (ibanFrom38 ? !party.account.endsWith(account) : party.account !== account) addBankData(details, `${separator}31`, v);
          }
        } else if (code === 34) addBankData(details, "textKeyExtension", interned(v));
        else if (code === 38 && !ibanFrom38 && counterpartyIban(details, v, separator)) ibanFrom38 = true;
        else addBankData(details, `${separator}${code < 10 ? "0" : ""}${code}`, v);
      }
    }
    start = end;
  }
  if (nameStart >= 0) {
    const name =
      nameSplit < 0
        ? namePart(joined, nameStart, nameEnd, polish, true)
        : joinName(joined, nameStart, nameSplit, secondStart, nameEnd, polish);
    if (name !== "") {
      const party = details.counterparty ?? {};
      details.counterparty = party;
      party.name ??= interned(name);
    }
  }
  // DK's 27-character purpose lines are German (`?`); the Polish dialects fill theirs otherwise.
  if (purposeRanges.length > 0) splitSepaPurpose(joined, purposeRanges, details, !polish && separator === "?");
}

/**
 * The text of a name subfield `[a, b)`: without the fillers at its ends, and with `trim` without its blanks either;
 * `""` for one of nothing but fillers. Without `trim`, a blank at an end stays: ?32 and ?33 join without a separator,
 * and a space there may be the one between two words.
 */
function namePart(joined: JoinedLines, a: number, b: number, polish: boolean, trim: boolean): string {
  const t = joined.text;
  if (onlyFillers(t, a, b)) return "";
  let start = a;
  let end = b;
  while (start < end && (trim ? isBlank(t.charCodeAt(start), polish) : isFiller(t.charCodeAt(start), polish))) start++;
  while (end > start && (trim ? isBlank(t.charCodeAt(end - 1), polish) : isFiller(t.charCodeAt(end - 1), polish))) end--;
  return joined.piece(start, end);
}

/**
 * The name of ?32 `[a, split)` and ?33 `[second, end)`. They join without a separator, as a name cut in mid-word
 * needs, unless fillers padded one of them at the join: then ?32 ended a word, and a space goes between.
 */
function joinName(joined: JoinedLines, a: number, split: number, second: number, end: number, polish: boolean): string {
  const t = joined.text;
  const padded = (split > a && isFiller(t.charCodeAt(split - 1), polish)) || (end > second && isFiller(t.charCodeAt(second), polish));
  const first = namePart(joined, a, split, polish, false);
  const rest = namePart(joined, second, end, polish, false);
  return (padded && first !== "" && rest !== "" ? `${first} ${rest}` : first + rest).trim();
}

/**
 * Whether `t[a, b)` holds nothing but blanks and fillers, in any dialect: Polish banks that write `>` or `?` fill
 * empty subfields too, and a value that is only `ÿ` is no text.
 */
function onlyFillers(t: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isBlank(t.charCodeAt(i), true)) return false;
  return true;
}

/** The offset of the first filler (in any dialect) in `t[a, b)`, or -1. */
function firstFiller(t: string, a: number, b: number): number {
  for (let i = a; i < b; i++) if (isFiller(t.charCodeAt(i), true)) return i;
  return -1;
}

/** The offset of the first blank (space, tab) in `t[a, b)`, or -1. */
function firstSpace(t: string, a: number, b: number): number {
  for (let i = a; i < b; i++) if (t.charCodeAt(i) <= 32) return i;
  return -1;
}

/**
 * `?38` (Polish banks): the counterparty's IBAN, when it is one. It replaces an account read from `?31`, which
 * these banks fill with the account number after its sort code; that number stays in bank data unless the IBAN
 * holds it (a `?31` after the `?38` is treated alike). `false` when `value` is no IBAN, which is then kept as bank
 * data, and so is a second `?38`.
 */
function counterpartyIban(details: EntryDetails, value: string, separator: string): boolean {
  const iban = cachedIban(value);
  if (iban === undefined) return false;
  const party = details.counterparty ?? {};
  details.counterparty = party;
  const before = party.account;
  if (before !== undefined && before !== iban && !iban.endsWith(before)) addBankData(details, `${separator}31`, before);
  party.account = iban;
  party.accountScheme = "iban";
  return true;
}
