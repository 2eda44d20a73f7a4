/**
 * Reads the fields of one logical BAI2 record in order. BAI2 fields are positional but not all of fixed
 * number (a funds type brings 0–2n+1 more fields), so the parser takes them one at a time.
 *
 * @module
 */
import { FIELD_BREAK, LINE_BREAK } from "./bai2-record-reader.js";

const FIELD_CODE = FIELD_BREAK.charCodeAt(0);
const LINE_CODE = LINE_BREAK.charCodeAt(0);

/** A cursor over the fields of a record body (see `Bai2RecordReader.body`). */
export class Bai2FieldCursor {
  #body = "";
  #pos = 0;
  #lineBreaks = false;
  #fieldBreaks = false;

  /**
   * Starts reading `body`; `hasLineBreak` and `hasFieldBreak` say whether it holds those separators (most
   * records have neither, and are then read with native `indexOf`).
   */
  reset(body: string, hasLineBreak: boolean, hasFieldBreak: boolean): this {
    this.#body = body;
    this.#pos = 0;
    this.#lineBreaks = hasLineBreak;
    this.#fieldBreaks = hasFieldBreak;
    return this;
  }

  /** True when every field has been read. */
  get done(): boolean {
    return this.#pos > this.#body.length;
  }

  /** The next field (`""` for an empty one or past the end). Separators are `,` and a field break. */
  next(): string {
    const body = this.#body;
    const start = this.#pos;
    if (start > body.length) return "";
    let end: number;
    if (this.#fieldBreaks) {
      end = start;
      const n = body.length;
      while (end < n) {
        const c = body.charCodeAt(end);
        if (c === 44 /* , */ || c === FIELD_CODE) break;
        end++;
      }
    } else {
      end = body.indexOf(",", start);
      if (end < 0) end = body.length;
    }
    this.#pos = end + 1;
    const field = body.slice(start, end);
    // A field cut across physical records (an amount split by a fixed record length) is one field.
    return this.#lineBreaks && field.includes(LINE_BREAK) ? field.split(LINE_BREAK).join("") : field;
  }

  /**
   * Everything after the fields read so far, as text lines: the free text of a 16 record, which may hold
   * commas and goes on over 88 records. Each physical part is a line; empty lines are dropped.
   */
  restAsLines(): string[] {
    const body = this.#body;
    if (this.#pos > body.length) return [];
    if (!this.#lineBreaks && !this.#fieldBreaks) {
      // One physical line: trim by index and slice once.
      let s = this.#pos;
      let e = body.length;
      this.#pos = e + 1;
      while (s < e && body.charCodeAt(s) <= 32) s++;
      while (e > s && body.charCodeAt(e - 1) <= 32) e--;
      return e > s ? [body.slice(s, e)] : [];
    }
    const rest = body.slice(this.#pos);
    this.#pos = body.length + 1;
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i <= rest.length; i++) {
      const c = i < rest.length ? rest.charCodeAt(i) : -1;
      if (i === rest.length || c === LINE_CODE || c === FIELD_CODE) {
        const line = rest.slice(start, i).trim();
        if (line !== "") lines.push(line);
        start = i + 1;
      }
    }
    return lines;
  }
}
