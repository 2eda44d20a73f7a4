/**
 * Character and entity references (`&amp;`, `&#233;`, `&#xE9;`) and the normalisations XML applies to text:
 * validation while scanning, decoding only for values that contain one.
 *
 * Only the five predefined entities exist: a document with a DTD is refused before any reference is read,
 * so no entity can be declared, expanded or fetched.
 *
 * @module
 */
import { isXmlChar, N_CHAR, N_START, NAME_CLASS } from "./char-tables.js";

/**
 * Longest reference accepted, `&` to `;` included. `&#x10FFFF;` is 10; the slack allows a few leading zeros.
 * The bound keeps what must be carried across a chunk boundary small.
 */
export const MAX_REFERENCE_LENGTH = 32;

/** The input ended inside the reference: scan again with more text. */
export const REF_INCOMPLETE = -1;
/** Not a reference: no name or digits, a character that cannot be in one, or longer than the bound. */
export const REF_MALFORMED = -2;
/** A well-formed entity reference to an entity other than the five predefined ones. */
export const REF_UNKNOWN = -3;
/** A character reference to a code point XML does not allow (U+0000, a surrogate, U+FFFE…). */
export const REF_BAD_CHAR = -4;

/**
 * Validates the reference whose `&` is at `amp`, reading no further than `limit`.
 *
 * @returns the index just after its `;`, or one of the negative `REF_*` outcomes.
 */
export function scanReference(s: string, amp: number, limit: number): number {
  const cap = amp + MAX_REFERENCE_LENGTH;
  const end = Math.min(cap, limit);
  let k = amp + 1;
  if (k >= end) return end < limit ? REF_MALFORMED : REF_INCOMPLETE;
  let c = s.charCodeAt(k);
  if (c === 0x23 /* # */) {
    k++;
    const hex = k < end && s.charCodeAt(k) === 0x78; /* x */
    if (hex) k++;
    let value = 0;
    const first = k;
    for (; k < end; k++) {
      c = s.charCodeAt(k);
      if (c === 0x3b /* ; */) break;
      let digit: number;
      if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
      else if (hex && c >= 0x61 && c <= 0x66) digit = c - 0x57;
      else if (hex && c >= 0x41 && c <= 0x46) digit = c - 0x37;
      else return REF_MALFORMED;
      // Saturate instead of overflowing: anything past U+10FFFF is rejected the same way.
      value = value > 0x10ffff ? value : value * (hex ? 16 : 10) + digit;
    }
    if (k >= end) return end < limit ? REF_MALFORMED : REF_INCOMPLETE;
    if (k === first) return REF_MALFORMED;
    return isXmlChar(value) ? k + 1 : REF_BAD_CHAR;
  }
  if ((NAME_CLASS[c]! & N_START) === 0) return REF_MALFORMED;
  for (k++; k < end; k++) {
    c = s.charCodeAt(k);
    if (c === 0x3b /* ; */) break;
    if ((NAME_CLASS[c]! & N_CHAR) === 0) return REF_MALFORMED;
  }
  // A name this long cannot be one of the five, whatever follows it.
  if (k >= end) return end < limit ? REF_UNKNOWN : REF_INCOMPLETE;
  return predefined(s, amp + 1, k) === "" ? REF_UNKNOWN : k + 1;
}

/** The character a predefined entity name in `s[from, to)` stands for, or `""` if it is none of the five. */
function predefined(s: string, from: number, to: number): string {
  const a = s.charCodeAt(from);
  switch (to - from) {
    case 2:
      if (s.charCodeAt(from + 1) !== 0x74 /* t */) return "";
      return a === 0x6c /* l */ ? "<" : a === 0x67 /* g */ ? ">" : "";
    case 3:
      return s.startsWith("amp", from) ? "&" : "";
    case 4:
      return s.startsWith("quot", from) ? '"' : s.startsWith("apos", from) ? "'" : "";
    default:
      return "";
  }
}

/**
 * Decodes `s[from, to)`, whose references were already validated by {@link scanReference}: replaces each
 * reference, turns CR LF and lone CR into LF (XML 1.0 §2.11) and, for an attribute value, also turns tab,
 * LF and CR into a space (§3.3.3). Characters produced by references are not normalised, as the spec says.
 */
export function decodeText(s: string, from: number, to: number, attribute: boolean): string {
  let out = "";
  let last = from;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x26 /* & */) {
      const semi = s.indexOf(";", k);
      out += s.slice(last, k) + referenceText(s, k + 1, semi);
      k = semi;
      last = k + 1;
    } else if (c === 0x0d) {
      out += s.slice(last, k) + (attribute ? " " : "\n");
      if (k + 1 < to && s.charCodeAt(k + 1) === 0x0a) k++;
      last = k + 1;
    } else if (attribute && (c === 0x0a || c === 0x09)) {
      out += s.slice(last, k) + " ";
      last = k + 1;
    }
  }
  return out + s.slice(last, to);
}

/** The text of the validated reference whose body (after `&`, before `;`) is `s[from, semi)`. */
function referenceText(s: string, from: number, semi: number): string {
  if (s.charCodeAt(from) !== 0x23 /* # */) return predefined(s, from, semi);
  const hex = s.charCodeAt(from + 1) === 0x78;
  return String.fromCodePoint(Number.parseInt(s.slice(from + (hex ? 2 : 1), semi), hex ? 16 : 10));
}

/** `text` with CR LF and lone CR turned into LF (XML 1.0 §2.11): for CDATA content, where `&` is literal. */
export function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
