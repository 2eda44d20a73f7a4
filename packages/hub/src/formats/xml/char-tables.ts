/**
 * Lookup tables over UTF-16 code units for the XML reader's scanning loops. A table load per code unit is
 * cheaper and more predictable than a chain of range comparisons, and lets the hot loops skip ordinary
 * characters with one test (`class === 0`).
 *
 * @module
 */

/** Ordinary character data: no special meaning anywhere. */
export const T_PLAIN = 0;
/** `<`: ends character data; forbidden in attribute values. */
export const T_LT = 1;
/** `&`: starts a reference. */
export const T_AMP = 2;
/** Line feed: counted for line numbers. */
export const T_LF = 3;
/** Carriage return: normalised to a line feed (XML 1.0 §2.11). */
export const T_CR = 4;
/** Not an XML `Char` (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF). */
export const T_INVALID = 5;
/** High surrogate: valid only when followed by a low surrogate. */
export const T_HIGH = 6;
/** Low surrogate: valid only after a high surrogate (the pair is consumed together, so one seen alone is unpaired). */
export const T_LOW = 7;
/** `]`: may start the forbidden `]]>` in character data. */
export const T_RSQB = 8;
/** `"` or `'`: ends a quoted attribute value. */
export const T_QUOTE = 9;
/** Tab: normalised to a space in attribute values (XML 1.0 §3.3.3). */
export const T_TAB = 10;
/** A byte 80–FF of a UTF-8 document read one byte per character ({@link UTF8_BYTES_TEXT_CLASS} only). */
export const T_BYTE = 11;

/** Class of each UTF-16 code unit in character data and attribute values (`T_*`). */
export const TEXT_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(0x10000);
  for (let c = 0; c < 0x20; c++) t[c] = T_INVALID;
  t[0x09] = T_TAB;
  t[0x0a] = T_LF;
  t[0x0d] = T_CR;
  t[0x3c] = T_LT;
  t[0x26] = T_AMP;
  t[0x5d] = T_RSQB;
  t[0x22] = T_QUOTE;
  t[0x27] = T_QUOTE;
  t.fill(T_HIGH, 0xd800, 0xdc00);
  t.fill(T_LOW, 0xdc00, 0xe000);
  t[0xfffe] = T_INVALID;
  t[0xffff] = T_INVALID;
  return t;
})();

/**
 * {@link TEXT_CLASS} for a UTF-8 document read one byte per character (the reader's `utf8Bytes`): bytes 80–FF
 * are {@link T_BYTE}, so that text holding them is decoded, and U+FFFE/U+FFFF (EF BF BE, EF BF BF) are caught
 * by {@link isNonCharacterAt} where a T_BYTE is seen.
 */
export const UTF8_BYTES_TEXT_CLASS: Uint8Array = (() => {
  const t = TEXT_CLASS.slice();
  t.fill(T_BYTE, 0x80, 0x100);
  return t;
})();

/** Whether the UTF-8 bytes at `k` (one per character) are EF BF BE or EF BF BF: U+FFFE or U+FFFF, no XML `Char`. */
export function isNonCharacterAt(s: string, k: number): boolean {
  return s.charCodeAt(k) === 0xef && s.charCodeAt(k + 1) === 0xbf && (s.charCodeAt(k + 2) & 0xfe) === 0xbe;
}

/** May start a name (`NameStartChar`). */
export const N_START = 1;
/** May continue a name (`NameChar`). */
export const N_CHAR = 2;
/** A surrogate inside a name: the name needs a pairing check (names may use planes 1–14). */
export const N_SURROGATE = 4;
/**
 * A byte 80–FF of a UTF-8 document read one byte per character ({@link UTF8_BYTES_NAME_CLASS} only): part of a
 * character that such a reading cannot check as a name.
 */
export const N_BYTE = 8;
/** The flags that send a scanned name to a second look. */
export const N_CHECK = N_SURROGATE | N_BYTE;

/** `N_*` flags of each UTF-16 code unit, after XML 1.0 (fifth edition) §2.3 `NameStartChar` and `NameChar`. */
export const NAME_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(0x10000);
  const both = N_START | N_CHAR;
  const start: readonly (readonly [number, number])[] = [
    [0x3a, 0x3a],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
    [0xc0, 0xd6],
    [0xd8, 0xf6],
    [0xf8, 0x2ff],
    [0x370, 0x37d],
    [0x37f, 0x1fff],
    [0x200c, 0x200d],
    [0x2070, 0x218f],
    [0x2c00, 0x2fef],
    [0x3001, 0xd7ff],
    [0xf900, 0xfdcf],
    [0xfdf0, 0xfffd],
  ];
  for (const [from, to] of start) t.fill(both, from, to + 1);
  const more: readonly (readonly [number, number])[] = [
    [0x2d, 0x2e],
    [0x30, 0x39],
    [0xb7, 0xb7],
    [0x300, 0x36f],
    [0x203f, 0x2040],
  ];
  for (const [from, to] of more) t.fill(N_CHAR, from, to + 1);
  // U+10000–U+EFFFF may start or continue a name: high surrogates D800–DB7F lead those planes. A low
  // surrogate only ever continues one. The pair itself is checked after the name is scanned.
  t.fill(both | N_SURROGATE, 0xd800, 0xdb80);
  t.fill(N_CHAR | N_SURROGATE, 0xdc00, 0xe000);
  return t;
})();

/**
 * {@link NAME_CLASS} for a UTF-8 document read one byte per character (the reader's `utf8Bytes`): every byte
 * 80–FF may start and continue a name and marks it {@link N_BYTE}, so that a name with any non-ASCII character
 * is scanned whole and then refused as one the reading cannot check, never misread as malformed.
 */
export const UTF8_BYTES_NAME_CLASS: Uint8Array = (() => {
  const t = NAME_CLASS.slice();
  t.fill(N_START | N_CHAR | N_BYTE, 0x80, 0x100);
  return t;
})();

/** True if `cp` is an XML 1.0 `Char` (what a character reference may produce). */
export function isXmlChar(cp: number): boolean {
  return cp >= 0x20
    ? cp <= 0xd7ff || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
    : cp === 0x9 || cp === 0xa || cp === 0xd;
}
