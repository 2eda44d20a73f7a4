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

function isLoneSurrogate(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return ch.length === 1 && c >= 0xd800 && c <= 0xdfff;
}

function isCombiningMark(c: number): boolean {
  return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff);
}

function normalizeLabel(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Every printable ASCII character and the line breaks: what the writers' structure is made of. */
const ASCII = `${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("")}\t\r\n`;

/** The byte-order mark in the encodings that have one (UTF-8, UTF-16, UTF-32, either byte order). */
const BOMS = ["efbbbf", "fffe", "feff", "fffe0000", "0000feff"];

/**
 * An encoder for `label` (`utf-8`, `iso-8859-1`, `windows-1252`, `gbk`, `gb18030`, `big5`, `shift_jis`, … any
 * encoding iconv-lite knows that writes ASCII as ASCII, or UTF-16/UTF-32). A byte-order mark that begins the
 * document (the CSV writer's, for Excel) is kept in UTF-8, added in UTF-16 and UTF-32 (which a reader cannot tell
 * from bytes alone), and dropped elsewhere (GB18030 has bytes for U+FEFF that no reader takes for a mark).
 * `unrepresentable` is written for a character the encoding lacks and that has no accent-free letter (one ASCII
 * character; `?` by default). `undefined` for an encoding it does not know, or one that would change the ASCII the
 * formats' structure is made of (ISO 646 variants, UTF-7, ARMSCII-8).
 */
export function createOutputEncoder(label: string, unrepresentable = "?"): OutputEncoder | undefined {
  const name = normalizeLabel(label);
  if (name === "" || NOT_TEXT.has(name) || !iconv.encodingExists(name)) return undefined;
  const bom = Buffer.from(iconv.getEncoder(name, { addBOM: false }).write("\uFEFF")).toString("hex");
  const withBom = BOMS.includes(bom);
  // Two or four bytes per character: the ASCII check below does not apply, and a mark says which byte order.
  const wide = withBom && bom !== "efbbbf";
  if (!wide && !Buffer.from(iconv.getEncoder(name, { addBOM: false }).write(ASCII)).equals(Buffer.from(ASCII, "latin1"))) return undefined;
  const utf8 = name === "utf8";
  // One encoder for the whole document: iconv's encode() would add a mark to every piece in UTF-16 and UTF-32.
  const codec = iconv.getEncoder(name, { addBOM: false });
  /** For each character met outside ASCII: what is written for it. */
  const written = new Map<string, string>();
  let first = true;
  let transliterated = 0;
  let replaced = 0;
  let firstReplaced: string | undefined;

  const representable = (ch: string): boolean => iconv.decode(iconv.encode(ch, name, { addBOM: false }), name, { stripBOM: false }) === ch;
  const substitute = (ch: string): string => {
    const known = written.get(ch);
    if (known !== undefined) return known;
    let out = unrepresentable;
    // A lone surrogate is no character at all.
    if (!isLoneSurrogate(ch) && representable(ch)) out = ch;
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
      // Nothing written is nothing, not a byte-order mark alone (a document with no statement makes no file).
      if (text.length === 0) return new Uint8Array(0);
      let t = text;
      if (first) {
        first = false;
        if (!withBom && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
        else if (wide && t.charCodeAt(0) !== 0xfeff) t = `\uFEFF${t}`;
      }
      if (utf8) return Buffer.from(t, "utf8");
      let out: string[] | undefined;
      let from = 0;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c < 0x80) continue;
        // A character outside the Basic Multilingual Plane is two UTF-16 units, one character.
        const d = t.charCodeAt(i + 1);
        const pair = c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
        const ch = pair ? t.slice(i, i + 2) : t.charAt(i);
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
        if (pair) i++;
      }
      if (out !== undefined) {
        out.push(t.slice(from));
        t = out.join("");
      }
      return codec.write(t);
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
