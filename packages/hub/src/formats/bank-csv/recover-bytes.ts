/**
 * The bytes a text was decoded from, for the encodings where that is exact (UTF-8 read strictly, UTF-16, and the
 * 8-bit code pages windows-1252, windows-1250, ISO-8859-2, IBM 852, windows-1251 and KOI8-R, which map every byte to a character of its
 * own): lets a profile's `encoding` override the registry's choice after the fact. GB18030 and the other multi-byte
 * encodings cannot be reversed without an encoder.
 *
 * @module
 */
import { createChunkDecoder } from "../encoding.js";

/** The 8-bit encodings whose decoding can be undone, and their tables (character code → byte), made on first use. */
const SINGLE_BYTE = ["windows-1252", "windows-1250", "iso-8859-2", "ibm852", "windows-1251", "koi8-r"];
const tables = new Map<string, Map<number, number>>();

function singleByteBytes(text: string, encoding: string): Uint8Array | undefined {
  let table = tables.get(encoding);
  if (table === undefined) {
    const all = createChunkDecoder(encoding).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
    table = new Map([...all].map((c, i) => [c.charCodeAt(0), i]));
    tables.set(encoding, table);
  }
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = table.get(text.charCodeAt(i));
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
    default:
      return SINGLE_BYTE.includes(encoding) ? singleByteBytes(text, encoding) : undefined;
  }
}
