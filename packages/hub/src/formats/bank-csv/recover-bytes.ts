/**
 * The bytes a text was decoded from, for the encodings where that is exact (UTF-8 read strictly, UTF-16, and
 * windows-1252, which maps every byte to its own character): lets a profile's `encoding` override the registry's
 * choice after the fact. GB18030 and the other multi-byte encodings cannot be reversed without an encoder.
 *
 * @module
 */
import { decodeWindows1252 } from "../encoding.js";

let cp1252: Map<number, number> | undefined;

function windows1252Bytes(text: string): Uint8Array | undefined {
  if (cp1252 === undefined) {
    const all = decodeWindows1252(Uint8Array.from({ length: 256 }, (_, i) => i));
    cp1252 = new Map([...all].map((c, i) => [c.charCodeAt(0), i]));
  }
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = cp1252.get(text.charCodeAt(i));
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}

function utf16Bytes(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (littleEndian ? 0 : 1)] = c & 0xff;
    out[2 * i + (littleEndian ? 1 : 0)] = c >> 8;
  }
  return out;
}

/** The bytes of `text` in `encoding` (a WHATWG name), or `undefined` when that cannot be done exactly. */
export function recoverBytes(text: string, encoding: string): Uint8Array | undefined {
  switch (encoding) {
    case "utf-8":
      return new TextEncoder().encode(text);
    case "utf-16le":
      return utf16Bytes(text, true);
    case "utf-16be":
      return utf16Bytes(text, false);
    case "windows-1252":
      return windows1252Bytes(text);
    default:
      return undefined;
  }
}
