/**
 * A GB18030 encoder for tests (iconv-lite is not a dependency): the reverse of Node's own `TextDecoder("gb18030")`,
 * built once by decoding every one- and two-byte code and the four-byte BMP range, with the linear four-byte
 * mapping of the supplementary planes computed. Characters the table lacks throw: a test must not pass by
 * silently writing `?`.
 */

let table: Map<number, number[]> | undefined;

function buildTable(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  const decoder = new TextDecoder("gb18030");
  for (let b = 0; b < 0x80; b++) map.set(b, [b]);
  // Two-byte codes: lead 81–FE, trail 40–7E and 80–FE.
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const c = decoder.decode(Uint8Array.of(lead, trail));
      if (c.length === 1 && c !== "\ufffd" && !map.has(c.charCodeAt(0))) map.set(c.charCodeAt(0), [lead, trail]);
    }
  }
  // Four-byte codes of the BMP: 81 30 81 30 – 84 31 A4 39, decoded in one batch (each decodes to one character).
  const codes: number[][] = [];
  for (let b1 = 0x81; b1 <= 0x84; b1++)
    for (let b2 = 0x30; b2 <= 0x39; b2++)
      for (let b3 = 0x81; b3 <= 0xfe; b3++) for (let b4 = 0x30; b4 <= 0x39; b4++) codes.push([b1, b2, b3, b4]);
  const text = decoder.decode(Uint8Array.from(codes.flat()));
  codes.forEach((code, i) => {
    const c = text.charCodeAt(i);
    if (c !== 0xfffd && !map.has(c)) map.set(c, code);
  });
  return map;
}

/** Four bytes for a code point beyond the BMP (GB18030's linear range from 90 30 81 30). */
function supplementary(cp: number): number[] {
  let p = cp - 0x10000 + 189000;
  const b4 = 0x30 + (p % 10);
  p = Math.floor(p / 10);
  const b3 = 0x81 + (p % 126);
  p = Math.floor(p / 126);
  const b2 = 0x30 + (p % 10);
  const b1 = 0x81 + Math.floor(p / 10);
  return [b1, b2, b3, b4];
}

/** `text` in GB18030. */
export function encodeGb18030(text: string): Uint8Array {
  table ??= buildTable();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp > 0xffff) {
      out.push(...supplementary(cp));
      continue;
    }
    const bytes = table.get(cp);
    if (bytes === undefined) throw new Error(`no GB18030 code for U+${cp.toString(16)}`);
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

/** `text` in UTF-16, little or big endian, with or without a byte-order mark. */
export function encodeUtf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const body = bom ? `\ufeff${text}` : text;
  const out = new Uint8Array(body.length * 2);
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    out[2 * i + (littleEndian ? 0 : 1)] = c & 0xff;
    out[2 * i + (littleEndian ? 1 : 0)] = c >> 8;
  }
  return out;
}
