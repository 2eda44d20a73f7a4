/**
 * Character encodings of bank documents. Bank files are labelled badly: an XML declaration that says UTF-8
 * on a latin-1 file, Chinese CSV exports in GBK with no label at all, OFX with `CHARSET:1252`. The bytes
 * decide: a byte-order mark first, then strict UTF-8, then a Cyrillic code page (windows-1251, KOI8-R) when the
 * high bytes form Cyrillic words, then GB18030 when they look Chinese, then a Central European code page
 * (windows-1250, ISO-8859-2, IBM 852) when it reads the letters inside words better, else windows-1252 (which
 * decodes anything). A declared encoding is used when the bytes agree with it.
 *
 * @module
 */
import { isAscii, isUtf8 } from "node:buffer";

/** The encodings BankBridge reads: their WHATWG names, and `ibm852` (IBM code page 852), which WHATWG does not define. */
export const ENCODINGS = [
  "utf-8",
  "utf-16le",
  "utf-16be",
  "gb18030",
  "gbk",
  "big5",
  "shift_jis",
  "windows-1252",
  "iso-8859-1",
  "windows-1250",
  "iso-8859-2",
  "ibm852",
  "windows-1251",
  "koi8-r",
] as const;

// windows-1252 bytes 0x80–0x9F. Node 20's TextDecoder("windows-1252") decodes them as the C1 control characters
// (its latin-1 fast path), which loses €, –, ’ and friends; BankBridge decodes windows-1252 itself.
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
const C1 = /[\u0080-\u009f]/g;

/** Decodes windows-1252 correctly (every byte maps to a character; 0x81, 0x8D, 0x8F, 0x90, 0x9D stay as C1). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return latin1.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

// IBM code page 852 (DOS Latin-2), bytes 0x80–0xFF: the code page of some Polish and Hungarian banks' MT940 files
// (Raiffeisen Hungary's in the WoLpH corpus). WHATWG has no decoder for it, so neither has TextDecoder.
const CP852_HIGH =
  "ÇüéâäůćçłëŐőîŹÄĆÉĹĺôöĽľŚśÖÜŤťŁ×čáíóúĄąŽžĘę¬źČş«»░▒▓│┤ÁÂĚŞ╣║╗╝Żż┐└┴┬├─┼Ăă╚╔╩╦╠═╬¤đĐĎËďŇÍÎě┘┌█▄ŢŮ▀ÓßÔŃńňŠšŔÚŕŰýÝţ´\u00AD˝˛ˇ˘§÷¸°¨˙űŘř■\u00A0";
const HIGH = /[\u0080-\u00ff]/g;

/** Decodes IBM code page 852 (every byte maps to a character). */
export function decodeIbm852(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return latin1.replace(HIGH, (c) => CP852_HIGH[c.charCodeAt(0) - 0x80] as string);
}

/** The 8-bit encodings BankBridge decodes itself: TextDecoder lacks IBM 852 and gets windows-1252 wrong. */
const OWN_DECODERS: Readonly<Record<string, (bytes: Uint8Array) => string>> = {
  "windows-1252": decodeWindows1252,
  ibm852: decodeIbm852,
};

