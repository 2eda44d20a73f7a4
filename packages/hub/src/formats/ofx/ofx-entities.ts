/**
 * Character references in OFX 1.x SGML text. Banks write the XML five, numeric references, and HTML names
 * such as `&copy;` or `&eacute;` that OFX never defined but their HTML-minded software emits (libofx #72).
 * An `&` that does not start a known reference stays as written: `AT&T`, `Smith & Sons`.
 *
 * @module
 */

/** Named references: the XML five, Latin-1 (HTML 4 `&nbsp;`…`&yuml;`) and the punctuation banks use. */
const NAMED: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  iexcl: "¡",
  cent: "¢",
  pound: "£",
  curren: "¤",
  yen: "¥",
  brvbar: "¦",
  sect: "§",
  uml: "¨",
  copy: "©",
  ordf: "ª",
  laquo: "«",
  not: "¬",
  shy: "\u00ad",
  reg: "®",
  macr: "¯",
  deg: "°",
  plusmn: "±",
  sup2: "²",
  sup3: "³",
  acute: "´",
  micro: "µ",
  para: "¶",
  middot: "·",
  cedil: "¸",
  sup1: "¹",
  ordm: "º",
  raquo: "»",
  frac14: "¼",
  frac12: "½",
  frac34: "¾",
  iquest: "¿",
  Agrave: "À",
  Aacute: "Á",
  Acirc: "Â",
  Atilde: "Ã",
  Auml: "Ä",
  Aring: "Å",
  AElig: "Æ",
  Ccedil: "Ç",
  Egrave: "È",
  Eacute: "É",
  Ecirc: "Ê",
  Euml: "Ë",
  Igrave: "Ì",
  Iacute: "Í",
  Icirc: "Î",
  Iuml: "Ï",
  ETH: "Ð",
  Ntilde: "Ñ",
  Ograve: "Ò",
  Oacute: "Ó",
  Ocirc: "Ô",
  Otilde: "Õ",
  Ouml: "Ö",
  times: "×",
  Oslash: "Ø",
  Ugrave: "Ù",
  Uacute: "Ú",
  Ucirc: "Û",
  Uuml: "Ü",
  Yacute: "Ý",
  THORN: "Þ",
  szlig: "ß",
  agrave: "à",
  aacute: "á",
  acirc: "â",
  atilde: "ã",
  auml: "ä",
  aring: "å",
  aelig: "æ",
  ccedil: "ç",
  egrave: "è",
  eacute: "é",
  ecirc: "ê",
  euml: "ë",
  igrave: "ì",
  iacute: "í",
  icirc: "î",
  iuml: "ï",
  eth: "ð",
  ntilde: "ñ",
  ograve: "ò",
  oacute: "ó",
  ocirc: "ô",
  otilde: "õ",
  ouml: "ö",
  divide: "÷",
  oslash: "ø",
  ugrave: "ù",
  uacute: "ú",
  ucirc: "û",
  uuml: "ü",
  yacute: "ý",
  thorn: "þ",
  yuml: "ÿ",
  euro: "€",
  trade: "™",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  hellip: "…",
  bull: "•",
  OElig: "Œ",
  oelig: "œ",
  Scaron: "Š",
  scaron: "š",
  Yuml: "Ÿ",
};

/**
 * `&#128;`…`&#159;` as HTML reads them: the windows-1252 characters at those bytes (WHATWG HTML, "numeric
 * character reference end state"), since the software that writes them meant the bytes of its 1252 text
 * (`&#150;` is –, `&#128;` is €), not C1 controls. The five positions windows-1252 leaves undefined (129, 141,
 * 143, 144, 157) are kept as the code point written, as HTML and the WHATWG windows-1252 decoder do: the same
 * character a raw byte 0x81 of a CHARSET:1252 file decodes to.
 */
const WINDOWS_1252_C1 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/** Longest reference looked at (`&#x10FFFF;` and the longest name fit). */
const MAX_REFERENCE = 10;

/** The character a reference names, or `undefined` when `body` (between `&` and `;`) is not one. */
function resolve(body: string): string | undefined {
  if (body.charCodeAt(0) === 35 /* # */) {
    const hex = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88; /* x X */
    const digits = body.slice(hex ? 2 : 1);
    if (digits === "" || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
    const cp = Number.parseInt(digits, hex ? 16 : 10);
    // NUL, surrogates and values beyond Unicode are not characters.
    if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return undefined;
    if (cp >= 0x80 && cp <= 0x9f) return WINDOWS_1252_C1[cp - 0x80];
    return String.fromCodePoint(cp);
  }
  return Object.hasOwn(NAMED, body) ? NAMED[body] : undefined;
}

/** The XML five, which SGML reads without their `;` (see {@link decodeOfxEntities}); HTML's names need it here. */
const OPEN_ENDED: ReadonlySet<string> = new Set(["amp", "lt", "gt", "quot", "apos"]);

/** Whether `c` can be part of an SGML name (OFX's: letters, digits, `.`, `-`), so cannot end a reference. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

/**
 * `text` with its character references replaced. Call it only on text that holds an `&` (the caller
 * checks, so plain text costs nothing).
 *
 * A reference ends at its `;`, or, as SGML reads it, at the first character that cannot be part of its name (a
 * space, a line end, the end of the text): a bank that cuts NAME at 32 characters after escaping leaves
 * `SAFEWAY STORE &amp`. Without the `;`, only the XML five and numeric references are read (libofx reads them too);
 * `&copy 2024` stays as written, as HTML's names are no OFX and a word after `&` is likelier text.
 *
 * @example decodeOfxEntities("Caf&eacute; &amp; Bar &copy; AT&T &amp") // "Café & Bar © AT&T &"
 */
export function decodeOfxEntities(text: string): string {
  let out = "";
  let last = 0;
  let amp = text.indexOf("&");
  const n = text.length;
  while (amp >= 0) {
    // The name (or `#` and digits), at most MAX_REFERENCE characters.
    let end = amp + 1;
    if (text.charCodeAt(end) === 35 /* # */) end++;
    while (end < n && end - amp - 1 <= MAX_REFERENCE && isNameChar(text.charCodeAt(end))) end++;
    const semi = end < n && text.charCodeAt(end) === 59; /* ; */
    const body = text.slice(amp + 1, end);
    const ended = semi || end >= n || !isNameChar(text.charCodeAt(end));
    if (ended && body.length <= MAX_REFERENCE && (semi || OPEN_ENDED.has(body) || body.charCodeAt(0) === 35)) {
      const ch = resolve(body);
      if (ch !== undefined) {
        out += text.slice(last, amp) + ch;
        last = semi ? end + 1 : end;
        amp = text.indexOf("&", last);
        continue;
      }
    }
    amp = text.indexOf("&", amp + 1);
  }
  return last === 0 ? text : out + text.slice(last);
}
