/**
 * The start of an OFX document: which syntax its body uses and where the body begins.
 *
 * - OFX 1.x: an SGML header block of `KEY:VALUE` lines (`OFXHEADER:100`, `DATA:OFXSGML`, `VERSION:102`,
 *   `CHARSET:1252`…) ended by a blank line, then SGML.
 * - OFX 2.x: an XML declaration and an `<?OFX OFXHEADER="200" VERSION="211" …?>` processing instruction, then XML.
 * - Neither: some banks send the body alone, starting at `<OFX>` (read as SGML, which also reads XML).
 *
 * @module
 */

/** How an OFX document is written. */
export interface OfxHeader {
  /** `sgml` for 1.x and header-less bodies, `xml` for documents with an XML declaration or `<?OFX …?>`. */
  readonly syntax: "sgml" | "xml";
  /** The `VERSION` the header states (`102`, `211`), when it states one. */
  readonly version: string | undefined;
  /** The 1.x header block's fields, upper-case keys (`CHARSET`, `ENCODING`…); empty for 2.x. */
  readonly fields: Readonly<Record<string, string>>;
  /**
   * Offset where the document starts: after the white space, byte-order marks, NULs and Ctrl-Zs before it (the
   * header block, the XML declaration or `<?OFX`, or where a header-less body is looked for).
   */
  readonly start: number;
  /** Offset where the reader should start. */
  readonly bodyStart: number;
}

/** The `<OFX>` root element's start tag, with or without spaces and attributes after its name. */
export const OFX_ROOT = /<OFX(?:[ \t\r\n][^<>]*)?>/i;

/** How far into the document to look for `<OFX>` when there is no header. */
const BODY_SEARCH = 4096;

/**
 * Past white space, a byte-order mark, and the NULs and Ctrl-Zs (0x1A, DOS end of file) that file transfers and DOS
 * tools leave before a document: read as a header-less body instead, the header block would be skipped, and an
 * OFX 2 body read by the SGML reader.
 */
function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0xfeff && c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0 && c !== 0x1a) break;
    i++;
  }
  return i;
}

function startsWithIgnoreCase(text: string, prefix: string, at: number): boolean {
  return text.slice(at, at + prefix.length).toUpperCase() === prefix;
}

/** What kind of OFX `text` is, or `undefined` when it does not look like OFX at all. */
export function readOfxHeader(text: string): OfxHeader | undefined {
  const start = skipSpace(text, 0);
  if (startsWithIgnoreCase(text, "OFXHEADER", start)) {
    const fields: Record<string, string> = {};
    let pos = start;
    // KEY:VALUE lines (LF, CR LF or a bare CR: ofxparse "testBrokenLineEndings") up to the first tag.
    while (pos < text.length && text.charCodeAt(pos) !== 60 /* < */) {
      let end = pos;
      while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13 && text.charCodeAt(end) !== 60) end++;
      const line = text.slice(pos, end);
      const colon = line.indexOf(":");
      if (colon > 0) fields[line.slice(0, colon).trim().toUpperCase()] = line.slice(colon + 1).trim();
      pos = end;
      while (pos < text.length && (text.charCodeAt(pos) === 10 || text.charCodeAt(pos) === 13 || text.charCodeAt(pos) === 32)) pos++;
    }
    return { syntax: "sgml", version: fields.VERSION, fields, start, bodyStart: pos };
  }
  if (startsWithIgnoreCase(text, "<?XML", start) || startsWithIgnoreCase(text, "<?OFX", start)) {
    const pi = /<\?OFX\b[^>]*?\bVERSION\s*=\s*["']?(\d+)/i.exec(text.slice(start, start + BODY_SEARCH));
    return { syntax: "xml", version: pi?.[1], fields: {}, start, bodyStart: start };
  }
  // `<OFX >` and `<OFX xmlns=…>` too: banks write them (Navy Federal's export, Actual PR #5203).
  const body = text.slice(start, start + BODY_SEARCH).search(OFX_ROOT);
  if (body < 0) return undefined;
  return { syntax: "sgml", version: undefined, fields: {}, start, bodyStart: start + body };
}