/** A text decoder that can be fed chunks (`stream: true`), with the windows-1252 fix above. */
export interface ChunkDecoder {
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

/** A streaming decoder for a WHATWG encoding name (or `ibm852`). */
export function createChunkDecoder(encoding: string, options: { fatal?: boolean } = {}): ChunkDecoder {
  const own = OWN_DECODERS[encoding];
  // One byte is one character: no state to carry from chunk to chunk.
  if (own !== undefined) return { decode: (bytes) => (bytes === undefined ? "" : own(bytes)) };
  if (options.fatal !== true && BY_LINES.has(encoding)) return lineChunkDecoder(encoding);
  if (encoding === "utf-8") return utf8ChunkDecoder(options.fatal ?? false);
  return new TextDecoder(encoding, { fatal: options.fatal ?? false, ignoreBOM: true });
}

/**
 * UTF-8 in chunks, with a shortcut for chunks of nothing but ASCII, which is nearly every chunk of an MT940, BAI2
 * or OFX file: such a chunk is one character per byte, read as Latin-1. Node's `isAscii` and Latin-1 decoding
 * take about 5 ms for 50 MB where TextDecoder's streaming decode takes 35–40 ms (measured on the bench's MT940
 * file in 64 KiB chunks), about 5% of streaming that file. The shortcut is taken only while the decoder holds no
 * start of a character from the chunks before; otherwise the chunk goes through TextDecoder, which completes it.
 */
function utf8ChunkDecoder(fatal: boolean): ChunkDecoder {
  const decoder = new TextDecoder("utf-8", { fatal, ignoreBOM: true });
  // Whether `decoder` may hold the first bytes of a character cut by the end of the last chunk.
  let open = false;
  return {
    decode(bytes, options) {
      if (!open && bytes !== undefined && isAscii(bytes))
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
      const text = decoder.decode(bytes, options);
      open = options?.stream === true && bytes !== undefined && mayEndInsideCharacter(bytes, open);
      return text;
    },
  };
}

/**
 * Whether a streaming UTF-8 decoder may hold bytes after reading `bytes`: the start of a character that needs
 * more bytes than follow it. A decoder holds at most a lead byte and two continuation bytes, so a lead byte among
 * the last three decides; an ASCII byte there, or three continuation bytes, means nothing is held. Shorter chunks
 * of continuation bytes may complete what an earlier chunk began (`wasOpen`). "May" errs towards `true`, which
 * only costs the shortcut for one chunk.
 */
function mayEndInsideCharacter(bytes: Uint8Array, wasOpen: boolean): boolean {
  const n = bytes.length;
  for (let i = n - 1; i >= Math.max(0, n - 3); i--) {
    const c = bytes[i] as number;
    if (c < 0x80) return false;
    if (c >= 0xc0) return n - i < (c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2);
  }
  return n < 3 && wasOpen;
}

/**
 * Multi-byte encodings whose streaming decoder (ICU's, in Node 20) throws instead of writing U+FFFD when a chunk
 * ends inside a malformed sequence (GB18030 `E9 31` then `0A`): a document the whole-text decoding reads was refused
 * when read in chunks. In all of them a byte below `0x30` (line ends, space, `,` `/` `<`) is never part of a
 * multi-byte character, so each chunk is decoded up to its last such byte, whole, and the rest kept for the next.
 */
const BY_LINES: ReadonlySet<string> = new Set(["gb18030", "gbk", "big5", "euc-jp", "euc-kr", "shift_jis"]);

/** Most bytes kept for the next chunk: past this without a byte below `0x30`, the chunk is decoded as it is. */
const MAX_CARRY = 1 << 20;

/** A chunk decoder for {@link BY_LINES}: see there. */
function lineChunkDecoder(encoding: string): ChunkDecoder {
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  let carry: Uint8Array | undefined;
  return {
    decode(bytes, options) {
      let all = bytes ?? new Uint8Array(0);
      if (carry !== undefined) {
        const joined = new Uint8Array(carry.length + all.length);
        joined.set(carry);
        joined.set(all, carry.length);
        all = joined;
        carry = undefined;
      }
      if (options?.stream !== true) return all.length === 0 ? "" : decoder.decode(all);
      let cut = all.length;
      while (cut > 0 && (all[cut - 1] as number) >= 0x30) cut--;
      // No safe byte in a mebibyte (text of nothing but multi-byte letters and digits): decoded as it is, at worst
      // with one character cut in two, rather than held on to without end.
      if (cut === 0 && all.length > MAX_CARRY) cut = all.length;
      if (cut < all.length) carry = all.slice(cut);
      return cut === 0 ? "" : decoder.decode(all.subarray(0, cut));
    },
  };
}

/** A decoded document. */
export interface Decoded {
  readonly text: string;
  /** The encoding used, by its WHATWG name. */
  readonly encoding: string;
  /** How the encoding was chosen, for reports: `bom`, `declared`, `utf-8`, `detected`, `fallback`, `forced`. */
  readonly basis: "bom" | "declared" | "utf-8" | "detected" | "fallback" | "forced";
}

/** Labels bank files use for encodings, mapped to WHATWG names TextDecoder accepts. */
const LABELS: Readonly<Record<string, string>> = {
  utf8: "utf-8",
  "utf-8": "utf-8",
  "utf-16": "utf-16le",
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
  gb18030: "gb18030",
  gbk: "gb18030",
  gb2312: "gb18030",
  cp936: "gb18030",
  "x-gbk": "gb18030",
  big5: "big5",
  shift_jis: "shift_jis",
  sjis: "shift_jis",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252",
  "1252": "windows-1252",
  "iso-8859-1": "windows-1252",
  "iso8859-1": "windows-1252",
  "8859-1": "windows-1252",
  latin1: "windows-1252",
  "us-ascii": "windows-1252",
  ascii: "windows-1252",
  usascii: "windows-1252",
  // OFX names its CHARSET by code page number.
  "1250": "windows-1250",
  cp1250: "windows-1250",
  "8859-2": "iso-8859-2",
  "iso8859-2": "iso-8859-2",
  ibm852: "ibm852",
  cp852: "ibm852",
  "852": "ibm852",
  "dos-852": "ibm852",
  "windows-1251": "windows-1251",
  cp1251: "windows-1251",
  "1251": "windows-1251",
  "koi8-r": "koi8-r",
  koi8r: "koi8-r",
  koi8: "koi8-r",
};

/**
 * The WHATWG name for an encoding label (`GBK` → `gb18030`, `8859-1` → `windows-1252`), or `undefined` when
 * BankBridge cannot decode it. GBK and GB2312 are read as GB18030, their superset.
 */
export function normalizeEncoding(label: string): string | undefined {
  const key = label.trim().toLowerCase();
  const known = LABELS[key];
  if (known !== undefined) return known;
  try {
    return new TextDecoder(key).encoding;
  } catch {
    return undefined;
  }
}

/**
 * The byte-order mark at the start of `bytes`, if any, and how many bytes it takes. A UTF-8 mark written twice or
 * more (a file saved by two tools that each add one, or files with marks joined) counts as one mark, and so does a
 * UTF-16 mark after UTF-8 ones (a tool that marked the bytes of a UTF-16 file as UTF-8): left in, the second mark
 * would be the text's first character, or garble the bytes read after a mark that is not believed.
 */
export function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  let at = 0;
  while (bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf) at += 3;
  if (bytes[at] === 0xff && bytes[at + 1] === 0xfe) return { encoding: "utf-16le", length: at + 2 };
  if (bytes[at] === 0xfe && bytes[at + 1] === 0xff) return { encoding: "utf-16be", length: at + 2 };
  return at > 0 ? { encoding: "utf-8", length: at } : undefined;
}

