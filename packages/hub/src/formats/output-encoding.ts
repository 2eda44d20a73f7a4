/**
 * Writing a text document (MT940, BAI2, entries CSV) in a character encoding other than UTF-8, for the systems
 * that import them: German ERPs and aqbanking read MT940 as ISO-8859-1, Excel in China opens CSV as GBK. A
 * letter the encoding lacks is written without its accents where that leaves one letter the encoding has
 * (`Ł` → `L`, `č` → `c`), any other character as `?`: the same length either way, so the writers' line limits still hold. Both
 * are counted and reported, never silent.
 *
 * @module
 */
import iconv from "iconv-lite";
import type { Issue } from "../core/index.js";

/** Encodes the pieces of one output document, in order. */
export interface OutputEncoder {
  /** The encoding, as named by the caller. */
  readonly label: string;
  /** The bytes of the next piece of the document. */
  encode(text: string): Uint8Array;
  /** What encoding changed so far: none, or one `OUTPUT_CHARACTERS_REPLACED` warning with counts. */
  issues(): Issue[];
}

/** Encodings that hold every Unicode character: nothing is replaced, and a byte-order mark is kept. */
const UNICODE = new Set(["utf8", "utf16le", "utf16be", "utf16", "ucs2", "utf32le", "utf32be", "utf32", "gb18030"]);
/** iconv-lite's names that are not character encodings of text. */
const NOT_TEXT = new Set(["base64", "hex", "binary"]);

/**
 * Letters that carry no combining mark in Unicode's decomposition, and their plain letter. Only letters: the text is
 * encoded after the writer has quoted and escaped it, so a replacement must never be a character with a meaning in
 * the format (a CSV `"`, a BAI2 `,` or `/`, a `-` that a spreadsheet takes for a formula).
 */
const PLAIN: Readonly<Record<string, string>> = {
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ø: "O",
  ø: "o",
  Ħ: "H",
  ħ: "h",
  ı: "i",
};

const LETTER = /^\p{L}$/u;

function isCombiningMark(c: number): boolean {
  return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff);
}

function normalizeLabel(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * An encoder for `label` (`utf-8`, `iso-8859-1`, `windows-1252`, `gbk`, `gb18030`, `big5`, `shift_jis`, … any
 * encoding iconv-lite knows). A byte-order mark that begins the document (the CSV writer's, for Excel) is dropped
 * unless the encoding is a Unicode one. `unrepresentable` is written for a character the encoding lacks and that has
 * no accent-free letter (one ASCII character; `?` by default). `undefined` for an encoding it does not know.
 */
export function createOutputEncoder(label: string, unrepresentable = "?"): OutputEncoder | undefined {
  const name = normalizeLabel(label);
  if (name === "" || NOT_TEXT.has(name) || !iconv.encodingExists(name)) return undefined;
  const unicode = UNICODE.has(name);
  const utf8 = name === "utf8";
  /** For each character met outside ASCII: what is written for it. */
  const written = new Map<string, string>();
  let first = true;
  let transliterated = 0;
  let replaced = 0;
  let firstReplaced: string | undefined;

  const representable = (ch: string): boolean => iconv.decode(iconv.encode(ch, name), name) === ch;
  const substitute = (ch: string): string => {
    const known = written.get(ch);
    if (known !== undefined) return known;
    let out = unrepresentable;
    if (representable(ch)) out = ch;
    else {
      const plain = PLAIN[ch];
      const base = plain ?? ch.normalize("NFD");
      // A letter and its accents (`č` = `c` + U+030C): the letter alone, if the encoding has it.
      let marksOnly = base.length > 0 && base.charCodeAt(0) < 0xd800;
      for (let i = 1; i < base.length && marksOnly; i++) marksOnly = isCombiningMark(base.charCodeAt(i));
      const letter = base.charAt(0);
      // A letter only (`≠` is `=` and a mark).
      if ((plain !== undefined || (marksOnly && base.length > 1 && LETTER.test(letter))) && representable(letter)) out = letter;
    }
    written.set(ch, out);
    return out;
  };

  return {
    label,
    encode(text: string): Uint8Array {
      let t = text;
      if (first) {
        first = false;
        if (!unicode && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      }
      if (utf8) return Buffer.from(t, "utf8");
      if (!unicode) {
        let out: string[] | undefined;
        let from = 0;
        for (let i = 0; i < t.length; i++) {
          const c = t.charCodeAt(i);
          if (c < 0x80) continue;
          // A character outside the Basic Multilingual Plane is two UTF-16 units, one character.
          const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < t.length;
          const ch = wide ? t.slice(i, i + 2) : t.charAt(i);
          const sub = substitute(ch);
          if (sub !== ch) {
            if (sub === unrepresentable) {
              replaced++;
              firstReplaced ??= ch;
            } else transliterated++;
            out ??= [];
            out.push(t.slice(from, i), sub);
            from = i + ch.length;
          }
          if (wide) i++;
        }
        if (out !== undefined) {
          out.push(t.slice(from));
          t = out.join("");
        }
      }
      return iconv.encode(t, name);
    },
    issues(): Issue[] {
      if (replaced === 0 && transliterated === 0) return [];
      const parts = [
        ...(transliterated > 0 ? [`${transliterated} written without their accents`] : []),
        ...(replaced > 0
          ? [
              `${replaced} written as "${unrepresentable}" (the first: U+${(firstReplaced?.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")})`,
            ]
          : []),
      ];
      return [
        {
          severity: "warning",
          code: "OUTPUT_CHARACTERS_REPLACED",
          message: `characters that ${label} cannot hold: ${parts.join(", ")}`,
          details: { encoding: label, transliterated, replaced },
        },
      ];
    },
  };
}
