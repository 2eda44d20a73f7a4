/**
 * Attributes of a start tag, parsed from their raw text only when first read. The reader has already
 * validated the text, so this parse needs no checks; most elements of bank XML have no attributes at all,
 * and those that do (`Ccy`, `xmlns`) have one or two.
 *
 * @module
 */
import { decodeText } from "./references.js";
import type { XmlAttributes } from "./types.js";
import { decodeUtf8Bytes, hasHighByte } from "./utf8-bytes.js";

/** {@link XmlAttributes} over validated raw text. */
export class LazyAttributes implements XmlAttributes {
  readonly raw: string;
  readonly size: number;
  readonly #utf8: boolean;
  #names: string[] | undefined;
  #values: string[] = [];

  /**
   * `raw` must have passed the reader's attribute validation and hold `size` attributes; `utf8` says it is UTF-8
   * bytes one per character (the reader's `utf8Bytes`), whose values are decoded.
   */
  constructor(raw: string, size: number, utf8 = false) {
    this.raw = raw;
    this.size = size;
    this.#utf8 = utf8;
  }

  get(name: string): string | undefined {
    const names = this.#names ?? this.#parse();
    for (let i = 0; i < names.length; i++) if (names[i] === name) return this.#values[i];
    return undefined;
  }

  has(name: string): boolean {
    return (this.#names ?? this.#parse()).includes(name);
  }

  *[Symbol.iterator](): IterableIterator<readonly [name: string, value: string]> {
    const names = this.#names ?? this.#parse();
    for (let i = 0; i < names.length; i++) yield [names[i]!, this.#values[i]!];
  }

  #parse(): string[] {
    const s = this.raw;
    const names: string[] = [];
    const values: string[] = [];
    let k = 0;
    for (;;) {
      while (isSpace(s.charCodeAt(k))) k++;
      if (k >= s.length) break;
      const nameStart = k;
      while (!isSpace(s.charCodeAt(k)) && s.charCodeAt(k) !== 0x3d /* = */) k++;
      names.push(s.slice(nameStart, k));
      while (isSpace(s.charCodeAt(k))) k++;
      k++; // the "="
      while (isSpace(s.charCodeAt(k))) k++;
      const q = s[k]!;
      const end = s.indexOf(q, k + 1);
      if (this.#utf8 && hasHighByte(s, k + 1, end)) {
        // Decoded from UTF-8 before references are replaced: those are ASCII, and what they stand for is not bytes.
        const text = decodeUtf8Bytes(s.slice(k + 1, end));
        values.push(decodeText(text, 0, text.length, true));
      } else values.push(needsDecoding(s, k + 1, end) ? decodeText(s, k + 1, end, true) : s.slice(k + 1, end));
      k = end + 1;
    }
    this.#values = values;
    this.#names = names;
    return names;
  }
}

/** XML white space: space, tab, LF, CR. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Whether `s[from, to)` has a reference or white space that attribute-value normalisation changes. */
function needsDecoding(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x26 || c === 0x0a || c === 0x09 || c === 0x0d) return true;
  }
  return false;
}