/**
 * Counts the well-formed multi-byte UTF-8 sequences in `bytes` and the bytes that belong to none, stopping once the
 * answer of {@link disbelievedUtf8Bom} is clear.
 */
function utf8Damage(bytes: Uint8Array): { readonly valid: number; readonly invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = n > 0 && i + n <= bytes.length;
    for (let k = 1; ok && k < n; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += n;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

/**
 * Bytes after a UTF-8 byte-order mark that are not UTF-8 at all: software that writes the mark and then latin-1
 * or GBK text. Decoding them as UTF-8 would turn every such letter into U+FFFD and lose it, so the mark is not
 * believed: the bytes after it are read as if there were none. A UTF-8 document with a few damaged bytes (one
 * stray latin-1 letter, a character cut at the end) keeps its mark: read otherwise, every one of its good
 * characters would be garbled to save the few. `undefined` when `bytes` have no such mark.
 */
function disbelievedUtf8Bom(bytes: Uint8Array, b: { encoding: string; length: number } | undefined): Uint8Array | undefined {
  if (b === undefined || b.encoding !== "utf-8") return undefined;
  const body = bytes.subarray(b.length);
  if (isUtf8(body)) return undefined;
  const { valid, invalid } = utf8Damage(body);
  return invalid > valid ? body : undefined;
}

/**
 * UTF-16 without a byte-order mark. Text files in 8-bit encodings (UTF-8, GBK, windows-1252) have no zero
 * bytes at all; UTF-16 has one in every ASCII character (digits, separators, line ends), always on the same
 * side of the pair. Chinese text has non-zero high bytes, so the share of zeros is modest, but their side is
 * unmistakable.
 */
function bomlessUtf16(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.1 && evenZeros * 20 <= oddZeros) return "utf-16le";
  if (evenZeros >= pairs * 0.1 && oddZeros * 20 <= evenZeros) return "utf-16be";
  return undefined;
}

/** Whether byte `b` is white space in XML (space, tab, CR, LF). */
function isXmlSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Most white space a document may start with and still be read: the XML reader's longest text run
 * (`DEFAULT_MAX_TEXT_LENGTH`), which is as much as its `padding` option lets precede the XML declaration. Detection
 * (`--format auto`), the declared encoding, OFX and bank CSV all look this far past it; a document with more is
 * refused.
 */
export const MAX_LEADING_SPACE = 1 << 20;

/** How many bytes of white space (space, tab, CR, LF) begin `bytes`, counting no further than `limit`. */
export function leadingSpaceBytes(bytes: Uint8Array, limit: number): number {
  const end = Math.min(bytes.length, limit);
  let n = 0;
  while (n < end && isXmlSpace(bytes[n] as number)) n++;
  return n;
}

/**
 * The encoding named in an XML declaration or an OFX 1.x / QIF-style header within the first KiB after any white
 * space. Host-to-host transfers put blank lines before a camt document's declaration, which the camt reader skips
 * (`XML_LEADING_WHITESPACE`): a KiB of them hid the declaration, and an ISO-8859-15 document was read as
 * windows-1252 (`€` as `¤`).
 */
export function declaredEncoding(bytes: Uint8Array): string | undefined {
  const start = leadingSpaceBytes(bytes, MAX_LEADING_SPACE + 1);
  if (start > MAX_LEADING_SPACE) return undefined;
  const head = decodeWindows1252(bytes.subarray(start, start + 1024));
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (xml?.[1] !== undefined) return xml[1];
  const ofx = /\bCHARSET:\s*([A-Za-z0-9._-]+)/.exec(head);
  if (ofx?.[1] !== undefined && !/^none$/i.test(ofx[1])) return ofx[1];
  return undefined;
}

/**
 * Strict UTF-8, like `tryDecode("utf-8", …)` but checked before any string is made: the check is vectorised and
 * an invalid document then costs no decoding at all, and Buffer's decoder is a little faster than TextDecoder's on
 * a whole document (the byte-order mark, if any, is kept alike).
 */
function tryUtf8(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  const own = OWN_DECODERS[encoding];
  if (own !== undefined) return own(bytes);
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * True when GB18030 is the likelier reading of bytes that are not UTF-8. Chinese bank text is almost all
 * GB2312 characters, whose two bytes are both in A1–FE; latin-1 text read as GBK pairs an accented letter with
 * the ASCII letter after it (`ü` + `l`), which only the rare GBK extension range allows.
 */
function looksChinese(bytes: Uint8Array): boolean {
  let common = 0;
  let rare = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x81) continue;
    const t = bytes[i + 1] ?? 0;
    if (b >= 0xa1 && b <= 0xfe && t >= 0xa1 && t <= 0xfe) common++;
    else rare++;
    i++;
  }
  return common > 0 && common >= rare * 4;
}

