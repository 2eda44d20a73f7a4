/**
 * A UTF-8 document read one byte per character (`buffer.toString("latin1")`): how the XML reader's `utf8Bytes`
 * mode turns such text back into characters. Reading bytes this way costs a quarter of decoding them, and the
 * markup of bank XML is ASCII, so only the text that is kept needs decoding.
 *
 * @module
 */
import { Buffer } from "node:buffer";

/**
 * Up to this length a value is decoded here, past it by Buffer: a call into the runtime and a buffer cost
 * more than decoding the few characters of a name or an address (about half the time, measured on
 * camt party names).
 */
const SHORT = 128;

/**
 * The characters of `bytes`, a string of UTF-8 bytes one per character (each below 0x100), which the caller has
 * checked to be valid UTF-8: nothing is checked here.
 *
 * @example decodeUtf8Bytes("M\u00c3\u00bcller") === "Müller"
 */
export function decodeUtf8Bytes(bytes: string): string {
  const n = bytes.length;
  if (n > SHORT) return Buffer.from(bytes, "latin1").toString("utf8");
  let out = "";
  let last = 0;
  let k = 0;
  while (k < n) {
    const c = bytes.charCodeAt(k);
    if (c < 0x80) {
      k++;
      continue;
    }
    let cp: number;
    let length: number;
    if (c < 0xe0) {
      cp = ((c & 0x1f) << 6) | (bytes.charCodeAt(k + 1) & 0x3f);
      length = 2;
    } else if (c < 0xf0) {
      cp = ((c & 0x0f) << 12) | ((bytes.charCodeAt(k + 1) & 0x3f) << 6) | (bytes.charCodeAt(k + 2) & 0x3f);
      length = 3;
    } else {
      cp =
        ((c & 0x07) << 18) |
        ((bytes.charCodeAt(k + 1) & 0x3f) << 12) |
        ((bytes.charCodeAt(k + 2) & 0x3f) << 6) |
        (bytes.charCodeAt(k + 3) & 0x3f);
      length = 4;
    }
    out += k > last ? bytes.slice(last, k) + String.fromCodePoint(cp) : String.fromCodePoint(cp);
    k += length;
    last = k;
  }
  return last === 0 ? bytes : out + bytes.slice(last);
}

/** Whether `s[from, to)` has a character above ASCII. */
export function hasHighByte(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (s.charCodeAt(k) >= 0x80) return true;
  return false;
}

/**
 * `bytes` (valid UTF-8) one byte per character, in chunks of `size` bytes or a few more: each cut moves on past the
 * bytes 80–BF that continue a multi-byte sequence, so no chunk ends inside a character. What the XML reader's
 * `utf8Bytes` mode takes in several writes.
 */
export function* utf8ByteChunks(bytes: Uint8Array, size: number): Generator<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = buffer.length;
  let start = 0;
  while (start < n) {
    let end = Math.min(n, start + size);
    while (end < n && (buffer[end] as number) >> 6 === 2) end++;
    yield buffer.toString("latin1", start, end);
    start = end;
  }
}