/** The most frequent Russian letters, а е и о in both cases, as windows-1251 bytes and as KOI8-R bytes. */
const CP1251_VOWELS = new Set([0xe0, 0xc0, 0xe5, 0xc5, 0xe8, 0xc8, 0xee, 0xce]);
const KOI8_VOWELS = new Set([0xc1, 0xe1, 0xc5, 0xe5, 0xc9, 0xe9, 0xcf, 0xef]);

/** How much of a document the Cyrillic check reads: enough words, without a pass over a large file. */
const CYRILLIC_SAMPLE = 1 << 20;

/** Letters of windows-1251 below C0: Ёё, and Ukrainian and Belarusian Ґґ Єє Іі Її Ўў. */
const CP1251_LOW_LETTERS = new Set([0xa8, 0xb8, 0xa5, 0xb4, 0xaa, 0xba, 0xb2, 0xb3, 0xaf, 0xbf, 0xa1, 0xa2]);

/** windows-1251's punctuation beyond ASCII, which ends a word as a space does: « » № – — … „ “ ” ‹ › and no-break space. */
const CP1251_PUNCTUATION = new Set([0xab, 0xbb, 0xb9, 0x96, 0x97, 0x85, 0x84, 0x93, 0x94, 0x8b, 0x9b, 0xa0]);

/**
 * windows-1251 or KOI8-R when the bytes are Cyrillic text (Russian, Ukrainian, Bulgarian, Kazakh bank exports), else
 * `undefined`. Both code pages put the Cyrillic letters at C0–FF, so such text is words made only of such bytes,
 * between spaces, digits and punctuation, never inside a Latin word (Czech `Příčná`, Turkish `ÜÇÜNCÜ`), with the
 * letters after a word's first all of one case (one half of the range). Counted over runs of bytes beyond ASCII of
 * three and more: GBK's Chinese runs hold trail bytes A1–BF and no case, so they fail. At least three Cyrillic
 * words, and four in five of those runs, are asked, in the first mebibyte. The two code pages swap the cases, so
 * case cannot tell them apart (KOI8-R's `оплата` is windows-1251's `ОПЛАТА`); the commonest letters can: the reading
 * that finds more а, е, и, о wins (a text of abbreviations alone, `ИНН КПП БИК`, may go the wrong way).
 */
function cyrillic(all: Uint8Array): "windows-1251" | "koi8-r" | undefined {
  const bytes = all.length > CYRILLIC_SAMPLE ? all.subarray(0, CYRILLIC_SAMPLE) : all;
  let runs = 0;
  let words = 0;
  let cp1251 = 0;
  let koi8 = 0;
  const n = bytes.length;
  const inRun = (b: number) => b >= 0x80 && !CP1251_PUNCTUATION.has(b);
  for (let i = 0; i < n; ) {
    if (!inRun(bytes[i] as number)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && inRun(bytes[j] as number)) j++;
    if (j - i >= 3) {
      runs++;
      let letters = true;
      let upper = 0;
      let lower = 0;
      for (let k = i; k < j && letters; k++) {
        const b = bytes[k] as number;
        if (b < 0xc0) letters = CP1251_LOW_LETTERS.has(b);
        else if (k > i) {
          if (b >= 0xe0) upper++;
          else lower++;
        }
      }
      const inWord = isAsciiLetter(bytes[i - 1] ?? 0) || isAsciiLetter(bytes[j] ?? 0);
      if (letters && !inWord && (upper === 0 || lower === 0)) {
        words++;
        for (let k = i; k < j; k++) {
          const b = bytes[k] as number;
          if (CP1251_VOWELS.has(b)) cp1251++;
          if (KOI8_VOWELS.has(b)) koi8++;
        }
      }
    }
    i = j;
  }
  if (words < 3 || words * 5 < runs * 4) return undefined;
  return koi8 > cp1251 ? "koi8-r" : "windows-1251";
}

/** The Central European 8-bit encodings weighed against windows-1252, in the order a tie between them goes. */
const CENTRAL_EUROPEAN = ["windows-1250", "iso-8859-2", "ibm852"] as const;
type CentralEuropean = (typeof CENTRAL_EUROPEAN)[number];

const NOT_A_LETTER = 0;
const LOWER = 1;
const UPPER = 2;

/**
 * For each byte 80–FF, what `encoding` decodes it to: {@link LOWER} or {@link UPPER} case letter, else
 * {@link NOT_A_LETTER}. Modifier letters (ˆ ˇ ˜) are not letters here: they are accents written alone.
 */
function letterClasses(encoding: string): Uint8Array {
  const text = createChunkDecoder(encoding).decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
  return Uint8Array.from(text, (c) => (/\p{Lu}|\p{Lt}/u.test(c) ? UPPER : /\p{Ll}|\p{Lo}/u.test(c) ? LOWER : NOT_A_LETTER));
}

const WESTERN_CLASSES = letterClasses("windows-1252");
const CENTRAL_CLASSES: readonly Uint8Array[] = CENTRAL_EUROPEAN.map(letterClasses);

/**
 * How much a byte says about the encoding, by what Western text writes in windows-1252 (some of these are letters
 * elsewhere: ’ is Ĺ in IBM 852, « is Ť in ISO-8859-2, · is Ě in IBM 852). {@link NEVER}: the apostrophes and the
 * no-break space, which Western text puts inside words and before them (`Sainsbury’s`, `d’avril`, `Paiement par`),
 * and the soft hyphen. {@link NOT_AT_WORD_END}: what Western text writes right after a word — the ellipsis, quotes,
 * guillemets, dashes, ™ © ® — but which, inside a word, are IBM 852's á ö ő ů ę ź Ś.
 */
const EVIDENCE = new Uint8Array(256);
const NEVER = 1;
const NOT_AT_WORD_END = 2;
for (const b of [0x91, 0x92, 0xa0, 0xad]) EVIDENCE[b] = NEVER;
for (const b of [0x85, 0x8b, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9b, 0xa9, 0xab, 0xae, 0xbb]) EVIDENCE[b] = NOT_AT_WORD_END;

/** Whether `c` is an ASCII letter. */
function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

/** Whether `c` is an ASCII capital. */
function isAsciiUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/** Whether the bytes from `i` are an ASCII digit, or a space and a digit (`¥5000`, `£ 20`). */
function digitFollows(bytes: Uint8Array, i: number): boolean {
  let c = bytes[i] ?? 0;
  if (c === 0x20) c = bytes[i + 1] ?? 0;
  return c >= 0x30 && c <= 0x39;
}

/**
 * The Central European 8-bit encoding (windows-1250, ISO-8859-2 or the DOS code page IBM 852) that reads `bytes`
 * better than windows-1252 does, or `undefined`.
 *
 * Each byte 80–FF right after a letter (an ASCII one, or another byte 80–FF) is inside or at the end of a word, where
 * text has letters: the encoding that reads more of them as letters wins, by at least two and by a fifth of them.
 * German, French and Nordic letters (ä ö ü ß é è à ç œ æ ø) are letters in all of them, so they decide nothing. Polish
 * ł ą ż read in windows-1252 are ³ ¹ ¿, and ISO-8859-2's ą ś ź are ± ¶ ¼ there. Not counted, because Western text has
 * them after words: a byte before a number (`JPY¥5000`), ² and ³ after an m (`12 m³`), the Catalan l·l, and the
 * punctuation of {@link EVIDENCE}. A byte after a space is not counted either: ¿ and ¡ begin Spanish words. A
 * letter whose case does not fit the ASCII letters around it is not counted as a letter: an upper-case one next to a
 * lower-case ASCII letter (ISO-8859-2's ź is Ľ in windows-1250: `ŁódĽ`; windows-1252's ü is Ř in IBM 852: `MŘller`),
 * a lower-case one between two capitals (IBM 852's Ł is ť in windows-1250: `ZAKťAD`). That rule
 * costs Western text upper-cased by ASCII alone (`PRéLèVEMENT`, which reads as IBM 852's `PRÚLŔVEMENT`) for
 * upper-case Slovak and Hungarian in IBM 852 (`SÚHLAS`, `BÚTOR`), which bank files hold far more often.
 *
 * What this finds: Polish in all three, and Hungarian, Czech, Slovak and Croatian in IBM 852 (short texts less
 * surely). Czech, Slovak and Hungarian in windows-1250 or ISO-8859-2 read as Western letters in windows-1252 as well
 * (č as è, ř as ø, ő as õ), so they are not told apart: `--encoding windows-1250` (or a profile's `encoding`) reads
 * them.
 */
function centralEuropean(bytes: Uint8Array): CentralEuropean | undefined {
  let counted = 0;
  let western = 0;
  const central = new Array<number>(CENTRAL_EUROPEAN.length).fill(0);
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) continue;
    const before = bytes[i - 1] as number;
    if (before < 0x80 && !isAsciiLetter(before)) continue;
    const after = bytes[i + 1] ?? 0;
    const evidence = EVIDENCE[b] as number;
    if (evidence === NEVER || (evidence === NOT_AT_WORD_END && !isAsciiLetter(after) && after < 0x80)) continue;
    // Between two words, as in `Berlin–Hamburg`: the dash, not IBM 852's ľ.
    if (evidence === NOT_AT_WORD_END && isAsciiUpper(after) && !isAsciiUpper(before)) continue;
    if (digitFollows(bytes, i + 1)) continue;
    if ((b === 0xb2 || b === 0xb3) && (before | 0x20) === 0x6d && !isAsciiLetter(after) && after < 0x80) continue;
    if (b === 0xb7 && (before | 0x20) === 0x6c && (after | 0x20) === 0x6c) continue;
    const k = b - 0x80;
    // The case of the ASCII letters around the byte, for the case rules above.
    const upperFits = !(before >= 0x61 && before <= 0x7a) && !(after >= 0x61 && after <= 0x7a);
    const lowerFits = !(isAsciiUpper(before) && isAsciiUpper(after));
    counted++;
    const w = WESTERN_CLASSES[k] as number;
    if ((w === LOWER && lowerFits) || (w === UPPER && upperFits)) western++;
    for (let e = 0; e < central.length; e++) {
      const c = (CENTRAL_CLASSES[e] as Uint8Array)[k] as number;
      if ((c === LOWER && lowerFits) || (c === UPPER && upperFits)) central[e] = (central[e] as number) + 1;
    }
  }
  let best = 0;
  for (let e = 1; e < central.length; e++) if ((central[e] as number) > (central[best] as number)) best = e;
  const lead = (central[best] as number) - western;
  return lead < 2 || lead * 5 < counted ? undefined : CENTRAL_EUROPEAN[best];
}

/** Which encodings decode any bytes (see {@link isLenient}), found once per encoding. */
const lenient = new Map<string, boolean>([["gb18030", true]]);

/**
 * Whether decoding cleanly under `encoding` proves little, because it decodes almost any bytes: GB18030, and every
 * 8-bit code page (windows-125x, ISO-8859-x, KOI8, IBM 852…), which reads each byte as one character (some leave a
 * few bytes unassigned, which UTF-8 text seldom hits).
 */
export function isLenient(encoding: string): boolean {
  let known = lenient.get(encoding);
  if (known === undefined) {
    try {
      // One character per byte, and ASCII as itself (ISO-2022-JP also gives 256 characters, from escapes).
      const text = createChunkDecoder(encoding).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
      known = encoding !== "utf-8" && text.length === 256;
      for (let i = 0; known && i < 0x80; i++) known = text.charCodeAt(i) === i;
    } catch {
      known = false;
    }
    lenient.set(encoding, known);
  }
  return known;
}

/**
 * Whether valid UTF-8 wins over a declared `encoding` that decodes anything: a header that says `CHARSET:1250` (or
 * GBK, ISO-8859-15) above UTF-8 text is a template's leftover, and reading the text as declared would garble every
 * letter.
 */
function utf8Outranks(declared: string, body: Uint8Array): boolean {
  return isLenient(declared) && isUtf8(body);
}

/** How a document is to be decoded: what {@link decodeDocument} would choose, found without holding its text. */
export interface DocumentEncoding {
  /** The WHATWG name of the encoding. */
  readonly encoding: string;
  readonly basis: Decoded["basis"];
  /** Bytes of a byte-order mark to skip before decoding. */
  readonly skip: number;
}

/** Bytes decoded at a time by {@link chooseEncoding}'s checks and {@link decodeChunks}. */
const SLICE_BYTES = 1 << 20;

/** Whether `bytes` decode strictly in `encoding`, checked a slice at a time without keeping the text. */
function decodesStrictly(encoding: string, bytes: Uint8Array): boolean {
  if (OWN_DECODERS[encoding] !== undefined) return true;
  try {
    const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) decoder.decode(bytes.subarray(at, at + SLICE_BYTES), { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * Chooses the encoding of a document exactly as {@link decodeDocument} does, but without building its text: for
 * documents too large to hold as one string (and their objects), which are then read with {@link decodeChunks}.
 * Checks that need a strict decoding run over slices and keep nothing.
 */
export function chooseEncoding(bytes: Uint8Array, forced?: string): DocumentEncoding {
  if (forced !== undefined) {
    const encoding = normalizeEncoding(forced) ?? forced;
    const start = byteOrderMark(bytes);
    return { encoding, basis: "forced", skip: start !== undefined && start.encoding === encoding ? start.length : 0 };
  }
  const b = byteOrderMark(bytes);
  const unmarked = disbelievedUtf8Bom(bytes, b);
  if (b !== undefined && unmarked === undefined) return { encoding: b.encoding, basis: "bom", skip: b.length };
  const body = unmarked ?? bytes;
  const skip = bytes.length - body.length;
  const u16 = bomlessUtf16(body);
  if (u16 !== undefined && decodesStrictly(u16, body)) return { encoding: u16, basis: "detected", skip };
  const label = declaredEncoding(body);
  const declared = label === undefined ? undefined : normalizeEncoding(label);
  if (declared !== undefined && declared !== "utf-8" && declared !== "windows-1252") {
    if (decodesStrictly(declared, body) && !utf8Outranks(declared, body)) return { encoding: declared, basis: "declared", skip };
  }
  if (isUtf8(body)) return { encoding: "utf-8", basis: declared === "utf-8" ? "declared" : "utf-8", skip };
  const cyr = declared === "windows-1252" ? undefined : cyrillic(body);
  if (cyr !== undefined) return { encoding: cyr, basis: "detected", skip };
  if (looksChinese(body) && decodesStrictly("gb18030", body)) return { encoding: "gb18030", basis: "detected", skip };
  const central = declared === "windows-1252" ? undefined : centralEuropean(body);
  if (central !== undefined) return { encoding: central, basis: "detected", skip };
  return { encoding: "windows-1252", basis: declared === "windows-1252" ? "declared" : "fallback", skip };
}

/**
 * The text of `bytes` in chunks of about a mebibyte, decoded as `choice` says: joined, the chunks are the text
 * {@link decodeDocument} gives. A character cut by a chunk's end is completed in the next chunk.
 */
export function* decodeChunks(bytes: Uint8Array, choice: DocumentEncoding): Generator<string, void, undefined> {
  const decoder = createChunkDecoder(choice.encoding);
  for (let at = choice.skip; at < bytes.length; at += SLICE_BYTES) {
    const text = decoder.decode(bytes.subarray(at, Math.min(at + SLICE_BYTES, bytes.length)), { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/**
 * Decodes a document. `forced` (a user's `--encoding`) wins; otherwise: byte-order mark (a UTF-8 one only when
 * the bytes after it are UTF-8; else they are read on as if it were not there); the declared
 * encoding if the bytes decode cleanly with it; strict UTF-8; windows-1251 or KOI8-R if the high bytes form
 * Cyrillic words; GB18030 if the text reads as Chinese; UTF-16 without BOM; a Central European code page if it reads the letters inside words better than windows-1252;
 * windows-1252 as the last resort (it maps every byte). Never throws for a known encoding.
 */
export function decodeDocument(bytes: Uint8Array, forced?: string): Decoded {
  if (forced !== undefined) {
    const encoding = normalizeEncoding(forced) ?? forced;
    const start = byteOrderMark(bytes);
    const body = start !== undefined && start.encoding === encoding ? bytes.subarray(start.length) : bytes;
    return { text: createChunkDecoder(encoding).decode(body), encoding, basis: "forced" };
  }
  const b = byteOrderMark(bytes);
  const unmarked = disbelievedUtf8Bom(bytes, b);
  if (b !== undefined && unmarked === undefined) {
    const body = bytes.subarray(b.length);
    return { text: new TextDecoder(b.encoding, { ignoreBOM: true }).decode(body), encoding: b.encoding, basis: "bom" };
  }
  const body = unmarked ?? bytes;
  const u16 = bomlessUtf16(body);
  if (u16 !== undefined) {
    const text = tryDecode(u16, body);
    if (text !== undefined) return { text, encoding: u16, basis: "detected" };
  }
  const label = declaredEncoding(body);
  const declared = label === undefined ? undefined : normalizeEncoding(label);
  if (declared !== undefined && declared !== "utf-8" && declared !== "windows-1252") {
    // A declared encoding is believed when the bytes decode under it strictly, unless they are UTF-8 and it is one
    // that decodes anything.
    const text = tryDecode(declared, body);
    if (text !== undefined && !utf8Outranks(declared, body)) return { text, encoding: declared, basis: "declared" };
  }
  const utf8 = tryUtf8(body);
  if (utf8 !== undefined) return { text: utf8, encoding: "utf-8", basis: declared === "utf-8" ? "declared" : "utf-8" };
  const cyr = declared === "windows-1252" ? undefined : cyrillic(body);
  if (cyr !== undefined) return { text: createChunkDecoder(cyr).decode(body), encoding: cyr, basis: "detected" };
  if (looksChinese(body)) {
    const gb = tryDecode("gb18030", body);
    if (gb !== undefined) return { text: gb, encoding: "gb18030", basis: "detected" };
  }
  const central = declared === "windows-1252" ? undefined : centralEuropean(body);
  if (central !== undefined) return { text: createChunkDecoder(central).decode(body), encoding: central, basis: "detected" };
  return {
    text: decodeWindows1252(body),
    encoding: "windows-1252",
    basis: declared === "windows-1252" ? "declared" : "fallback",
  };
}

/**
 * The bytes {@link decodeDocument} would decode as UTF-8, when they are valid UTF-8: the document after a UTF-8
 * byte-order mark, or the whole document when no byte-order mark, UTF-16 pattern or other declared encoding that
 * reads it cleanly says otherwise. `undefined` for every other document and whenever `forced` is given. For parsers
 * that read UTF-8 bytes without decoding the whole document (`StatementFormat.parseUtf8`).
 */
export function utf8Document(bytes: Uint8Array, forced?: string): Uint8Array | undefined {
  if (forced !== undefined) return undefined;
  const b = byteOrderMark(bytes);
  if (b !== undefined) {
    const body = bytes.subarray(b.length);
    return b.encoding === "utf-8" && isUtf8(body) ? body : undefined;
  }
  // The same order of choices as decodeDocument; the rare documents that get this far without being UTF-8
  // are decoded twice (here to decide, there to read), which costs nothing on the documents that matter.
  const u16 = bomlessUtf16(bytes);
  if (u16 !== undefined && tryDecode(u16, bytes) !== undefined) return undefined;
  const label = declaredEncoding(bytes);
  const declared = label === undefined ? undefined : normalizeEncoding(label);
  if (declared !== undefined && declared !== "utf-8" && declared !== "windows-1252") {
    const text = tryDecode(declared, bytes);
    if (text !== undefined && !utf8Outranks(declared, bytes)) return undefined;
  }
  return isUtf8(bytes) ? bytes : undefined;
}
